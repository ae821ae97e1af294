import path from 'node:path';
import { existsSync } from 'node:fs';
import { reporter } from 'vfile-reporter';
import { checkBook, checkFiles, countProblems } from '../check/check-book.js';
import { loadConfig, CONFIG_FILE } from '../config/load.js';
import { guarded, type Io } from './io.js';

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

export function runCheck(files: string[], options: { fix?: boolean; dir: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const checked = files.length
      ? await checkFiles(files.map((file) => path.resolve(file)), bookDirOf(files[0]!), { fix: options.fix })
      : await (async () => {
          const { config, bookDir } = await loadConfig(options.dir);
          return checkBook(bookDir, config, { fix: options.fix });
        })();
    io.out(reporter(checked));
    const { errors, warnings } = countProblems(checked);
    return errors + warnings > 0 ? 1 : 0;
  });
}
