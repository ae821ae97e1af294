import { open } from 'node:fs/promises';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PaibanError, type ErrorPlace } from '../util/errors.js';
import { isInside } from './paths.js';

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
  /** The error for a file over maxBytes, when the caller words it (default: a generic one). */
  tooLarge?: (bytes: number) => PaibanError;
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

/**
 * The real path of a regular file of the book (realBookFileSync's checks, and not a folder, pipe or
 * device), for a reader that opens it by name (mutool where installed): a built PDF in out/ that is a link to a
 * file outside the book, or a named pipe that would hang the tool, is refused.
 */
export function regularBookFileSync(bookDir: string, file: string, options: BookFileOptions): string {
  const real = realBookFileSync(bookDir, file, options);
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(real);
  } catch (error) {
    throw readError(error, shownPath(bookDir, file), options, file);
  }
  refuseUnusual(info!, shownPath(bookDir, file), file, options);
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
    if (options.tooLarge) throw options.tooLarge(info.size);
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
