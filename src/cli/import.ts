import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { decodeManuscript } from '../manuscript/decode.js';
import { importText } from '../normalize/import.js';
import { PaibanError } from '../util/errors.js';
import { guarded, readInput, type Io } from './io.js';

export function runImport(raw: string, options: { output?: string; force?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const bytes = await readInput(raw, 'Give the path of a raw text file (UTF-8).');
    const shown = path.relative(process.cwd(), path.resolve(raw)) || raw;
    const text = decodeManuscript(bytes, raw);
    if (text.trim() === '') {
      throw new PaibanError(`"${shown}" is empty: there is nothing to import, and no manuscript was written.`, { hint: 'Paste the article\'s text into the file first.' });
    }
    const result = importText(text, shown);
    if (options.output) {
      if (existsSync(options.output) && !options.force) {
        throw new PaibanError(`${options.output} exists already.`, { hint: 'Choose another name with -o, or add --force to replace it.' });
      }
      const temporary = `${options.output}.paiban-import-${process.pid}`;
      await writeFile(temporary, result.markdown);
      await rename(temporary, options.output);
      io.err(`wrote ${options.output}`);
    } else {
      io.out(result.markdown.trimEnd());
    }
    io.err(reporter([result.report], { color: false }));
    return 0;
  });
}
