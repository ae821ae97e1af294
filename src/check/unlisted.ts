import path from 'node:path';
import { VFile } from 'vfile';
import type { BookConfig } from '../config/schema.js';
import { listManuscriptFiles } from '../manuscript/load.js';

/**
 * Manuscripts in manuscripts/ that book.yaml's `manuscripts:` list leaves out: one warning each
 * (rule `unlisted-manuscript`), since a chapter added to the folder but not to the list would
 * otherwise vanish from the book without a word. Nothing when book.yaml has no list (then every
 * file is in the book). `cwd`: paths in the report are relative to it.
 */
export async function unlistedManuscripts(bookDir: string, config: BookConfig, cwd: string): Promise<VFile[]> {
  if (!config.manuscripts) return [];
  const listed = new Set(config.manuscripts.map((name) => path.resolve(bookDir, name)));
  const unlisted = (await listManuscriptFiles(bookDir)).filter((name) => !listed.has(path.resolve(bookDir, name)));
  return unlisted.map((name) => {
    const absolute = path.resolve(bookDir, name);
    const file = new VFile({ path: path.relative(cwd, absolute) || absolute });
    const message = file.message('Not in the "manuscripts:" list of book.yaml, so the book leaves it out', { place: { line: 1, column: 1 }, ruleId: 'unlisted-manuscript', source: 'paiban' });
    message.fatal = false;
    message.note = 'Add it to the list (in its place in the reading order), or move it out of manuscripts/.';
    return file;
  });
}
