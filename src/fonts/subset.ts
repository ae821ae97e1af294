import { createHash } from 'node:crypto';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pruneOwned, recordOwned } from '../files/owned.js';
import { ensureFolder, writeFileSafely } from '../files/write.js';
import type { BookFace } from './faces.js';
import { subsetSfnt } from './harfbuzz.js';
import { sfntFromWoff } from './woff.js';

/** A book face cut down to the characters the book prints. */
export interface SubsetFace extends BookFace {
  /** Absolute path of the subset (TrueType, in the font cache of the output folder). */
  subsetFile: string;
}

/** How subsets are made (part of the cache key: a change here must not reuse older subsets). */
const SUBSET_KIND = 'harfbuzz retain-gids all-features';

/** Where subsets are kept, inside the output folder (Chromium may read it; `paiban build` owns it). */
export const FONT_CACHE = '.fonts';

/**
 * Each face subset to `characters` (characters a face lacks are simply not in its subset), with every
 * OpenType feature kept (vert, vrt2, chws, halt, …: punctuation compression and vertical forms need
 * them). Subsets are cached by the font file and the character set, so a rebuild whose text added no
 * character reuses them; HarfBuzz's subsetter is deterministic, so the same input gives the same bytes.
 * `cacheDir` must be a real folder below `root` (default: its parent): a link there is refused.
 */
export async function subsetFaces(faces: readonly BookFace[], characters: string, cacheDir: string, root = path.dirname(path.resolve(cacheDir))): Promise<SubsetFace[]> {
  await ensureFolder(root, cacheDir);
  const results: SubsetFace[] = [];
  const made: string[] = [];
  // One at a time: one HarfBuzz instance does the work anyway, and one 15 MB font read at a time keeps memory low.
  for (const face of faces) {
    const info = await stat(face.file);
    const key = createHash('sha256').update(`${SUBSET_KIND}\0${face.file}\0${info.size}\0${info.mtimeMs}\0${characters}`).digest('hex').slice(0, 16);
    const subsetFile = path.join(cacheDir, `${face.postscriptName}-${key}.ttf`);
    // Only a regular file is reused: a link at a subset's name is replaced, never read through.
    const cached = await lstat(subsetFile).catch(() => undefined);
    if (!cached?.isFile()) {
      const bytes = await subsetSfnt(sfntFromWoff(await readFile(face.file)), characters);
      // Written beside and renamed into place: an interrupted build never leaves half a font to reuse.
      await writeFileSafely(root, subsetFile, bytes);
    }
    made.push(subsetFile);
    results.push({ ...face, subsetFile });
  }
  // Recorded as paiban's own: pruneFontCache deletes only recorded subsets.
  await recordOwned(root, cacheDir, made);
  return results;
}

/**
 * Removes the subsets of earlier builds that `keep` no longer uses: only files the cache's record
 * (files/owned.ts) lists as made by paiban, never every .ttf in the folder.
 */
export async function pruneFontCache(cacheDir: string, keep: readonly string[], root = path.dirname(path.resolve(cacheDir))): Promise<void> {
  await pruneOwned(root, cacheDir, keep, (name) => name.endsWith('.ttf'));
}
