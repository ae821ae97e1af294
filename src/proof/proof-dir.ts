import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { pruneOwned } from '../files/owned.js';
import { ensureFolder } from '../files/write.js';

/**
 * The proof (or diff) folder, made when missing. It and every folder between it and `root` (default:
 * its parent) must be real folders: `out/proof` as a link would put the proofs wherever it leads.
 */
export async function ensureDir(dir: string, root = path.dirname(path.resolve(dir))): Promise<string> {
  try {
    return await ensureFolder(root, dir);
  } catch (error) {
    if (error instanceof PaibanError) throw error;
    throw new PaibanError(`Cannot write to the proof folder ${dir}.`, {
      hint: 'Check that you may write there (and that a file of that name is not in the way).',
      cause: error,
    });
  }
}

/**
 * Deletes files of ours (named by `pattern`) that this run did not write, e.g. page-020.png after the
 * book shrank to 19 pages, so the folder never shows a stale page: only files paiban recorded as its
 * own there (files/owned.ts), never a file that merely looks like one. Records `keep` as its own.
 */
export async function removeStale(dir: string, pattern: RegExp, keep: readonly string[], root = path.dirname(path.resolve(dir))): Promise<void> {
  await pruneOwned(root, dir, keep, (name) => pattern.test(name));
}
