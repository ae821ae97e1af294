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

// ---------------------------------------------------------------------------------------------------
// Where a comment lands: place().

import { lineColumn, place } from '../src/comments/place.js';

describe('placing a comment in the manuscripts', () => {
  const LINE = '甲乙丙丁戊己庚辛壬癸目标子丑寅卯辰巳午未申酉';
  const plain = sourceTextOf('a.md', '/book/a.md', `${LINE}\n`, true);

  it('matches the text around it even when the PDF has up to three characters more there (a folio, a running head)', () => {
    const found = (before: string, after = '') => place({ text: '目标', before, after }, [plain]);
    expect(found('甲乙丙丁戊己庚辛壬癸')).toMatchObject({ start: 10, end: 12, contextMatched: true, literal: true });
    expect(found('甲乙丙丁戊己庚辛XYZ壬癸')?.contextMatched).toBe(true);
    expect(found('甲乙丙丁戊己庚辛WXYZ壬癸')?.contextMatched).toBe(false);
    expect(found('', '子丑XYZ寅卯辰巳午未')?.contextMatched).toBe(true);
    expect(found('', '子丑WXYZ寅卯辰巳午未')?.contextMatched).toBe(false);
  });

  it('asks of short surroundings only as many characters as they have (at most 8)', () => {
    expect(place({ text: '目标', before: '癸', after: '' }, [plain])?.contextMatched).toBe(true);
    expect(place({ text: '目标', before: '甲', after: '' }, [plain])?.contextMatched).toBe(false);
    expect(place({ text: '目标', before: '', after: '' }, [plain])?.contextMatched).toBe(true);
  });

  it('places a point at the start and at the end of a manuscript’s text, and between two characters', () => {
    expect(place({ text: '', before: '', after: '甲乙丙丁' }, [plain])).toMatchObject({ start: 0, end: 0, line: 1, column: 1, literal: true });
    expect(place({ text: '', before: '申酉', after: '' }, [plain])).toMatchObject({ start: LINE.length, end: LINE.length, column: LINE.length + 1 });
    expect(place({ text: '', before: '壬癸', after: '目标' }, [plain])).toMatchObject({ start: 10, end: 10 });
  });

  it('counts a character outside the BMP as two code units of the file', () => {
    const raw = '前文𠀀字后文\n';
    const astral = sourceTextOf('b.md', '/book/b.md', raw, true);
    expect(place({ text: '𠀀字', before: '前文', after: '后文' }, [astral])).toMatchObject({ start: 2, end: 5, literal: true });
    expect(place({ text: '', before: '前文𠀀', after: '字后' }, [astral])).toMatchObject({ start: 4, end: 4 });
    // Text after it is where it is, not one unit off (a fix there would change the wrong characters).
    expect(place({ text: '后文', before: '𠀀字', after: '' }, [astral])).toMatchObject({ start: 5, end: 7, literal: true });
  });

  it('finds the file that has the text among several, with its line and column', () => {
    const other = sourceTextOf('c.md', '/book/c.md', '---\ntitle: 题\n---\n\n第一行\n\n  子丑目标寅卯\n', true);
    expect(place({ text: '目标', before: '第一行子丑', after: '寅卯' }, [plain, other])).toMatchObject({ source: other, line: 7, column: 5 });
    expect(lineColumn('a\nbc\nd', 3)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });

  it('when the marked text is gone, says what stands between its surroundings now, if they are close enough', () => {
    const changed = place({ text: '目的', before: '庚辛壬癸', after: '子丑寅卯' }, [plain]);
    expect(changed).toMatchObject({ start: 10, end: 12, changedTo: '目标', literal: false, contextMatched: true });
    // Too little around it to find its place (fewer than two characters on a side): not placed.
    expect(place({ text: '目的', before: '癸', after: '子丑寅卯' }, [plain])).toBeUndefined();
    expect(place({ text: '目的', before: '庚辛壬癸', after: '子' }, [plain])).toBeUndefined();
    // Surroundings more than 40 characters further apart than the text is long: not its place.
    const far = sourceTextOf('d.md', '/book/d.md', `甲乙${'中'.repeat(43)}丙丁\n`, true);
    expect(place({ text: '目', before: '甲乙', after: '丙丁' }, [far])).toBeUndefined();
    const near = sourceTextOf('e.md', '/book/e.md', `甲乙${'中'.repeat(41)}丙丁\n`, true);
    expect(place({ text: '目', before: '甲乙', after: '丙丁' }, [near])?.changedTo).toBe('中'.repeat(41));
  });

  it('is not literal in a text with an escape or an entity (the file does not read as it prints), literal in its other paragraphs', () => {
    const escaped = sourceTextOf('f.md', '/book/f.md', '甲乙\\*丙丁 &amp; 戊\n\n己庚\n', true);
    expect(place({ text: '丙丁', before: '乙*', after: '&戊' }, [escaped])).toMatchObject({ start: 0, literal: false });
    expect(place({ text: '庚', before: '戊己', after: '' }, [escaped])).toMatchObject({ start: escaped.raw.indexOf('庚'), end: escaped.raw.indexOf('庚') + 1, line: 3, literal: true });
  });
});

// ---------------------------------------------------------------------------------------------------
// What a comment covers on its page: covered.ts.

import type { PageChar } from '../src/proof/page-chars.js';
import { coveredBy, pageWriting, readableLines, writingVotes } from '../src/comments/covered.js';

const PAGE = { x0: 0, y0: 0, x1: 420, y1: 595 };
const pc = (char: string, x: number, y: number, size = 10): PageChar => ({ char, x, y, size, font: 'NotoSerifSC-Regular', left: x - size / 2, top: y - size / 2, width: size, fontSize: size });
/** Rows left to right, 20 pt apart, characters 10 pt apart (page coordinates, top-left origin). */
const rows = (lines: string[], x0 = 50, y0 = 100) => lines.flatMap((line, l) => [...line].map((char, i) => pc(char, x0 + i * 10, y0 + l * 20)));
/** Columns top to bottom, right to left. */
const columns = (lines: string[], x0 = 370, y0 = 100) => lines.flatMap((line, l) => [...line].map((char, i) => pc(char, x0 - l * 20, y0 + i * 10)));
/** A PDF box (bottom-left origin) around page characters. */
const around = (chars: PageChar[], page = PAGE) => ({
  x0: Math.min(...chars.map((c) => c.x)) - 4,
  x1: Math.max(...chars.map((c) => c.x)) + 4,
  y0: page.y1 - (Math.max(...chars.map((c) => c.y)) + 4),
  y1: page.y1 - (Math.min(...chars.map((c) => c.y)) - 4),
});
const marking = (type: Annotation['type'], boxes: Annotation['boxes'], pageBox = PAGE) => annotation({ type, boxes, pageBox });

describe('what a comment covers on its page', () => {
  it('tells the writing mode from the characters: neighbours beside (rows) or below (columns)', () => {
    expect(pageWriting(rows(['一二三四', '五六七八']))).toBe('horizontal');
    expect(pageWriting(columns(['一二三四', '五六七八']))).toBe('vertical');
    expect(writingVotes(rows(['一二三']))).toEqual({ rows: 3, columns: 0 });
    expect(writingVotes(columns(['一二三']))).toEqual({ rows: 0, columns: 3 });
    // Spaces do not vote; a lone character has no neighbour.
    expect(writingVotes([pc('一', 10, 10), pc(' ', 20, 10)])).toEqual({ rows: 0, columns: 0 });
    expect(pageWriting([])).toBe('horizontal');
  });

  it('reads the text without the proof’s watermark or its small line numbers, keeping digits of the text', () => {
    const chars = [...rows(['正文第一行12', '正文第二行']), pc('校', 200, 300, 60), pc('5', 20, 100, 6), pc('1', 20, 120, 7.9)];
    expect(readableLines(chars, 'horizontal').map((l) => l.text)).toEqual(['正文第一行12', '正文第二行']);
    // Just under the watermark's 2.5 × and at 0.8 × the body size: text.
    expect(readableLines([...rows(['正文第一行']), pc('大', 200, 300, 24.9), pc('8', 20, 100, 8)], 'horizontal').map((l) => l.text)).toEqual(['8正文第一行', '大']);
  });

  it('reads a booklet spread as two pages, the right one first in a vertical book', () => {
    const left = rows(['左页文字'], 50);
    const right = rows(['右页文字'], 500);
    expect(readableLines([...left, ...right], 'horizontal', 840).map((l) => l.text)).toEqual(['左页文字', '右页文字']);
    const vLeft = columns(['左页'], 300);
    const vRight = columns(['右页'], 700);
    expect(readableLines([...vLeft, ...vRight], 'vertical', 840).map((l) => l.text)).toEqual(['右页', '左页']);
    // A character near the middle: one page (a wide page, not a spread).
    expect(readableLines([...left, pc('中', 410, 100), ...right], 'horizontal', 840).map((l) => l.text)).toEqual(['左页文字中右页文字']);
    // Text on one side only: one page.
    expect(readableLines(left, 'horizontal', 840).map((l) => l.text)).toEqual(['左页文字']);
  });

  it('covers the characters under a highlight’s boxes, with 24 characters of context each side across lines, and the body line', () => {
    const text = ['一二三四五六七八九十', '甲乙丙丁戊己庚辛壬癸', '子丑寅卯辰巳午未申酉'];
    const chars = [pc('眉', 50, 70, 7), ...rows(text)];
    const second = chars.filter((c) => '丙丁戊'.includes(c.char));
    const covered = coveredBy(marking('Highlight', [around(second)]), chars, 'horizontal');
    expect(covered).toEqual({ text: '丙丁戊', before: '眉一二三四五六七八九十甲乙', after: '己庚辛壬癸子丑寅卯辰巳午未申酉', line: 2 });
    const long = rows(['一'.repeat(30), '二'.repeat(30)]);
    const middle = coveredBy(marking('Underline', [around(long.slice(29, 30)), around(long.slice(30, 31))]), long, 'horizontal');
    expect(middle).toEqual({ text: '一二', before: '一'.repeat(24), after: '二'.repeat(24), line: 1 });
    for (const type of ['StrikeOut', 'Squiggly'] as const) expect(coveredBy(marking(type, [around(second)]), chars, 'horizontal').text).toBe('丙丁戊');
    // Boxes over no character: nothing covered.
    expect(coveredBy(marking('Highlight', [{ x0: 300, y0: 10, x1: 310, y1: 20 }]), chars, 'horizontal')).toEqual({ text: '', before: '', after: '' });
  });

  it('takes only the characters under the boxes of a two-line highlight, and counts lines of body text only', () => {
    const chars = [pc('眉', 50, 70, 7), ...rows(['一二三四五', '甲乙丙丁戊'])];
    const end = chars.filter((c) => '四五'.includes(c.char));
    const start = chars.filter((c) => '甲乙'.includes(c.char));
    expect(coveredBy(marking('Highlight', [around(end), around(start)]), chars, 'horizontal')).toMatchObject({ text: '四五甲乙', before: '眉一二三', after: '丙丁戊', line: 1 });
    // A crop box not at the origin: boxes are taken relative to it.
    const shifted = { x0: 100, y0: 50, x1: 520, y1: 645 };
    const box = around(start, { ...PAGE, y1: 595 });
    expect(coveredBy(marking('Highlight', [{ x0: box.x0 + 100, x1: box.x1 + 100, y0: box.y0 + 50, y1: box.y1 + 50 }], shifted), chars, 'horizontal').text).toBe('甲乙');
  });

  it('places a caret, a note or a text box at the gap nearest its centre, on the line nearest it', () => {
    const chars = rows(['一二三四五', '甲乙丙丁戊', '子丑寅卯辰']);
    // Between 乙 (x 60) and 丙 (x 70) on the second line (y 120), slightly below it.
    const caret = { x0: 63, x1: 67, y0: 595 - 126, y1: 595 - 118 };
    for (const type of ['Caret', 'Text', 'FreeText'] as const) {
      expect(coveredBy(marking(type, [caret]), chars, 'horizontal')).toEqual({ text: '', before: '一二三四五甲乙', after: '丙丁戊子丑寅卯辰', line: 2 });
    }
    // Before the first character of a line, and after its last.
    expect(coveredBy(marking('Caret', [{ x0: 40, x1: 44, y0: 595 - 122, y1: 595 - 118 }]), chars, 'horizontal')).toMatchObject({ before: '一二三四五', after: '甲乙丙丁戊子丑寅卯辰' });
    expect(coveredBy(marking('Caret', [{ x0: 100, x1: 104, y0: 595 - 122, y1: 595 - 118 }]), chars, 'horizontal')).toMatchObject({ before: '一二三四五甲乙丙丁戊', after: '子丑寅卯辰' });
    expect(coveredBy(marking('Caret', [caret]), [], 'horizontal')).toEqual({ text: '', before: '', after: '' });
  });

  it('in vertical text: columns right to left, the gap along the column, the column nearest across', () => {
    const chars = columns(['一二三四五', '甲乙丙丁戊']);
    // The second column is at x 350; between 乙 (y 110) and 丙 (y 120).
    const caret = { x0: 352, x1: 356, y0: 595 - 117, y1: 595 - 113 };
    expect(coveredBy(marking('Caret', [caret]), chars, 'vertical')).toEqual({ text: '', before: '一二三四五甲乙', after: '丙丁戊', line: 2 });
    const highlight = coveredBy(marking('Highlight', [around(chars.filter((c) => '二三'.includes(c.char)))]), chars, 'vertical');
    expect(highlight).toEqual({ text: '二三', before: '一', after: '四五甲乙丙丁戊', line: 1 });
  });

  it('reads a landscape sheet (a booklet spread) as two pages, the right-hand one first in a vertical book', () => {
    const sheet = { x0: 0, y0: 0, x1: 840, y1: 595 };
    const chars = [...columns(['左页一二'], 300), ...columns(['右页三四'], 700)];
    const covered = coveredBy(marking('Highlight', [around(chars.filter((c) => c.x > 420 && '右页'.includes(c.char)), sheet)], sheet), chars, 'vertical');
    expect(covered).toMatchObject({ text: '右页', before: '', after: '三四左页一二' });
    // A portrait page is never split, whatever stands in its middle.
    const page = [...columns(['左页一二'], 100), ...columns(['右页三四'], 380)];
    expect(coveredBy(marking('Highlight', [around(page.filter((c) => c.x < 200 && '左页'.includes(c.char)))]), page, 'vertical')).toMatchObject({ text: '左页', before: '右页三四' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Threads, the change a thread asks for, and why a fix is refused: comments.ts.

import { placeComments, requestedChange, threads } from '../src/comments/comments.js';

describe('comment threads and the changes they ask for', () => {
  it('hangs replies and group members on the first annotation; a reply to an annotation not in the file is a thread of its own', () => {
    const root = annotation({ key: 'r', type: 'Caret', text: '服务' });
    const member = annotation({ key: 'g', type: 'StrikeOut', inReplyTo: 'r', replyType: 'Group' });
    const reply = annotation({ key: 'a', type: 'Text', inReplyTo: 'r' });
    const replyToReply = annotation({ key: 'b', type: 'Text', inReplyTo: 'a' });
    const orphan = annotation({ key: 'o', type: 'Highlight', inReplyTo: 'gone' });
    const found = threads([root, member, reply, replyToReply, orphan]);
    expect(found.map((t) => [t.root.key, t.group.map((a) => a.key), t.replies.map((a) => a.key)])).toEqual([
      ['r', ['g'], ['a', 'b']],
      ['o', [], []],
    ]);
  });

  it('reads replace, delete and insert from strike-outs, carets and “改为：” notes', () => {
    const strike = annotation({ type: 'StrikeOut' });
    const caret = annotation({ key: 'c', type: 'Caret' });
    const change = (root: Annotation, group: Annotation[] = []) => {
      const found = requestedChange(root, group);
      return found && [found.kind, found.span.type, found.insert];
    };
    expect(change({ ...caret, text: ' 议政 ' }, [strike])).toEqual(['replace', 'StrikeOut', '议政']);
    expect(change(caret, [{ ...strike, text: '改为：议政' }])).toEqual(['replace', 'StrikeOut', '议政']);
    expect(change({ ...caret, text: '应为: 议政' }, [strike])).toEqual(['replace', 'StrikeOut', '议政']);
    expect(change(caret, [strike])).toEqual(['delete', 'StrikeOut', '']);
    expect(change({ ...strike, text: '改成：议政' })).toEqual(['replace', 'StrikeOut', '议政']);
    expect(change({ ...strike, text: 'Change to:  议政 ' })).toEqual(['replace', 'StrikeOut', '议政']);
    expect(change({ ...strike, text: '多余' })).toEqual(['delete', 'StrikeOut', '']);
    expect(change({ ...caret, text: '服务' })).toEqual(['insert', 'Caret', '服务']);
    expect(change(caret)).toBeUndefined();
    for (const type of ['Highlight', 'Underline', 'Squiggly'] as const) expect(change(annotation({ type, text: '改为：议政\n' }))).toEqual(['replace', type, '议政']);
    expect(change(annotation({ type: 'Highlight', text: '请核实' }))).toBeUndefined();
    expect(change(annotation({ type: 'Text', text: '改为：议政' }))).toBeUndefined();
    // A multi-line replacement keeps its lines.
    expect(change({ ...strike, text: '改为：第一行\n第二行' })).toEqual(['replace', 'StrikeOut', '第一行\n第二行']);
  });
});

describe('placing the comments of a marked PDF', () => {
  const raw = '---\ntitle: 标题\n---\n\n协商议事平台，**协商议事**室，等协商议事活动。\n\n第二段文字在此处。\n';
  const text = ['标题', '协商议事平台，协商议事室，等协商议事活动。', '第二段文字在此处。'];
  const pages = [rows(text)];
  const src = sourceTextOf('m.md', '/book/m.md', raw, true);
  const on = (chars: string, line: number) => pages[0]!.filter((c, i) => chars.includes(c.char) && Math.round((c.y - 100) / 20) === line && i >= 0);
  const span = (from: number, to: number, line: number) => pages[0]!.filter((c) => Math.round((c.y - 100) / 20) === line).slice(from, to);

  it('offers the fix a thread asks for at its manuscript place, with what the file must still read there', () => {
    const strike = annotation({ pageBox: PAGE, key: 's', type: 'StrikeOut', text: '删去', page: 1, boxes: [around(span(14, 18, 1))] });
    const [comment] = placeComments([strike], pages, [src]);
    const at = raw.indexOf('等协商议事活动') + 1;
    expect(comment!.fix).toEqual({ kind: 'delete', source: src, start: at, end: at + 4, expect: '协商议事', insert: '', printed: '' });
    expect(comment!.covered).toMatchObject({ text: '协商议事', line: 2 });
    expect(comment!.refused).toBeUndefined();
  });

  it('deletes the markup with all of a bold or code text, so that no empty ** or `` is left to print', () => {
    const bold = placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', page: 1, boxes: [around(span(7, 11, 1))] })], pages, [src])[0]!;
    const at = raw.indexOf('**协商议事**');
    expect(bold.fix).toMatchObject({ kind: 'delete', start: at, end: at + 8, expect: '**协商议事**' });
    // Part of it: the markup stays.
    const part = placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', page: 1, boxes: [around(span(7, 9, 1))] })], pages, [src])[0]!;
    expect(part.fix).toMatchObject({ start: at + 2, end: at + 4, expect: '协商' });
    // Replaced, it keeps its markup: the new text is bold.
    const replaced = placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', text: '改为：议政', page: 1, boxes: [around(span(7, 11, 1))] })], pages, [src])[0]!;
    expect(replaced.fix).toMatchObject({ kind: 'replace', start: at + 2, end: at + 6, expect: '协商议事' });
    const code = sourceTextOf('c.md', '/book/c.md', '第二段 `代码` 文字，*斜体* 与 ~~删除~~。\n', true);
    const codePages = [rows(['第二段代码文字，斜体与删除。'])];
    const strike = (from: number, to: number) => placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', page: 1, boxes: [around(codePages[0]!.slice(from, to))] })], codePages, [code])[0]!.fix!.expect;
    expect([strike(3, 5), strike(8, 10), strike(11, 13)]).toEqual(['`代码`', '*斜体*', '~~删除~~']);
  });

  it('refuses a fix, saying why: markup inside, text not found, text changed, only the text matched, a file not in plain UTF-8', () => {
    const strikeOn = (chars: PageChar[], pdfPages = pages) => placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', page: 1, boxes: [around(chars)] })], pdfPages, [src])[0]!;
    expect(strikeOn(span(5, 9, 1)).refused).toBe('the marked text spans Markdown markup: make this change by hand');
    // An insertion through markup is still offered.
    const caret = { x0: 119, x1: 121, y0: 595 - 124, y1: 595 - 116 };
    const inserted = placeComments([annotation({ pageBox: PAGE, type: 'Caret', text: '的', page: 1, boxes: [caret] })], pages, [src])[0]!;
    expect(inserted.refused).toBeUndefined();
    expect(inserted.fix).toMatchObject({ kind: 'insert', insert: '的', start: raw.indexOf('**协商议事**') });
    const other = [rows(['全然不同的一行字', '另一行也不同'])];
    expect(strikeOn(other[0]!.slice(2, 4), other).refused).toBe('the marked text is not in the current manuscripts');
    const changed = [rows(['标题', '协商议事平台，协商议事室，等协商议定活动。', '第二段文字在此处。'])];
    const gone = changed[0]!.filter((c) => Math.round((c.y - 100) / 20) === 1).slice(16, 18);
    expect(strikeOn(gone, changed).refused).toBe('the manuscript no longer reads like the PDF here (it has “议事”)');
    const moved = [rows(['别的文字别的文字别的文字', '第二段', '另外一些文字'])];
    expect(strikeOn(moved[0]!.filter((c) => Math.round((c.y - 100) / 20) === 1), moved).refused).toBe('found by its own text only, not by the text around it: make this change by hand');
    const latin1 = sourceTextOf('m.md', '/book/m.md', raw, false);
    expect(placeComments([annotation({ pageBox: PAGE, type: 'StrikeOut', page: 1, boxes: [around(span(14, 18, 1))] })], pages, [latin1])[0]!.refused).toBe('the manuscript is not plain UTF-8, so it cannot be rewritten byte for byte');
    // A comment that asks for nothing is placed, with no fix and no refusal.
    const note = placeComments([annotation({ pageBox: PAGE, type: 'Highlight', text: '好', page: 1, boxes: [around(span(14, 18, 1))] })], pages, [src])[0]!;
    expect([note.fix, note.refused, note.placement?.start]).toEqual([undefined, undefined, raw.indexOf('等协商议事活动') + 1]);
    expect(on('', 0)).toEqual([]);
  });

  it('reads a page with little text in the writing mode of the whole PDF', () => {
    // Page 1: one short vertical column (too few votes to decide); page 2: plenty of vertical text.
    const sparse = columns(['第二段']);
    const full = columns(['协商议事平台，协商议事室，等协商议事活动。', '第二段文字在此处。第二段文字在此处。']);
    const caret = { x0: 368, x1: 372, y0: 595 - 117, y1: 595 - 113 };
    const [comment] = placeComments([annotation({ pageBox: PAGE, type: 'Caret', text: '的', page: 1, boxes: [caret] })], [sparse, full], [src]);
    // Read as a column, the caret stands between 第二 and 段 (as rows, it would be on a one-character line).
    expect(comment!.covered).toMatchObject({ before: '第二', after: '段' });
    // A page that is not in the PDF covers nothing.
    expect(placeComments([annotation({ pageBox: PAGE, type: 'Caret', text: '的', page: 9, boxes: [caret] })], [sparse, full], [src])[0]!.covered).toEqual({ text: '', before: '', after: '' });
  });
});

// ---------------------------------------------------------------------------------------------------
// The manuscripts' printed text (source-text.ts) and the annotations of the marked PDF (annotations.ts).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { boxesOf, loadAnnotatedPdf, pdfDate, readAnnotations, rootOf } from '../src/comments/annotations.js';
import { fold, foldText, readSourceText } from '../src/comments/source-text.js';
import { PaibanError } from '../src/util/errors.js';

describe('the printed text of a manuscript', () => {
  it('maps the front matter the chapter opener prints (title, subtitle, author, byline) to its place, and nothing else of it', () => {
    const raw = '---\ntitle:  总标题 \nsubtitle: 副题\nauthor: 作者\nbyline: 撰稿\norder: 3\n---\n\n正文`代码`。\n';
    const text = sourceTextOf('a.md', '/a.md', raw, true);
    expect(text.chars).toBe('总标题副题作者撰稿正文代码。');
    expect(text.offsets.slice(0, 3)).toEqual([raw.indexOf('总标题'), raw.indexOf('总标题') + 1, raw.indexOf('总标题') + 2]);
    expect(text.offsets[3]).toBe(raw.indexOf('副题'));
    expect(text.offsets[5]).toBe(raw.indexOf('作者'));
    expect(text.offsets[7]).toBe(raw.indexOf('撰稿'));
    expect(text.offsets[11]).toBe(raw.indexOf('代码'));
    expect(text.literal.every(Boolean)).toBe(true);
    // A key written twice: the one on its own line is meant ("title" inside another value is not).
    const twice = '---\nsubtitle: 是title: 不\ntitle: 题\n---\n\n文\n';
    expect(sourceTextOf('b.md', '/b.md', twice, true).offsets[0]).toBe(twice.indexOf('题\n---'));
    expect(sourceTextOf('c.md', '/c.md', '正文\n', true).chars).toBe('正文');
  });

  it('folds compatibility forms (full-width digits, vertical forms) but keeps a character that folds to several', () => {
    expect(fold('１')).toBe('1');
    expect(fold('︐')).toBe(',');
    expect(fold('㍿')).toBe('㍿');
    expect(fold('甲')).toBe('甲');
    expect(foldText(' 第 １ 章\n　甲\t')).toBe('第1章甲');
  });

  it('reads a manuscript file; writable only when its text is its bytes as UTF-8 (no byte-order mark)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-source-'));
    try {
      await writeFile(path.join(dir, 'plain.md'), '正文。\n');
      await writeFile(path.join(dir, 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('正文。\n')]));
      const plain = await readSourceText('manuscripts/plain.md', path.join(dir, 'plain.md'), dir);
      expect(plain).toMatchObject({ name: 'manuscripts/plain.md', file: path.join(dir, 'plain.md'), raw: '正文。\n', writable: true, chars: '正文。' });
      expect((await readSourceText('bom.md', path.join(dir, 'bom.md'), dir)).writable).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the annotations of a marked PDF', () => {
  const page = { x0: 0, y0: 0, x1: 420, y1: 595 };
  const error = (run: () => unknown) => {
    try {
      run();
    } catch (caught) {
      return (caught as Error).message;
    }
    return undefined;
  };

  it('reads PDF dates, and shows anything else as written', () => {
    expect(pdfDate('D:202412')).toBe('2024-12-01');
    expect(pdfDate('D:2024123109')).toBe('2024-12-31 09:00');
    expect(pdfDate('xD:20241231')).toBe('xD:20241231');
    expect(pdfDate('2024年12月')).toBe('2024年12月');
  });

  it('takes boxes from the quadrilaterals or else the Rect, within a point of the page, and says which point is outside', () => {
    expect(boxesOf([], [30, 40, 10, 20], page, 'p')).toEqual([{ x0: 10, y0: 20, x1: 30, y1: 40 }]);
    expect(boxesOf(undefined, [-1, -1, 421, 596], page, 'p')).toEqual([{ x0: -1, y0: -1, x1: 421, y1: 596 }]);
    for (const [x, y] of [[-1.5, 10], [421.5, 10], [10, -1.5], [10, 596.5]]) {
      expect(error(() => boxesOf([x!, y!, 20, 20, 10, 10, 20, 10], undefined, page, 'page 2, Highlight annotation 5 0 R'))).toBe(`page 2, Highlight annotation 5 0 R: its QuadPoints reach outside the page (${x}, ${y}).`);
    }
    expect(error(() => boxesOf(undefined, [10, 10, 20, 900], page, 'w'))).toBe('w: its Rect reach outside the page (20, 900).');
    expect(error(() => boxesOf(undefined, undefined, page, 'w'))).toBe('w: it has neither QuadPoints nor a Rect.');
    expect(error(() => boxesOf(undefined, [1, 2, 3], page, 'w'))).toBe('w: it has neither QuadPoints nor a Rect.');
    expect(boxesOf(Array.from({ length: 16_000 }, () => 5), undefined, page, 'w')).toHaveLength(2000);
  });

  async function annotated(build: (pdf: PDFDocument) => void): Promise<PDFDocument> {
    const pdf = await PDFDocument.create();
    pdf.addPage([420, 595]);
    pdf.addPage([420, 595]);
    build(pdf);
    return PDFDocument.load(await pdf.save());
  }
  const dict = (pdf: PDFDocument, entries: Record<string, unknown>) => pdf.context.obj(entries as never);

  it('reads the markup annotations of every page, skipping others and what is not a dictionary; inline ones are keyed by place', async () => {
    const pdf = await annotated((doc) => {
      const second = doc.getPage(1).node;
      const ref = doc.context.register(dict(doc, { Type: 'Annot', Subtype: 'StrikeOut', Rect: [10, 10, 20, 20], Contents: PDFString.of('a\r\nb\rc  '), CreationDate: PDFString.of('D:20241201'), T: PDFHexString.fromText('校对') }));
      second.set(PDFName.of('Annots'), doc.context.obj([PDFNumber.of(1), dict(doc, { Subtype: 'Link', Rect: [0, 0, 1, 1] }), dict(doc, { Rect: [0, 0, 1, 1] }), dict(doc, { Subtype: 'Highlight', Rect: [1, 2, 3, 4] }), ref]));
    });
    const annotations = readAnnotations(pdf, 'x.pdf');
    expect(annotations.map((a) => [a.key, a.page, a.type, a.author, a.date, a.text])).toEqual([
      ['page 2 #4', 2, 'Highlight', '', '', ''],
      [expect.stringMatching(/^\d+ 0 R$/), 2, 'StrikeOut', '校对', '2024-12-01', 'a\nb\nc'],
    ]);
    expect(annotations[0]!.pageBox).toEqual({ x0: 0, y0: 0, x1: 420, y1: 595 });
  });

  it('names the page and annotation of a bad box, and reads exactly 5000 annotations', async () => {
    const bad = await annotated((doc) => doc.getPage(1).node.set(PDFName.of('Annots'), doc.context.obj([dict(doc, { Subtype: 'Underline', Rect: [0, 0, 1000, 1] })])));
    expect(error(() => readAnnotations(bad, 'x.pdf'))).toBe('page 2, Underline annotation page 2 #1: its Rect reach outside the page (1000, 1).');
    const many = await annotated((doc) => {
      const annots = Array.from({ length: 2500 }, () => dict(doc, { Subtype: 'Highlight', Rect: [1, 1, 2, 2] }));
      doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj(annots));
      doc.getPage(1).node.set(PDFName.of('Annots'), doc.context.obj(annots));
    });
    expect(readAnnotations(many, 'x.pdf')).toHaveLength(5000);
  });

  it('refuses an encrypted or damaged PDF with what to do', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('00'), U: PDFHexString.of('00'), P: -4 }));
    const encrypted = (await loadAnnotatedPdf(await pdf.save(), 'e.pdf').catch((caught: PaibanError) => caught)) as PaibanError;
    expect([encrypted.message, encrypted.hint]).toEqual(['The PDF is encrypted; paiban cannot read its comments.', 'Save an unprotected copy from the PDF reader and give that.']);
    const damaged = (await loadAnnotatedPdf(new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog'), 'd.pdf').catch((caught: PaibanError) => caught)) as PaibanError;
    expect([damaged.message, damaged.hint]).toEqual(['The file is not a PDF paiban can read (damaged or truncated?).', 'Export the annotated PDF again from the reader.']);
  });

  it('finds the first annotation of a reply chain', () => {
    const a = annotation({ key: 'a' });
    const b = annotation({ key: 'b', inReplyTo: 'a' });
    const c = annotation({ key: 'c', inReplyTo: 'b' });
    const byKey = new Map([a, b, c].map((x) => [x.key, x]));
    expect(rootOf(c, byKey).key).toBe('a');
    expect(rootOf(annotation({ key: 'd', inReplyTo: 'gone' }), byKey).key).toBe('d');
  });
});
