import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
 */
export async function subsetFaces(faces: readonly BookFace[], characters: string, cacheDir: string): Promise<SubsetFace[]> {
  await mkdir(cacheDir, { recursive: true });
  const results: SubsetFace[] = [];
  // One at a time: one HarfBuzz instance does the work anyway, and one 15 MB font read at a time keeps memory low.
  for (const face of faces) {
    const info = await stat(face.file);
    const key = createHash('sha256').update(`${SUBSET_KIND}\0${face.file}\0${info.size}\0${info.mtimeMs}\0${characters}`).digest('hex').slice(0, 16);
    const subsetFile = path.join(cacheDir, `${face.postscriptName}-${key}.ttf`);
    const cached = await stat(subsetFile).catch(() => undefined);
    if (!cached?.isFile()) {
      const bytes = await subsetSfnt(sfntFromWoff(await readFile(face.file)), characters);
      // Written beside and renamed into place: an interrupted build never leaves half a font to reuse.
      // (A name of its own: two builds of one book may run at once.)
      const temporary = `${subsetFile}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, subsetFile);
    }
    results.push({ ...face, subsetFile });
  }
  return results;
}

/** Temporary files older than this were left by a build that died: removed when the cache is pruned. */
const STALE_MS = 10 * 60 * 1000;

/** Removes the subsets of earlier builds that `keep` no longer uses, and temporary files of builds that died. */
export async function pruneFontCache(cacheDir: string, keep: readonly string[]): Promise<void> {
  const kept = new Set(keep.map((file) => path.basename(file)));
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  const now = Date.now();
  await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(cacheDir, entry);
      const stale = entry.endsWith('.ttf') ? !kept.has(entry) : entry.endsWith('.tmp') && now - ((await stat(file).catch(() => undefined))?.mtimeMs ?? now) > STALE_MS;
      if (stale) await rm(file, { force: true });
    }),
  );
}
