/**
 * comments/ as the editor meets it: the report `paiban comments` prints (one line per thread, at the
 * manuscript's line and column), where a comment lands in the manuscripts, what it covers on the page,
 * which fix it asks for and why one is refused. Written against the mutants that survived comments.test
 * and preview.comments.test.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../src/comments/annotations.js';
import type { FixOutcome } from '../src/comments/apply.js';
import type { Comment, Fix } from '../src/comments/comments.js';
import { commentFiles, describe as describeComment } from '../src/comments/report.js';
import { sourceTextOf } from '../src/comments/source-text.js';

const RAW = '---\ntitle: 标题\n---\n\n协商议事平台，**协商议事**室，等协商议事活动。\n\n第二段 `代码` 文字。\n';
const BOOK = path.join(process.cwd(), 'book');
const source = sourceTextOf('manuscripts/m.md', path.join(BOOK, 'manuscripts/m.md'), RAW, true);
const box = { x0: 0, y0: 0, x1: 10, y1: 10 };

function annotation(fields: Partial<Annotation>): Annotation {
  return { key: '1 0 R', page: 3, type: 'Highlight', author: '', date: '', text: '', boxes: [box], replyType: 'R', pageBox: box, ...fields };
}
function comment(fields: Partial<Comment> = {}): Comment {
  return { annotation: annotation({}), covered: { text: '协商议事', before: '平台，协商议事室，等', after: '活动。' }, group: [], replies: [], ...fields };
}
const placement = (start: number, end: number, more: Partial<NonNullable<Comment['placement']>> = {}) => ({ source, start, end, line: 5, column: start - RAW.lastIndexOf('\n', start - 1), contextMatched: true, literal: true, ...more });

describe('one line per comment thread', () => {
  it('names the types, the marked text, the author, date and text, and the page and line', () => {
    const a = annotation({ author: '校对  一', date: '2024-12-01 09:30', text: '请核实\n数字' });
    expect(describeComment(comment({ annotation: a, covered: { text: '协商\n议事', before: '', after: '', line: 4 } }))).toBe(
      'Highlight “协商 议事” — author “校对 一” (2024-12-01 09:30): 请核实 数字 [page 3, line 4]',
    );
  });

  it('says after what a point stands, and nothing when it covers nothing', () => {
    expect(describeComment(comment({ annotation: annotation({ type: 'Caret' }), covered: { text: '', before: '一二三四五六七八', after: '九' } }))).toBe('Caret after “三四五六七八” [page 3]');
    expect(describeComment(comment({ annotation: annotation({ type: 'Caret' }), covered: { text: '', before: '', after: '九十' } }))).toBe('Caret after “” [page 3]');
    expect(describeComment(comment({ annotation: annotation({ type: 'Text' }), covered: { text: '', before: '', after: '' } }))).toBe('Text [page 3]');
  });

  it('joins a group’s types, adds the members’ own texts and the replies', () => {
    const root = annotation({ type: 'Caret', text: '服务' });
    const strike = annotation({ key: '2 0 R', type: 'StrikeOut', text: '服务', replyType: 'Group' });
    const note = annotation({ key: '3 0 R', type: 'StrikeOut', text: '另注', replyType: 'Group' });
    const reply = annotation({ key: '4 0 R', type: 'Text', author: '编辑', text: '同意' });
    expect(describeComment(comment({ annotation: root, group: [strike, note], replies: [reply] }))).toBe(
      'Caret+StrikeOut+StrikeOut “协商议事”: 服务 [page 3] · StrikeOut: 另注 · reply — author “编辑”: 同意',
    );
  });

  it('warns when only the text matched, and states the fix, applied or not and why', () => {
    const fix: Fix = { kind: 'replace', source, start: 10, end: 14, expect: '协商议事', insert: '议政' };
    expect(describeComment(comment({ placement: placement(10, 14, { contextMatched: false }) }))).toBe(
      'Highlight “协商议事” [page 3] · matched by its text only: the PDF differs from the current manuscripts around it (an older build?)',
    );
    expect(describeComment(comment({ fix }))).toBe('Highlight “协商议事” [page 3] · fix: replace “议政” (--apply)');
    expect(describeComment(comment({ fix: { ...fix, kind: 'delete', insert: '' } }))).toBe('Highlight “协商议事” [page 3] · fix: delete (--apply)');
    expect(describeComment(comment({ fix }), { fix, applied: true, line: 5 })).toBe('Highlight “协商议事” [page 3] · applied: replace “议政”');
    expect(describeComment(comment({ fix }), { fix, applied: false, reason: 'it overlaps another correction', line: 5 })).toBe(
      'Highlight “协商议事” [page 3] · not applied (replace “议政”): it overlaps another correction',
    );
    expect(describeComment(comment({ refused: 'the marked text spans Markdown markup: make this change by hand' }))).toBe(
      'Highlight “协商议事” [page 3] · no fix: the marked text spans Markdown markup: make this change by hand',
    );
  });
});

describe('the report as files', () => {
  const pdf = path.join(process.cwd(), 'marked.pdf');
  const messages = (files: ReturnType<typeof commentFiles>) => files.flatMap((file) => file.messages.map((m) => `${file.path} ${m.line ?? '-'}:${m.column ?? '-'} ${m.fatal ? 'E' : 'W'} ${m.ruleId} ${m.reason}`));

  it('puts each placed comment at its manuscript line and column, in file order, and lists the unplaced under the PDF', () => {
    const second = source.raw.indexOf('第二段');
    const first = source.raw.indexOf('协商议事平台');
    const files = commentFiles(
      [
        comment({ annotation: annotation({ type: 'Underline' }), placement: placement(second, second + 3) }),
        comment({ placement: placement(first, first + 4) }),
        comment({ annotation: annotation({ type: 'Squiggly' }), covered: { text: '外文', before: '', after: '' } }),
        comment({ annotation: annotation({ type: 'Text' }), covered: { text: '', before: '', after: '' } }),
      ],
      pdf,
      BOOK,
    );
    expect(files.map((file) => file.path)).toEqual([path.join('book', 'manuscripts', 'm.md'), 'marked.pdf']);
    expect(messages(files)).toEqual([
      `${path.join('book', 'manuscripts', 'm.md')} 5:1 W Highlight Highlight “协商议事” [page 3]`,
      `${path.join('book', 'manuscripts', 'm.md')} 5:${second - RAW.lastIndexOf('\n', second - 1)} W Underline Underline “协商议事” [page 3]`,
      'marked.pdf -:- W Squiggly Squiggly “外文” [page 3] — could not be placed: not in the current manuscripts',
      'marked.pdf -:- W Text Text [page 3] — could not be placed: it covers no text',
    ]);
  });

  it('marks a fix that could not be applied as an error, and says what the manuscript reads where the text changed', () => {
    const at = source.raw.indexOf('协商议事平台');
    const fix: Fix = { kind: 'delete', source, start: at, end: at + 4, expect: '协商议事', insert: '' };
    const outcomes: FixOutcome[] = [{ fix, applied: false, reason: 'the manuscript no longer reads “协商议事” here', line: 5 }];
    const files = commentFiles([comment({ placement: placement(at, at + 4), fix }), comment({ placement: placement(at, at + 2, { changedTo: '议定' }) })], pdf, BOOK, outcomes);
    expect(messages(files)).toEqual([
      `${path.join('book', 'manuscripts', 'm.md')} 5:1 E Highlight Highlight “协商议事” [page 3] · not applied (delete): the manuscript no longer reads “协商议事” here`,
      `${path.join('book', 'manuscripts', 'm.md')} 5:1 W Highlight Highlight “协商议事” [page 3] — the PDF reads “协商议事” here`,
    ]);
    // Applied fixes are not errors.
    expect(commentFiles([comment({ placement: placement(at, at + 4), fix })], pdf, BOOK, [{ fix, applied: true, line: 5 }])[0]!.messages[0]!.fatal).toBe(false);
    expect(commentFiles([], pdf, BOOK)).toEqual([]);
  });
});
