/**
 * A folder outside the book that hostile links point into, and a fingerprint of it: every entry's
 * kind, mode and content hash (links by their target), so a test sees any file written, replaced,
 * deleted, renamed or chmod-ed there.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Names paiban writes or deletes in out/ (and in its folders): a victim holding them is the worst case. */
export const VICTIM_FILES = [
  'precious.txt',
  'NotoSerifSC-Regular-0123456789abcdef.ttf',
  'mine.ttf',
  'page-001.png',
  'diff-001.png',
  'contact-sheet.png',
  'index.html',
  'book.pdf',
  'book.html',
  'comments.json',
  'pid',
];

/** Makes `dir` with a file of each name (and a sub-folder), each holding its own name. */
export async function makeVictim(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'sub'), { recursive: true });
  for (const name of VICTIM_FILES) await writeFile(path.join(dir, name), `victim ${name}\n`);
  await writeFile(path.join(dir, 'sub', 'deep.txt'), 'victim deep\n');
  return dir;
}

/** Every entry below `dir` (links not followed): kind, mode, and the sha256 of its content or link target. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (folder: string) => {
    for (const name of (await readdir(folder)).sort()) {
      const full = path.join(folder, name);
      const info = await lstat(full);
      const key = path.relative(dir, full);
      if (info.isSymbolicLink()) result[key] = `link ${await readlink(full)}`;
      else if (info.isDirectory()) {
        result[key] = `dir ${(info.mode & 0o7777).toString(8)}`;
        await walk(full);
      } else result[key] = `file ${(info.mode & 0o7777).toString(8)} ${info.uid} ${createHash('sha256').update(await readFile(full)).digest('hex')}`;
    }
  };
  await walk(dir);
  return result;
}
