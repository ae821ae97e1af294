import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../files/paths.js';
import { sniffKind, type SubmissionKind } from './sniff.js';
import { importDocx } from './docx.js';
import { importXlsx } from './xlsx.js';
import { importPdf } from './pdf.js';
import { importTextSubmission } from './text.js';
import { checkTargets, findBook, relativeFrom, safeName, writeAll, type PlannedWrite } from './outputs.js';
import type { ImageTarget, ImportedManuscript } from './manuscript.js';
import { badInput, note } from './messages.js';

/** Largest submission read (a Word file full of photos); larger ones are refused before reading. */
export const MAX_SUBMISSION_BYTES = 200 * 1024 * 1024;

export interface SubmissionOptions {
  force?: boolean;
  rejectChanges?: boolean;
  sheet?: string;
}

/** Where the manuscript goes: a file (-o unit.md), a folder (-o manuscripts/), or nowhere (printed). */
export type Destination = { file: string } | { dir: string } | undefined;

export interface SubmissionResult {
  kind: SubmissionKind;
  /** Each manuscript with the file it was written to (absent when printed). */
  manuscripts: { file?: string; imported: ImportedManuscript }[];
}

function manuscriptFile(input: string, destination: NonNullable<Destination>, part: string | undefined): string {
  const base = 'file' in destination ? path.join(path.dirname(destination.file), path.basename(destination.file, path.extname(destination.file))) : path.join(destination.dir, safeName(path.basename(input, path.extname(input))));
  if (part !== undefined) return `${base}-${safeName(part)}.md`;
  return 'file' in destination ? destination.file : `${base}.md`;
}

/**
 * One submission (.docx, .xlsx, .pdf, .txt) → its manuscript(s), written into the book: the
 * manuscript names its source (the submission where it is in the book, else a copy in the book's
 * raw/, so the archive carries it), images go into the book's images/ under names made from the
 * manuscript's. Everything is read and converted before anything is written, and nothing that
 * exists is replaced without --force.
 */
export async function importSubmission(input: string, shown: string, destination: Destination, options: SubmissionOptions = {}): Promise<SubmissionResult> {
  let size: number;
  try {
    const info = statSync(input);
    // A named pipe or a device would block the read or never end.
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch {
    throw badInput.unreadable(shown);
  }
  if (size > MAX_SUBMISSION_BYTES) throw badInput.tooLarge(shown, MAX_SUBMISSION_BYTES / 1024 / 1024);
  const bytes = await readFile(input).catch(() => {
    throw badInput.unreadable(shown);
  });
  const kind = sniffKind(bytes, input);

  const first = destination ? manuscriptFile(input, destination, undefined) : undefined;
  const manuscriptDir = first ? path.dirname(path.resolve(first)) : undefined;
  const book = manuscriptDir ? findBook(manuscriptDir) : undefined;
  const writes: PlannedWrite[] = [];
  let source: string | undefined;
  if (book && manuscriptDir) {
    const absolute = path.resolve(input);
    const kept = isInside(book, absolute) ? absolute : path.join(book, 'raw', `${safeName(path.basename(input, path.extname(input)))}${path.extname(input).toLowerCase()}`);
    if (kept !== absolute) writes.push({ file: kept, bytes, sameIsFine: true });
    source = relativeFrom(manuscriptDir, kept);
  }
  let notExtracted = 0;
  const imageTarget: ImageTarget = (index, extension) => {
    if (!first || !manuscriptDir) {
      notExtracted += 1;
      return undefined;
    }
    const file = path.join(book ?? manuscriptDir, 'images', `${safeName(path.basename(first, '.md'))}-${index}.${extension}`);
    return { src: relativeFrom(manuscriptDir, file), file };
  };
  const common = { file: shown, ...(source ? { source } : {}) };
  let imported: ImportedManuscript[];
  if (kind === 'docx') imported = [await importDocx(bytes, { ...common, imageTarget, rejectChanges: Boolean(options.rejectChanges) })];
  else if (kind === 'xlsx') imported = await importXlsx(bytes, { ...common, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) });
  else if (kind === 'pdf') imported = [await importPdf(bytes, common)];
  else imported = [importTextSubmission(bytes, common)];
  if (manuscriptDir && !book) imported[0]!.report.info(note.noBook(path.relative(process.cwd(), manuscriptDir) || '.'), { ruleId: 'import', source: 'paiban-import' });
  if (notExtracted) imported[0]!.report.message(note.imagesNotSaved(notExtracted), { ruleId: 'image', source: 'paiban-import' }).fatal = false;

  if (!destination) return { kind, manuscripts: imported.map((m) => ({ imported: m })) };
  const manuscripts = imported.map((m) => ({ file: manuscriptFile(input, destination, m.part), imported: m }));
  for (const { file, imported: m } of manuscripts) {
    writes.push(...m.images.map((image) => ({ file: image.file, bytes: image.bytes })), { file, bytes: m.markdown });
  }
  await writeAll(checkTargets(writes, Boolean(options.force)), book);
  return { kind, manuscripts };
}
