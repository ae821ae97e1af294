import { realpath } from 'node:fs/promises';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';

/** True when `file` itself is a symbolic link (broken or not). */
export function isSymlinkSync(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * True when `target` is `root` or lies below it (after resolving `..`). A name that merely starts with
 * two dots (`..备份`) is inside; on Windows another drive is outside (path.relative gives it absolute).
 */
export function isInside(root: string, target: string, paths: path.PlatformPath = path): boolean {
  const relative = paths.relative(paths.resolve(root), paths.resolve(target));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative));
}

/**
 * A path as written in book.yaml or front matter, with `\` read as a separator on every system: a book
 * written on a Windows PC (`images\封面.jpg`) builds the same at the print shop's Mac or Linux machine.
 */
export function writtenPath(written: string): string {
  return written.replace(/\\/g, '/');
}

/** A written path (after writtenPath) that is rooted on some system: `/x`, `//server/x`, a drive (`C:`) or a URL scheme. */
export function isRootedPath(portable: string): boolean {
  return path.isAbsolute(portable) || portable.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(portable);
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
  const portable = writtenPath(written);
  // A drive letter (C:) or URL scheme, or a root (/, \\server): not a relative path on any system.
  if (isRootedPath(portable)) throw refuse('is not a relative path inside the book folder');
  const resolved = path.resolve(bookDir, portable);
  if (!isInside(bookDir, resolved)) throw refuse('points outside the book folder');
  if (existsSync(resolved)) {
    const [realRoot, realTarget] = await Promise.all([realpath(bookDir), realpath(resolved)]);
    if (!isInside(realRoot, realTarget)) throw refuse('is a link to a file outside the book folder');
  }
  return resolved;
}
