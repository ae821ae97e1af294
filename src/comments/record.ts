import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PaibanError } from '../util/errors.js';
import { readBookFile } from '../files/read.js';
import type { Annotation } from './annotations.js';
import type { FixOutcome } from './apply.js';
import { writeFileSafely } from '../files/write.js';
import type { Comment } from './comments.js';
import { foldText } from './source-text.js';

/**
 * What `paiban comments` imported, written to the book's out/comments.json for `paiban preview` to show
 * on the current pages. Each comment keeps where it landed in the manuscripts (file, line, column) and
 * the printed text there and around it, so the preview can find those characters again after the
 * manuscripts changed or the fixes were applied.
 */
export const COMMENTS_RECORD = 'comments.json';
/** Where `paiban comments` writes it, relative to the book folder. */
export const COMMENTS_RECORD_PATH = `out/${COMMENTS_RECORD}`;

/** The preview's status of a comment: what the editor still has to do with it. */
export type CommentStatus = 'applied' | 'mechanical' | 'refused' | 'by hand' | 'unplaced';

const text = (max: number) => z.string().max(max);
const said = z.strictObject({ author: text(500), date: text(100), text: text(20_000) });

const RecordedCommentSchema = z.strictObject({
  ...said.shape,
  /** Annotation types of the thread: `Caret+StrikeOut` for a replace-text. */
  type: text(200),
  replies: z.array(said).max(1000),
  /** 1-based page of the marked PDF, and the proof's line number there. */
  markedPage: z.number().int().min(1).max(1_000_000),
  markedLine: z.number().int().min(1).max(100_000).optional(),
  /** The characters the comment covers in the marked PDF. */
  marked: text(20_000),
  status: z.enum(['applied', 'mechanical', 'refused', 'by hand', 'unplaced']),
  /** The correction (`delete`, `replace “…”`) and, when not applied, why. */
  fix: text(20_000).optional(),
  reason: text(2000).optional(),
  /** Where it landed in the manuscripts, and the printed text there: the span and up to 24 characters each side. */
  place: z
    .strictObject({
      file: text(1000),
      line: z.number().int().min(1).max(10_000_000),
      column: z.number().int().min(1).max(10_000_000),
      text: text(20_000),
      before: text(200),
      after: text(200),
    })
    .optional(),
});

const ImportSchema = z.strictObject({
  /** The marked PDF's file name (no folder). */
  pdf: text(1000),
  importedAt: text(100),
  comments: z.array(RecordedCommentSchema).max(5000),
});

export const CommentsRecordSchema = z.strictObject({
  paiban: z.literal('comments'),
  version: z.literal(1),
  imports: z.array(ImportSchema).max(100),
});

export type RecordedComment = z.infer<typeof RecordedCommentSchema>;
export type CommentImport = z.infer<typeof ImportSchema>;
export type CommentsRecord = z.infer<typeof CommentsRecordSchema>;

/** More than this is no record paiban wrote: refuse before reading it. */
const MAX_RECORD_BYTES = 50 * 1024 * 1024;
const CONTEXT = 24;

function status(comment: Comment, outcome: FixOutcome | undefined): CommentStatus {
  if (!comment.placement) return 'unplaced';
  if (outcome?.applied) return 'applied';
  if (comment.fix && !outcome) return 'mechanical';
  if (comment.fix || comment.refused) return 'refused';
  return 'by hand';
}

const saying = (a: Annotation) => ({ author: a.author, date: a.date, text: a.text });

/** The record of one imported PDF's comments (pure: the caller writes it). */
export function recordImport(comments: readonly Comment[], outcomes: readonly FixOutcome[], pdfFile: string, importedAt: Date): CommentImport {
  return {
    pdf: path.basename(pdfFile),
    importedAt: importedAt.toISOString(),
    comments: comments.map((comment) => {
      const a = comment.annotation;
      const outcome = outcomes.find((o) => o.fix === comment.fix);
      const fix = comment.fix ? (comment.fix.kind === 'delete' ? 'delete' : `${comment.fix.kind} “${comment.fix.insert}”`) : undefined;
      const reason = outcome && !outcome.applied ? outcome.reason : comment.refused;
      const group = comment.group.find((g) => g.text && !a.text);
      return {
        ...saying(a),
        ...(group ? { text: group.text } : {}),
        type: [a.type, ...comment.group.map((g) => g.type)].join('+'),
        replies: comment.replies.map(saying),
        markedPage: a.page,
        ...(comment.covered.line ? { markedLine: comment.covered.line } : {}),
        marked: comment.covered.text,
        status: status(comment, outcome),
        ...(fix ? { fix } : {}),
        ...(reason ? { reason } : {}),
        ...(comment.placement ? { place: placeOf(comment, outcome) } : {}),
      };
    }),
  };
}

/** The manuscript place and the printed text there as it reads after this import (an applied fix's new text). */
function placeOf(comment: Comment, outcome: FixOutcome | undefined): NonNullable<RecordedComment['place']> {
  const p = comment.placement!;
  const chars = p.source.chars;
  let from = p.source.offsets.findIndex((offset) => offset >= p.start);
  if (from < 0) from = chars.length;
  let to = p.source.offsets.findIndex((offset) => offset >= p.end);
  if (to < 0) to = chars.length;
  const spanText = outcome?.applied ? foldText(comment.fix!.printed ?? comment.fix!.insert) : chars.slice(from, to);
  return {
    file: p.source.name,
    line: p.line,
    column: p.column,
    text: spanText,
    before: chars.slice(Math.max(0, from - CONTEXT), from),
    after: chars.slice(to, to + CONTEXT),
  };
}

/**
 * Reads the book's out/comments.json, or undefined when there is none. Read as every book file is
 * (readBookFile: inside the book folder, a regular file of a sane size, never waiting on a named pipe);
 * anything but a record paiban wrote is one PaibanError line.
 */
export async function readCommentsRecord(bookDir: string): Promise<CommentsRecord | undefined> {
  const file = path.join(bookDir, COMMENTS_RECORD_PATH);
  if (!(await stat(file).catch(() => undefined))) return undefined;
  const raw = await readBookFile(bookDir, file, {
    what: 'The imported comments file',
    maxBytes: MAX_RECORD_BYTES,
    tooLarge: () => new PaibanError('The imported comments are not a file paiban wrote (too large).', { file, hint: RERUN }),
  });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new PaibanError('The imported comments are not valid JSON.', { file, hint: RERUN });
  }
  const parsed = CommentsRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PaibanError(`The imported comments are not a record paiban wrote (${issue.path.join('.') || 'top'}: ${issue.message}).`, { file, hint: RERUN });
  }
  return parsed.data;
}

const RERUN = 'Import the marked PDF again: paiban comments marked.pdf';

/** Adds an import to the book's record (replacing an earlier import of a PDF of the same name), written atomically. */
export async function writeCommentsRecord(bookDir: string, entry: CommentImport): Promise<string> {
  const file = path.join(bookDir, COMMENTS_RECORD_PATH);
  const earlier = await readCommentsRecord(bookDir).catch(() => undefined); // a damaged record is replaced
  const imports = [...(earlier?.imports ?? []).filter((i) => i.pdf !== entry.pdf), entry].slice(-100);
  const record: CommentsRecord = { paiban: 'comments', version: 1, imports };
  // out/ checked to be a real folder (made when missing); a link planted at out/comments.json is replaced.
  await writeFileSafely(bookDir, file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}
