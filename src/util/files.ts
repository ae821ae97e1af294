import { mkdtemp, rename, rm, mkdir, realpath, writeFile, open } from 'node:fs/promises';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PaibanError, type ErrorPlace } from './errors.js';

/** True when `target` is `root` or lies below it (after resolving `..`). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves a path written in a manuscript or book.yaml against the book folder and refuses anything
 * that would leave it: `../`, absolute paths, and symlinks that point outside.
 */
export async function resolveInsideBook(bookDir: string, written: string, place: { file?: string; line?: number } = {}): Promise<string> {
  const refuse = (why: string) =>
    new PaibanError(`"${written}" ${why}.`, {
      ...place,
      hint: 'Put the file inside the book folder and write its path relative to the book folder.',
    });
  if (path.isAbsolute(written) || /^[a-z][a-z0-9+.-]*:/i.test(written)) throw refuse('is not a relative path inside the book folder');
  const resolved = path.resolve(bookDir, written);
  if (!isInside(bookDir, resolved)) throw refuse('points outside the book folder');
  if (existsSync(resolved)) {
    const [realRoot, realTarget] = await Promise.all([realpath(bookDir), realpath(resolved)]);
    if (!isInside(realRoot, realTarget)) throw refuse('is a link to a file outside the book folder');
  }
  return resolved;
}

/** What a book file is to the user ("manuscript", "image", …), where it was named, and the largest size accepted. */
export interface BookFileOptions {
  /** Plain words for the file in messages, e.g. "Manuscript" or "The stylesheet". */
  what: string;
  /** Where the file was named (book.yaml line, manuscript line); default: the file itself. */
  place?: ErrorPlace;
  /** Bytes; larger files are refused before they are read. */
  maxBytes?: number;
  /** Read at most this many bytes (e.g. to look at a file's signature). */
  headBytes?: number;
}

/** O_NONBLOCK: opening a named pipe (FIFO) must not wait for a writer; it is then refused as not a file. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The real path of a book file, refused with a message when it (through any symlink on the way)
 * leads outside the book folder, does not exist, or is not a regular file. Every read of a file of a
 * book goes through here or through readBookFile.
 */
export function realBookFileSync(bookDir: string, file: string, options: BookFileOptions): string {
  const shown = shownPath(bookDir, file);
  let real: string;
  let root: string;
  try {
    root = realpathSync(bookDir);
    real = realpathSync(file);
  } catch (error) {
    throw readError(error, shown, options);
  }
  if (!isInside(root, real)) {
    throw new PaibanError(`${options.what} "${shown}" is a link to a file outside the book folder (${real}); paiban reads nothing outside it.`, {
      ...placeOf(file, options),
      hint: 'Copy the file itself into the book folder instead of linking to it.',
    });
  }
  return real;
}

