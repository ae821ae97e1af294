import type { PageChar } from '../proof/page-chars.js';
import { rootOf, type Annotation } from './annotations.js';
import { coveredBy, writingVotes, type Covered, type Writing } from './covered.js';
import { insertText } from './insert-text.js';
import { place, type Placement } from './place.js';
import type { SourceText } from './source-text.js';

/** A correction a machine can make: replace [start, end) of a manuscript (which must still read `expect`) by `insert`. */
export interface Fix {
  kind: 'delete' | 'insert' | 'replace';
  source: SourceText;
  start: number;
  end: number;
  expect: string;
  /** What goes into the manuscript: one line, Markdown markup escaped (insert-text.ts). */
  insert: string;
  /** What `insert` prints: the proofreader's text on one line (default: `insert`). */
  printed?: string;
}

/** One comment thread: the annotation, what it marks, where that came from, its replies and the fix it asks for. */
export interface Comment {
  annotation: Annotation;
  covered: Covered;
  placement?: Placement;
  /** Annotations grouped with it into one correction (/RT /Group, e.g. replace-text's strike-out). */
  group: Annotation[];
  replies: Annotation[];
  fix?: Fix;
  /** Why no fix is offered although the comment asks for one. */
  refused?: string;
}

const CHANGE_TO = /^(?:改为|改成|应为|change to)\s*[：:]\s*([\s\S]+)$/i;
const SPAN_TYPES = new Set(['Highlight', 'StrikeOut', 'Underline', 'Squiggly']);

/** Threads the annotations: replies and group members hang on their first annotation. */
export function threads(annotations: readonly Annotation[]): { root: Annotation; group: Annotation[]; replies: Annotation[] }[] {
  const byKey = new Map(annotations.map((a) => [a.key, a]));
  const roots = new Map<string, { root: Annotation; group: Annotation[]; replies: Annotation[] }>();
  for (const a of annotations) if (!a.inReplyTo || !byKey.has(a.inReplyTo)) roots.set(a.key, { root: a, group: [], replies: [] });
  for (const a of annotations) {
    if (roots.has(a.key)) continue;
    const thread = roots.get(rootOf(a, byKey).key)!;
    (a.replyType === 'Group' ? thread.group : thread.replies).push(a);
  }
  return [...roots.values()];
}

/** What correction a thread asks for, if a machine can tell: delete, insert or replace, and with what. */
export function requestedChange(root: Annotation, group: readonly Annotation[]): { kind: Fix['kind']; span: Annotation; insert: string } | undefined {
  const members = [root, ...group];
  const strike = members.find((a) => a.type === 'StrikeOut');
  const caret = members.find((a) => a.type === 'Caret');
  if (strike && caret) {
    const text = caret.text || strike.text;
    return text ? { kind: 'replace', span: strike, insert: (CHANGE_TO.exec(text)?.[1] ?? text).trim() } : { kind: 'delete', span: strike, insert: '' };
  }
  if (strike) {
    const change = CHANGE_TO.exec(strike.text);
    return change ? { kind: 'replace', span: strike, insert: change[1]!.trim() } : { kind: 'delete', span: strike, insert: '' };
  }
  if (caret && caret.text) return { kind: 'insert', span: caret, insert: caret.text };
  const marked = members.find((a) => SPAN_TYPES.has(a.type) && CHANGE_TO.test(a.text));
  if (marked) return { kind: 'replace', span: marked, insert: CHANGE_TO.exec(marked.text)![1]!.trim() };
  return undefined;
}

/**
 * Places every comment thread of an annotated PDF on the manuscripts. `pages` are the PDF's characters
 * (mutool's structured text), one array per page.
 */
export function placeComments(annotations: readonly Annotation[], pages: readonly PageChar[][], sources: readonly SourceText[]): Comment[] {
  // A page with little text (title, contents) takes the writing mode of the whole PDF.
  const votes = pages.map(writingVotes);
  const total = votes.reduce((sum, v) => ({ rows: sum.rows + v.rows, columns: sum.columns + v.columns }), { rows: 0, columns: 0 });
  const decide = (v: { rows: number; columns: number }): Writing => (v.columns > v.rows ? 'vertical' : 'horizontal');
  const writingOf = (page: number) => {
    const v = votes[page - 1] ?? total;
    return v.rows + v.columns >= 40 ? decide(v) : decide(total);
  };
  const coverOf = (a: Annotation): Covered => coveredBy(a, pages[a.page - 1] ?? [], writingOf(a.page));
  return threads(annotations).map(({ root, group, replies }) => {
    const change = requestedChange(root, group);
    const anchor = change?.span ?? root;
    const covered = coverOf(anchor);
    const placement = place(covered, sources);
    const comment: Comment = { annotation: root, covered, group, replies, ...(placement ? { placement } : {}) };
    if (!change) return comment;
    const text = insertText(change.insert);
    const refused = refusal(placement, change.kind) ?? ('refused' in text ? text.refused : undefined);
    if (refused || 'refused' in text) return { ...comment, refused: refused! };
    const p = placement!;
    const { start, end } = change.kind === 'delete' ? withEmptiedMarkup(p) : p;
    return { ...comment, fix: { kind: change.kind, source: p.source, start, end, expect: p.source.raw.slice(start, end), insert: text.markdown, printed: text.printed } };
  });
}

/** A deletion of all of a bold, italic, struck or code text deletes its markup too (else `****` would print). */
function withEmptiedMarkup(p: Placement): { start: number; end: number } {
  const whole = p.source.markup?.find((m) => m.start === p.start && m.end === p.end);
  return whole ? { start: whole.outerStart, end: whole.outerEnd } : p;
}

function refusal(placement: Placement | undefined, kind: Fix['kind']): string | undefined {
  if (!placement) return 'the marked text is not in the current manuscripts';
  if (placement.changedTo !== undefined) return `the manuscript no longer reads like the PDF here (it has “${placement.changedTo}”)`;
  if (!placement.contextMatched) return 'found by its own text only, not by the text around it: make this change by hand';
  if (!placement.literal && kind !== 'insert') return 'the marked text spans Markdown markup: make this change by hand';
  if (!placement.source.writable) return 'the manuscript is not plain UTF-8, so it cannot be rewritten byte for byte';
  return undefined;
}
