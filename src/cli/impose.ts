import path from 'node:path';
import { writeFileSafely } from '../files/write.js';
import { imposeBooklet } from '../impose/impose.js';
import { formatBytes } from '../make/build-book.js';
import { PaibanError } from '../util/errors.js';
import { guarded, readInput, type Io } from './io.js';

export interface ImposeCliOptions {
  output?: string;
  sheet?: string;
  rtl?: boolean;
  creep?: string;
  signatures?: string;
  keepAtEnd?: string;
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new PaibanError(`--${name} must be a number, not "${text}".`);
  return value;
}

/** `paiban impose in.pdf`: the saddle-stitch booklet of any PDF, next to it as in-booklet.pdf. */
export function runImpose(input: string, options: ImposeCliOptions, io: Io): Promise<number> {
  return guarded(io, async () => {
    const bytes = await readInput(input, 'Give the path of a PDF file.');
    const started = performance.now();
    const creepMm = number('creep', options.creep);
    const signaturePages = number('signatures', options.signatures);
    const keepAtEnd = number('keep-at-end', options.keepAtEnd);
    const result = await imposeBooklet(bytes, {
      direction: options.rtl ? 'rtl' : 'ltr',
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(creepMm === undefined ? {} : { creepMm }),
      ...(signaturePages === undefined ? {} : { signaturePages }),
      ...(keepAtEnd === undefined ? {} : { keepAtEnd }),
    });
    const output = options.output ?? path.join(path.dirname(input), `${path.basename(input, path.extname(input))}-booklet.pdf`);
    // Written beside the output under a random name, created exclusively, and renamed over it
    // (files/write.ts): a failure never leaves half a PDF, a link planted at either name is never followed.
    await writeFileSafely(path.dirname(path.resolve(output)), output, result.pdf);
    for (const note of result.notes) io.err(`  note: ${note}`);
    io.out(
      `${path.relative(process.cwd(), output) || output}: ${result.plan.sheets.length} sheets of ${result.sheet.name} (${result.plan.pageCount} pages, ${result.plan.blankCount} blank added), ${formatBytes(result.pdf.length)}, ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return 0;
  });
}