/** Reads a book file after realBookFileSync's checks: regular file, inside the book, not too large, readable. */
export async function readBookFile(bookDir: string, file: string, options: BookFileOptions): Promise<Buffer> {
  const real = realBookFileSync(bookDir, file, options);
  const shown = shownPath(bookDir, file);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(real, OPEN_FLAGS);
    const info = await handle.stat();
    refuseUnusual(info, shown, file, options);
    if (options.headBytes !== undefined) {
      const buffer = Buffer.alloc(Math.min(options.headBytes, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    }
    return await handle.readFile();
  } catch (error) {
    throw error instanceof PaibanError ? error : readError(error, shown, options, file);
  } finally {
    await handle?.close();
  }
}

/** readBookFile for the synchronous callers (the image check inside a rehype plugin). */
export function readBookFileSync(bookDir: string, file: string, options: BookFileOptions & { headBytes: number }): Buffer {
  const real = realBookFileSync(bookDir, file, options);
  const shown = shownPath(bookDir, file);
  let fd: number | undefined;
  try {
    fd = openSync(real, OPEN_FLAGS);
    const info = fstatSync(fd);
    refuseUnusual(info, shown, file, options);
    const buffer = Buffer.alloc(Math.min(options.headBytes, info.size));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw error instanceof PaibanError ? error : readError(error, shown, options, file);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function refuseUnusual(info: { isFile(): boolean; isDirectory(): boolean; size: number }, shown: string, file: string, options: BookFileOptions): void {
  if (info.isDirectory()) throw new PaibanError(`${options.what} "${shown}" is a folder, not a file.`, { ...placeOf(file, options), hint: 'Name a file, not a folder.' });
  if (!info.isFile()) throw new PaibanError(`${options.what} "${shown}" is not a regular file (a device, socket or pipe).`, { ...placeOf(file, options), hint: 'Name an ordinary file inside the book folder.' });
  if (options.maxBytes !== undefined && options.headBytes === undefined && info.size > options.maxBytes) {
    throw new PaibanError(`${options.what} "${shown}" is ${formatSize(info.size)}; at most ${formatSize(options.maxBytes)} is accepted.`, {
      ...placeOf(file, options),
      hint: 'Check that this is the right file; split or shrink it.',
    });
  }
}

function placeOf(file: string, options: BookFileOptions): ErrorPlace {
  return options.place ?? { file };
}

function shownPath(bookDir: string, file: string): string {
  return isInside(bookDir, file) ? path.relative(bookDir, file) || file : file;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A failed read as one line the user can act on: missing, not permitted, a folder, a link loop. */
export function readError(error: unknown, shown: string, options: Pick<BookFileOptions, 'what' | 'place'>, file?: string): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  const place = options.place ?? (file ? { file } : {});
  const say = (why: string, hint: string) => new PaibanError(`${options.what} "${shown}" ${why}.`, { ...place, hint, cause: error });
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return say('does not exist', 'Check the name and the folder.');
    case 'EACCES':
    case 'EPERM':
      return say('cannot be read: permission denied', 'Give yourself read permission (e.g. chmod u+r), or run paiban as the file\'s owner.');
    case 'EISDIR':
      return say('is a folder, not a file', 'Name a file, not a folder.');
    case 'ELOOP':
      return say('is a link that leads to itself (a symlink loop)', 'Replace the link with the file itself.');
    case 'ENAMETOOLONG':
      return say('has a name that is too long', 'Use a shorter file name.');
    default:
      return say(`cannot be read (${code ?? String((error as Error).message)})`, 'Check the file and try again.');
  }
}

/** Folder in out/ that keeps the previous build's PDF. */
export const HISTORY_DIR = '.history';

/**
 * Collects a build's outputs in a private folder next to their destination and moves them into place
 * only when every one of them is complete, so a failed build leaves the previous outputs untouched and
 * two builds at once never see each other's half-written files.
 */
export class Staging {
  private constructor(
    readonly dir: string,
    private readonly outDir: string,
  ) {}

  static async open(outDir: string): Promise<Staging> {
    try {
      await mkdir(outDir, { recursive: true });
      // Same folder as the outputs, so the final rename never crosses a file system.
      return new Staging(await mkdtemp(path.join(outDir, '.paiban-build-')), outDir);
    } catch (error) {
      throw writeError(error, outDir);
    }
  }

  /** Where to write a file that will become `outDir/name`. */
  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Writes a file of the build; a full disk or an unwritable folder becomes a message, not a stack trace. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    try {
      await writeFile(this.path(name), data);
    } catch (error) {
      throw writeError(error, this.outDir);
    }
  }

  /** Moves the named files into the output folder, each with one atomic rename. */
  async commit(names: readonly string[], options: { keepPrevious?: readonly string[] } = {}): Promise<string[]> {
    // The last build's copy of these files moves to out/.history/, for `paiban diff` and proofs.
    const history = path.join(this.outDir, HISTORY_DIR);
    for (const name of (options.keepPrevious ?? []).filter((n) => existsSync(path.join(this.outDir, n)))) {
      try {
        await mkdir(history, { recursive: true });
        await rename(path.join(this.outDir, name), path.join(history, name));
      } catch (error) {
        // Another build of the same book moved it a moment ago: its copy is as good as ours.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(error, this.outDir);
      }
    }
    const finals: string[] = [];
    for (const name of names) {
      const final = path.join(this.outDir, name);
      try {
        await rename(this.path(name), final);
      } catch (error) {
        throw writeError(error, this.outDir);
      }
      finals.push(final);
    }
    return finals;
  }

  /** Always called, success or not: nothing of the build stays behind. */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A failed write as the user can act on it: which folder, and whether the disk is full or the folder is not writable. */
export function writeError(error: unknown, outDir: string): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PaibanError(`The disk is full: the build could not be written to ${outDir}. The previous outputs are unchanged.`, { hint: 'Free some disk space, then build again.', cause: error });
  }
  return new PaibanError(`Cannot write to the output folder ${outDir} (${code ?? 'error'}). The previous outputs are unchanged.`, {
    hint: 'Check that the folder exists and that you may write to it, or choose another with --out.',
    cause: error,
  });
}
