import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { checkBook, checkFiles, countProblems } from '../check/check-book.js';
import { loadConfig, CONFIG_FILE } from '../config/load.js';
import { guarded, type Io } from './io.js';
import { guardedJson, problemsOf } from './json.js';

/** The book folder a file belongs to: the nearest folder above it with a book.yaml, else its own folder. */
function bookDirOf(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(file));
    dir = parent;
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export function runCheck(files: string[], options: { fix?: boolean; dir: string; json?: boolean; quiet?: boolean }, io: Io): Promise<number> {
  if (options.json) {
    return guardedJson(io.out, async () => {
      const checked = await checkAll(files, options);
      const { errors, warnings } = countProblems(checked);
      return { code: errors + warnings > 0 ? 1 : 0, document: { ok: errors + warnings === 0, errors, warnings, problems: problemsOf(checked) } };
    });
  }
  return guarded(io, async () => {
    const checked = await checkAll(files, options);
    const { errors, warnings } = countProblems(checked);
    // Quiet: the files with problems only, nothing when there are none.
    if (!options.quiet || errors + warnings > 0) io.out(reporter(checked, { color: false, quiet: options.quiet === true }));
    return errors + warnings > 0 ? 1 : 0;
  });
}

/** The reports of the books and files named (the book folder when none is). */
async function checkAll(files: string[], options: { fix?: boolean; dir: string }): Promise<VFile[]> {
  // A folder named on the command line (`paiban check .`) is a book: all its manuscripts are checked.
  const folders = files.filter((file) => isFolder(file));
  const single = files.filter((file) => !isFolder(file));
  const books = files.length === 0 ? [options.dir] : folders;
  const checked = [];
  for (const dir of books) {
    const { config, bookDir } = await loadConfig(dir);
    checked.push(...(await checkBook(bookDir, config, { fix: options.fix })));
  }
  if (single.length) checked.push(...(await checkFiles(single.map((file) => path.resolve(file)), bookDirOf(single[0]!), { fix: options.fix })));
  return checked;
}
