import path from 'node:path';
import { readBookFile } from './read.js';
import { ensureFolder, removeFile, writeFileSafely } from './write.js';

/**
 * What paiban may delete in a folder it shares with whatever the book folder brought along (out/.fonts,
 * out/proof, a diff folder beside two PDFs): only the files it recorded there as its own, in
 * `.paiban-owned.json`, never every file whose name looks like one of its own (a stranger's folder,
 * or the user's own `diff-001.png` beside a PDF). A file recorded but replaced meanwhile by a link is
 * unlinked as a link (write.ts), its target untouched.
 */
export const OWNED_FILE = '.paiban-owned.json';

/** The record lists file names; thousands of pages of proofs are a few tens of kilobytes. */
const MAX_OWNED_BYTES = 1024 * 1024;
/** A name paiban writes: one path segment of letters, digits, dot, dash, underscore (no separators, no `..`). */
const OWNED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** The names recorded in `dir` (inside `root`); nothing when there is no record or it is not one paiban wrote. */
export async function ownedFiles(root: string, dir: string): Promise<string[]> {
  try {
    const bytes = await readBookFile(root, path.join(dir, OWNED_FILE), { what: 'The list of paiban\'s files', maxBytes: MAX_OWNED_BYTES });
    const json: unknown = JSON.parse(bytes.toString('utf8'));
    const names = (json as { files?: unknown })?.files;
    return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string' && OWNED_NAME.test(name)) : [];
  } catch {
    return [];
  }
}

async function writeOwned(root: string, dir: string, names: Iterable<string>): Promise<void> {
  const files = [...new Set(names)].filter((name) => OWNED_NAME.test(name)).sort();
  await writeFileSafely(root, path.join(dir, OWNED_FILE), `${JSON.stringify({ paiban: 'owned files', files }, null, 1)}\n`);
}

/** Adds `names` (files just written into `dir`) to its record. */
export async function recordOwned(root: string, dir: string, names: readonly string[]): Promise<void> {
  await writeOwned(root, dir, [...(await ownedFiles(root, dir)), ...names.map((name) => path.basename(name))]);
}

/**
 * Deletes the files of `dir` that paiban recorded, that `family` takes in (e.g. page images) and that
 * this run did not write (`keep`), e.g. page-020.png after the book shrank to 19 pages; then records
 * `keep` with the rest. Returns the names deleted.
 */
export async function pruneOwned(root: string, dir: string, keep: readonly string[], family: (name: string) => boolean = () => true): Promise<string[]> {
  await ensureFolder(root, dir, { create: false }); // a link there is refused before anything is read or deleted
  const kept = new Set(keep.map((name) => path.basename(name)));
  const owned = await ownedFiles(root, dir);
  const stale = owned.filter((name) => family(name) && !kept.has(name));
  for (const name of stale) await removeFile(root, path.join(dir, name));
  const now = new Set([...owned.filter((name) => !stale.includes(name)), ...kept]);
  // Written only when it changes: a folder paiban wrote nothing into keeps no record.
  if (now.size !== owned.length || owned.some((name) => !now.has(name))) await writeOwned(root, dir, now);
  return stale;
}
