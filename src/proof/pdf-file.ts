import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';

/**
 * Refuses a missing file or one that is not a PDF before any poppler tool sees it, so the user gets one
 * plain line instead of poppler's "Syntax Error" noise. The header may sit anywhere in the first 1,024
 * bytes (PDF 32000-1, 7.5.2), which some producers use for a junk prefix.
 */
export async function assertPdf(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isFile()) {
    throw new PaibanError(`${file} does not exist.`, { file: resolved, hint: 'Build the book first (`paiban build`), or check the path.' });
  }
  const handle = await open(resolved, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!head.subarray(0, bytesRead).includes('%PDF-')) {
      throw new PaibanError(`${file} is not a PDF.`, { file: resolved, hint: 'Give the .pdf that `paiban build` wrote (out/<name>.pdf).' });
    }
  } finally {
    await handle.close();
  }
  return resolved;
}

/** Runs a poppler tool and returns its stdout; a missing tool or a PDF poppler cannot read becomes a PaibanError. */
export function runPoppler(tool: string, args: readonly string[], file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      reject(popplerError(tool, file, error, stderr));
    });
  });
}

export function popplerError(tool: string, file: string, error: unknown, stderr: string): PaibanError {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
    return new PaibanError(`${tool} was not found; paiban's proofs need poppler-utils.`, {
      hint: 'Install it (Debian/Ubuntu: sudo apt-get install poppler-utils), or run scripts/setup.sh.',
      cause: error,
    });
  }
  const reason = stderr.split('\n').find((line) => line.trim()) ?? String((error as Error | null)?.message ?? error);
  return new PaibanError(`${path.basename(file)} could not be read by ${tool}: ${reason.trim()}`, {
    file,
    hint: 'The PDF may be damaged or incomplete; build it again.',
    cause: error,
  });
}

/** Number of pages, from pdfinfo (a few milliseconds; pdf-lib would cost ~0.14 s to load). */
export async function pageCount(file: string): Promise<number> {
  const info = await runPoppler('pdfinfo', [file], file);
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match) throw new PaibanError(`${path.basename(file)}: pdfinfo reported no page count.`, { file, hint: 'The PDF may be damaged; build it again.' });
  return Number(match[1]);
}
