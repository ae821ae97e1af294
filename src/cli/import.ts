import { statSync } from 'node:fs';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { importSubmission, type Destination } from '../import/submission.js';
import { importFolder, summaryTable } from '../import/folder.js';
import { outputs, summary } from '../import/messages.js';
import { guarded, type Io } from './io.js';

export interface ImportCliOptions {
  output?: string;
  force?: boolean;
  rejectChanges?: boolean;
  sheet?: string;
}

const isFolder = (file: string) => {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
};

const shownPath = (file: string) => path.relative(process.cwd(), path.resolve(file)) || file;

/** `paiban import <file|folder>`: one submission, or every submission of a folder with a summary table (src/import/). */
export function runImport(input: string, options: ImportCliOptions, io: Io): Promise<number> {
  return guarded(io, async () => {
    const submission = { force: Boolean(options.force), rejectChanges: Boolean(options.rejectChanges), ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) };
    if (isFolder(input)) {
      if (!options.output || (!isFolder(options.output) && !options.output.endsWith('/') && path.extname(options.output) !== '')) throw outputs.notAFolder(options.output ?? input);
      const folder = await importFolder(input, options.output, submission);
      for (const { result } of folder.results) {
        for (const { file, imported } of result.manuscripts) {
          io.err(summary.wrote(shownPath(file!)));
          const warnings = imported.report.messages.filter((m) => m.fatal === false);
          if (warnings.length) io.err(reporter([{ ...imported.report, messages: warnings } as typeof imported.report], { color: false, quiet: true }));
        }
      }
      io.out(summaryTable(folder.rows));
      if (folder.skipped.length) io.out(summary.skipped(folder.skipped));
      return folder.rows.some((row) => row.failed) ? 1 : 0;
    }
    const destination: Destination = options.output === undefined ? undefined : isFolder(options.output) || options.output.endsWith('/') ? { dir: options.output } : { file: options.output };
    const result = await importSubmission(input, shownPath(input), destination, submission);
    for (const { file, imported } of result.manuscripts) {
      if (file) {
        io.err(summary.wrote(shownPath(file)));
        for (const image of imported.images) io.err(summary.wrote(shownPath(image.file)));
      } else io.out(imported.markdown.trimEnd());
    }
    io.err(reporter(result.manuscripts.map((m) => m.imported.report), { color: false }));
    return 0;
  });
}
