import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_DIR } from '../util/package.js';
import { PaibanError } from '../util/errors.js';
import { guarded, type Io } from './io.js';

/** The starter book's files, shipped with paiban: a commented book.yaml, an example manuscript, an image. */
export const INIT_TEMPLATE_DIR = path.join(PACKAGE_DIR, 'templates', 'init');

/** Stored without their leading dot, because npm leaves .gitignore files out of a package. */
const DOTFILES: Record<string, string> = { gitignore: '.gitignore' };

/** Every starter file, relative to the template folder, and where it goes in the new book. */
async function starterFiles(): Promise<{ from: string; to: string }[]> {
  const entries = await readdir(INIT_TEMPLATE_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(INIT_TEMPLATE_DIR, path.join(entry.parentPath, entry.name)))
    .map((from) => ({ from, to: path.join(path.dirname(from), DOTFILES[path.basename(from)] ?? path.basename(from)) }))
    .sort((a, b) => a.to.localeCompare(b.to));
}

/** `paiban init [dir]`: writes a starter book; refuses to replace any file that is already there. */
export function runInit(dir: string, io: Io): Promise<number> {
  return guarded(io, async () => {
    const files = await starterFiles();
    const taken = files.filter((file) => existsSync(path.join(dir, file.to)));
    if (taken.length) {
      const more = taken.length > 1 ? ` (and ${taken.length - 1} more of the starter files)` : '';
      throw new PaibanError(`${path.join(dir, taken[0]!.to)} exists already${more}; paiban init replaces nothing.`, { hint: 'Give a new folder, e.g. `paiban init my-book`.' });
    }
    for (const file of files) {
      await mkdir(path.join(dir, path.dirname(file.to)), { recursive: true });
      // `wx`: never replace a file that appeared since the check above.
      await writeFile(path.join(dir, file.to), await readFile(path.join(INIT_TEMPLATE_DIR, file.from)), { flag: 'wx' });
    }
    const shown = path.normalize(dir);
    const join = (...parts: string[]) => path.join(shown, ...parts).split(path.sep).join('/');
    io.out(`Wrote a new book in ${join('.')}/: ${files.map((file) => file.to.split(path.sep).join('/')).join(', ')}.`);
    io.out('Next:');
    io.out(`  npx paiban build ${shown}   # makes ${join('out', 'book.pdf')} and the booklet, cover, print and archive PDFs`);
    io.out(`  Then make it yours: ${join('book.yaml')} explains every key; ${join('manuscripts', '01-example.md')} uses every directive once.`);
    return 0;
  });
}
