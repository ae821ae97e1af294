import { readFile, stat } from 'node:fs/promises';
import { isPaibanError, PaibanError } from '../util/errors.js';
import { terminalText } from '../util/escape.js';

/** Where a command writes: the terminal, or a test's buffers. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const terminal: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/**
 * The one gate between paiban's messages and the terminal: every line any command prints passes
 * through terminalText, so a title, a front-matter key or a file name from a book can never send
 * escape sequences to the terminal. (Reports are therefore printed without colours.)
 */
export function safeIo(io: Io): Io {
  return { out: (line) => io.out(terminalText(line)), err: (line) => io.err(terminalText(line)) };
}

/**
 * Runs a command body; a PaibanError becomes one plain message (exit 1), anything else is a bug
 * and shows its stack (exit 2).
 */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (isPaibanError(error)) {
      io.err(`error: ${error.format(process.cwd())}`);
      return 1;
    }
    io.err(`paiban crashed; this is a bug. Please report it with the text below.\n${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}

/** Reads a file named on the command line; a missing or unreadable one is a plain message. */
export async function readInput(file: string, hint: string): Promise<Uint8Array> {
  // A named pipe or a device would block or never end: only a regular file is read.
  const info = await stat(file).catch(() => undefined);
  if (info && !info.isFile()) throw new PaibanError(`"${file}" is ${info.isDirectory() ? 'a folder' : 'not a regular file (a device, socket or pipe)'}.`, { hint });
  try {
    return await readFile(file);
  } catch {
    throw new PaibanError(`Cannot read "${file}".`, { hint });
  }
}
