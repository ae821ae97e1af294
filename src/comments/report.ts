import path from 'node:path';
import { VFile } from 'vfile';
import type { Annotation } from './annotations.js';
import type { Comment } from './comments.js';
import type { FixOutcome } from './apply.js';

const quote = (text: string) => `“${text.replace(/\s+/g, ' ').trim()}”`;

function said(a: Annotation): string {
  const who = a.author ? ` — author ${quote(a.author)}` : '';
  const when = a.date ? ` (${a.date})` : '';
  return `${who}${when}${a.text ? `: ${a.text.replace(/\s+/g, ' ')}` : ''}`;
}

/** One line per comment thread, as `paiban check` prints its findings. */
export function describe(comment: Comment, outcome?: FixOutcome): string {
  const { annotation: a, covered, placement } = comment;
  const marked = covered.text ? ` ${quote(covered.text)}` : covered.before || covered.after ? ` after ${quote(covered.before.slice(-6))}` : '';
  const kinds = [a.type, ...comment.group.map((g) => g.type)].join('+');
  const where = `page ${a.page}${covered.line ? `, line ${covered.line}` : ''}`;
  const parts = [`${kinds}${marked}${said(a)} [${where}]`];
  for (const member of comment.group) if (member.text && member.text !== a.text) parts.push(`${member.type}${said(member)}`);
  for (const reply of comment.replies) parts.push(`reply${said(reply)}`);
  if (placement && !placement.contextMatched) parts.push('matched by its text only: the PDF differs from the current manuscripts around it (an older build?)');
  if (comment.fix) {
    // Exactly what goes into the manuscript (one line, escapes and all), never a flattened copy.
    const what = comment.fix.kind === 'delete' ? 'delete' : `${comment.fix.kind} “${comment.fix.insert}”`;
    parts.push(outcome ? (outcome.applied ? `applied: ${what}` : `not applied (${what}): ${outcome.reason}`) : `fix: ${what} (--apply)`);
  } else if (comment.refused) parts.push(`no fix: ${comment.refused}`);
  return parts.join(' · ');
}

/**
 * The report as vfiles: one per manuscript with each comment at its line and column, and one for the
 * PDF itself listing the comments that could not be placed (never dropped).
 */
export function commentFiles(comments: readonly Comment[], pdfFile: string, bookDir: string, outcomes: readonly FixOutcome[] = []): VFile[] {
  const files = new Map<string, VFile>();
  const fileOf = (name: string) => {
    if (!files.has(name)) files.set(name, new VFile({ path: name }));
    return files.get(name)!;
  };
  const unplaced = new VFile({ path: path.relative(process.cwd(), pdfFile) || pdfFile });
  const sorted = [...comments].sort((x, y) => (x.placement?.source.name ?? '').localeCompare(y.placement?.source.name ?? '') || (x.placement?.start ?? 0) - (y.placement?.start ?? 0));
  for (const comment of sorted) {
    const outcome = outcomes.find((o) => o.fix === comment.fix);
    const text = describe(comment, outcome);
    const p = comment.placement;
    if (p && p.changedTo === undefined) {
      const file = fileOf(path.relative(process.cwd(), path.join(bookDir, p.source.name)));
      const message = file.message(text, { place: { line: p.line, column: p.column }, ruleId: comment.annotation.type, source: 'comments' });
      message.fatal = outcome && !outcome.applied ? true : false;
    } else if (p) {
      const file = fileOf(path.relative(process.cwd(), path.join(bookDir, p.source.name)));
      file.message(`${text} — the PDF reads ${quote(comment.covered.text)} here`, { place: { line: p.line, column: p.column }, ruleId: comment.annotation.type, source: 'comments' });
    } else {
      unplaced.message(`${text} — could not be placed: ${comment.covered.text || comment.covered.before || comment.covered.after ? 'not in the current manuscripts' : 'it covers no text'}`, { ruleId: comment.annotation.type, source: 'comments' });
    }
  }
  return [...files.values(), ...(unplaced.messages.length ? [unplaced] : [])];
}
