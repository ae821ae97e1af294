import { existsSync } from 'node:fs';
import path from 'node:path';
import { createFileSafely, writeFileSafely } from '../files/write.js';
import { reporter } from 'vfile-reporter';
import { decodeManuscript } from '../manuscript/decode.js';
import { importText } from '../normalize/import.js';
import { PaibanError } from '../util/errors.js';
import { CONFIG_FILE } from '../config/load.js';
import { isInside } from '../files/paths.js';
import { guarded, readInput, type Io } from './io.js';

/** The book folder a file is written into: the nearest folder above it with a book.yaml. */
function bookOf(output: string): string | undefined {
  for (let dir = path.dirname(path.resolve(output)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The manuscript's `source:` when the raw file lies in the book the manuscript is written into (the
 * nearest folder above it with a book.yaml): the path from the manuscript to the raw file.
 */
function sourceFor(raw: string, output: string): string | undefined {
  const book = bookOf(output);
  return book && isInside(book, path.resolve(raw)) ? path.relative(path.dirname(path.resolve(output)), path.resolve(raw)).split(path.sep).join('/') : undefined;
}

export function runImport(raw: string, options: { output?: string; force?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const bytes = await readInput(raw, 'Give the path of a raw text file (UTF-8).');
    const shown = path.relative(process.cwd(), path.resolve(raw)) || raw;
    const text = decodeManuscript(bytes, raw);
    if (text.trim() === '') {
      throw new PaibanError(`"${shown}" is empty: there is nothing to import, and no manuscript was written.`, { hint: 'Paste the article\'s text into the file first.' });
    }
    const source = options.output ? sourceFor(raw, options.output) : undefined;
    const result = importText(text, shown, source ? { source } : {});
    if (options.output) {
      if (existsSync(options.output) && !options.force) {
        throw new PaibanError(`${options.output} exists already.`, { hint: 'Choose another name with -o, or add --force to replace it.' });
      }
      // Inside a book, every folder from the book down is checked (a manuscripts/ that is a link is
      // refused); the file is written under a random name and renamed into place (files/write.ts).
      const root = bookOf(options.output) ?? path.dirname(path.resolve(options.output));
      if (options.force) await writeFileSafely(root, options.output, result.markdown);
      else if (!(await createFileSafely(root, options.output, result.markdown))) throw new PaibanError(`${options.output} exists already.`, { hint: 'Choose another name with -o, or add --force to replace it.' });
      io.err(`wrote ${options.output}`);
    } else {
      io.out(result.markdown.trimEnd());
    }
    io.err(reporter([result.report], { color: false }));
    return 0;
  });
}
