import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isPaibanError } from '../util/errors.js';
import { kindOfName } from './sniff.js';
import { decisions, summary } from './messages.js';
import { importSubmission, type SubmissionOptions, type SubmissionResult } from './submission.js';

/** One row of the folder summary: a submission imported (per manuscript), or one that could not be. */
export interface SummaryRow {
  file: string;
  kind: string;
  paragraphs?: number;
  tables?: number;
  images?: number;
  charactersIn?: number;
  charactersOut?: number;
  /** Warnings of the report (a person decides), or why the file was not imported. */
  decision: string;
  failed: boolean;
}

export interface FolderResult {
  rows: SummaryRow[];
  results: { file: string; result: SubmissionResult }[];
  /** Files of no kind paiban imports (pictures, archives), listed, not counted as failures. */
  skipped: string[];
}

/** Word's lock files (~$name.docx) and hidden files are never submissions. */
const IGNORED = /^(?:~\$|\.)/;

/**
 * Every submission in a folder (not its subfolders), in name order, each into its own manuscript in
 * `outDir`. A file that cannot be imported is a row of the summary with its one-line reason; the
 * others are imported all the same.
 */
export async function importFolder(folder: string, outDir: string, options: SubmissionOptions): Promise<FolderResult> {
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !IGNORED.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'zh'));
  const result: FolderResult = { rows: [], results: [], skipped: [] };
  for (const name of names) {
    const named = kindOfName(name);
    if (named === undefined) {
      result.skipped.push(name);
      continue;
    }
    try {
      const imported = await importSubmission(path.join(folder, name), name, { dir: outDir }, options);
      result.results.push({ file: name, result: imported });
      for (const { imported: m } of imported.manuscripts) {
        const warnings = m.report.messages.filter((message) => message.fatal === false).map((message) => message.ruleId);
        result.rows.push({ file: m.part !== undefined ? `${name} [${m.part}]` : name, kind: imported.kind, ...m.stats, decision: decisions(warnings), failed: false });
      }
    } catch (error) {
      if (!isPaibanError(error)) throw error;
      result.rows.push({ file: name, kind: named, decision: summary.failed(error.message), failed: true });
    }
  }
  return result;
}

/** Terminal columns of a text: Han and other wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf]/u.test(char) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/** The summary as a Markdown table (readable in the terminal, pasteable into a report). */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const header = summary.header;
  const cells = rows.map((row) => [
    row.file,
    row.kind,
    row.paragraphs === undefined ? '—' : String(row.paragraphs),
    row.tables === undefined ? '—' : String(row.tables),
    row.images === undefined ? '—' : String(row.images),
    row.charactersIn === undefined ? '—' : `${row.charactersIn} → ${row.charactersOut}`,
    row.decision,
  ]);
  const widths = header.map((title, i) => Math.max(displayWidth(title), ...cells.map((c) => displayWidth(c[i]!))));
  const numeric = [false, false, true, true, true, true, false];
  const line = (values: string[]) => `| ${values.map((v, i) => pad(v, widths[i]!, numeric[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map(line)].join('\n');
}
