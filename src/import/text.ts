import { decodeManuscript } from '../manuscript/decode.js';
import { isPaibanError } from '../util/errors.js';
import { importText, type ImportResult } from '../normalize/import.js';
import { account, accountingLines, countCharacters, manuscriptText, total, type Difference } from './accounting.js';
import type { ImportedManuscript } from './manuscript.js';
import { badInput, note, where } from './messages.js';

/** A UTF-8 text file (a newspaper paste, text extracted by hand) → a manuscript, through src/normalize/, with the character accounting. */
export function importTextSubmission(bytes: Buffer, options: { file: string; source?: string }): ImportedManuscript {
  let text: string;
  try {
    text = decodeManuscript(bytes, options.file);
  } catch (error) {
    throw isPaibanError(error) ? badInput.notText(options.file, error.message) : error;
  }
  if (text.trim() === '') throw badInput.emptyText(options.file);
  const result = importText(text, options.file, options.source ? { source: options.source } : {});
  return withAccounting(result, text, []);
}

/**
 * A raw text's import (src/normalize/) as a submission's manuscript: the character accounting of the
 * source against the manuscript, with what the caller knows was dropped (a PDF's running heads and
 * folios) and the placeholder title added when the text had none, reported in the import's report.
 */
export function withAccounting(result: ImportResult, sourceText: string, dropped: readonly Difference[]): ImportedManuscript {
  const differences = [...dropped];
  if (!/^title: (?!（无标题）)/m.test(result.markdown)) differences.push({ where: where.placeholderTitle, counts: { han: -3, latin: 0, digits: 0 } });
  const accounting = account(countCharacters(sourceText), countCharacters(manuscriptText(result.markdown)), differences);
  const lines = accountingLines(accounting);
  result.report.info(note.characters([lines.summary, ...lines.differences].join('; ')), { ruleId: 'import', source: 'paiban-import' });
  if (lines.unaccounted) result.report.message(note.unaccounted(lines.unaccounted), { ruleId: 'characters', source: 'paiban-import' }).fatal = false;
  return {
    markdown: result.markdown,
    report: result.report,
    images: [],
    stats: {
      paragraphs: result.blocks.filter((b) => b.kind === 'paragraph').length,
      tables: 0,
      images: 0,
      charactersIn: total(accounting.source),
      charactersOut: total(accounting.manuscript),
      decisions: result.report.messages.filter((m) => m.fatal === false).length,
    },
    accounting,
  };
}
