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
