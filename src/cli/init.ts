import { lstatSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createFileSafely, ensureFolder } from '../files/write.js';
import { PACKAGE_DIR } from '../util/package.js';
import { PaibanError } from '../util/errors.js';
import { guarded, type Io } from './io.js';

/** The starter book's files, shipped with paiban: a commented book.yaml, an example manuscript, an image. */
export const INIT_TEMPLATE_DIR = path.join(PACKAGE_DIR, 'templates', 'init');
/** The starter yearbook's (`init --yearbook`): book.yaml with `kind: yearbook` and a manuscript for each role of the frame. */
export const INIT_YEARBOOK_TEMPLATE_DIR = path.join(PACKAGE_DIR, 'templates', 'init-yearbook');

/** Stored without their leading dot, because npm leaves .gitignore files out of a package. */
const DOTFILES: Record<string, string> = { gitignore: '.gitignore' };

/** Every starter file, relative to the template folder, and where it goes in the new book. */
async function starterFiles(templateDir: string): Promise<{ from: string; to: string }[]> {
  const entries = await readdir(templateDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(templateDir, path.join(entry.parentPath, entry.name)))
    .map((from) => ({ from, to: path.join(path.dirname(from), DOTFILES[path.basename(from)] ?? path.basename(from)) }))
    .sort((a, b) => a.to.localeCompare(b.to));
}

function isThere(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** `paiban init [dir]`: writes a starter book (a yearbook with `yearbook`); refuses to replace any file that is already there. */
export function runInit(dir: string, io: Io, options: { yearbook?: boolean } = {}): Promise<number> {
  return guarded(io, async () => {
    const templateDir = options.yearbook ? INIT_YEARBOOK_TEMPLATE_DIR : INIT_TEMPLATE_DIR;
    const files = await starterFiles(templateDir);
    // A link counts as taken (lstat), broken or not: a book folder may carry one to a file elsewhere.
    const taken = files.filter((file) => isThere(path.join(dir, file.to)));
    const exists = (file: string, more = '') => new PaibanError(`${file} exists already${more}; paiban init replaces nothing.`, { hint: 'Give a new folder, e.g. `paiban init my-book`.' });
    if (taken.length) throw exists(path.join(dir, taken[0]!.to), taken.length > 1 ? ` (and ${taken.length - 1} more of the starter files)` : '');
    // Every folder first: a manuscripts/ or images/ that is a link is refused before anything is written.
    for (const folder of new Set(files.map((file) => path.dirname(path.join(dir, file.to))))) await ensureFolder(dir, folder, { create: false });
    for (const file of files) {
      // Created exclusively: never a file (or a link) that appeared since the check above.
      if (!(await createFileSafely(dir, path.join(dir, file.to), await readFile(path.join(templateDir, file.from))))) throw exists(path.join(dir, file.to));
    }
    const shown = path.normalize(dir);
    const join = (...parts: string[]) => path.join(shown, ...parts).split(path.sep).join('/');
    io.out(`Wrote a new book in ${join('.')}/: ${files.map((file) => file.to.split(path.sep).join('/')).join(', ')}.`);
    io.out('Next:');
    const name = options.yearbook ? 'yearbook' : 'book';
    io.out(`  npx paiban build ${shown}   # makes ${join('out', `${name}.pdf`)} and the booklet, cover, print and archive PDFs`);
    if (options.yearbook) io.out(`  Then make it yours: ${join('book.yaml')} explains every key; each file in ${join('manuscripts')}/ is one part of the yearbook's frame (its role:).`);
    else io.out(`  Then make it yours: ${join('book.yaml')} explains every key; ${join('manuscripts', '01-example.md')} uses every directive once.`);
    return 0;
  });
}
