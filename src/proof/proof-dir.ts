import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';

export async function ensureDir(dir: string): Promise<string> {
  const resolved = path.resolve(dir);
  try {
    await mkdir(resolved, { recursive: true });
  } catch (error) {
    throw new PaibanError(`Cannot write to the proof folder ${dir}.`, {
      hint: 'Check that you may write there (and that a file of that name is not in the way).',
      cause: error,
    });
  }
  return resolved;
}

/**
 * Deletes files of ours (matching `pattern`) that this run did not write, e.g. page-020.png after the
 * book shrank to 19 pages, so the folder never shows a stale page. Other files are left alone.
 */
export async function removeStale(dir: string, pattern: RegExp, keep: readonly string[]): Promise<void> {
  const kept = new Set(keep);
  const names = await readdir(dir);
  await Promise.all(names.filter((name) => pattern.test(name) && !kept.has(name)).map((name) => rm(path.join(dir, name), { force: true })));
}
