import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { applyFixes } from '../comments/apply.js';
import { readComments } from '../comments/read.js';
import { commentFiles } from '../comments/report.js';
import { recordImport, writeCommentsRecord } from '../comments/record.js';
import type { Fix } from '../comments/comments.js';
import { guarded, type Io } from './io.js';

/**
 * `paiban comments annotated.pdf [dir]`: every comment of a proofreader's PDF on its manuscript line;
 * `--apply` makes the mechanical corrections (delete, insert, replace). Exit 1 when a comment could not
 * be placed or a correction was refused, so a script notices. What was imported (and applied) is
 * recorded in out/comments.json, where `paiban preview` finds it and shows each comment on its page.
 */
export function runComments(pdf: string, dir: string, options: { apply?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const { comments, bookDir, skipped } = await readComments(pdf, dir);
    // A malformed annotation is named and left out; the others are imported as usual.
    for (const bad of skipped) io.err(`warning: ${path.relative(process.cwd(), pdf) || pdf}: ${bad.where}: ${bad.reason}; it was skipped (the other comments are imported).`);
    const fixes = comments.flatMap((c) => (c.fix ? [c.fix] : [])) as Fix[];
    const outcomes = options.apply ? await applyFixes(fixes, bookDir) : [];
    io.out(comments.length ? reporter(commentFiles(comments, pdf, bookDir, outcomes)) : skipped.length ? 'No comment of the PDF could be read.' : 'No comments in the PDF.');
    const applied = outcomes.filter((o) => o.applied).length;
    if (options.apply) io.out(`${applied} of ${fixes.length} corrections applied.`);
    else if (fixes.length) io.out(`${fixes.length} corrections can be applied with --apply.`);
    // The report above is the command's result; the record only feeds the preview, so failing to write it is a warning.
    await writeCommentsRecord(bookDir, recordImport(comments, outcomes, pdf, new Date())).then(
      (record) => io.out(`Recorded in ${path.relative(process.cwd(), record) || record}: \`paiban preview\` shows these comments on the pages.`),
      (error: unknown) => io.err(`warning: the comments could not be recorded for \`paiban preview\` in ${path.join(bookDir, 'out')}: ${(error as Error).message}`),
    );
    const unplaced = comments.filter((c) => !c.placement).length;
    return unplaced > 0 || skipped.length > 0 || outcomes.some((o) => !o.applied) ? 1 : 0;
  });
}
