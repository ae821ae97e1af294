/**
 * The composition audit (proof/audit/) over synthetic pages: what the layout lint reports to an editor
 * (lines off the grid, pages that end short, 孤字, headings at a page foot, running heads on chapter
 * openers, uncompressed punctuation) and where its edges are. Written against the mutants that survived
 * grid.test and punctuation.test.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { typeArea } from '../src/config/grid.js';
import { mmToPoints } from '../src/config/page-size.js';
import { AUDIT_PARTS, auditChars, auditLayout, punctuationPart, type AuditLayout } from '../src/proof/audit/index.js';
import { auditBook, gridPlace } from '../src/proof/audit/lines.js';
import { fullPages, lastLineIndex } from '../src/proof/audit/grid.js';
import { isOrphanChar } from '../src/proof/audit/pages.js';
import type { PageChar } from '../src/proof/page-chars.js';

const PITCH = 18.75;
const EM = 10.5;
const QUAD = 15.2;
const BODY = 'NotoSerifSC-Regular';
const HEADING = 'NotoSansSC-Regular';
const CAPTION = 'LXGWWenKai-Regular';
const layout: AuditLayout = {
  writing: 'horizontal',
  pitch: PITCH,
  lines: 4,
  fonts: { body: 'NotoSerifSC', heading: 'NotoSansSC', caption: 'LXGWWenKai' },
  area: () => ({ left: 100, right: 415, top: 50, bottom: 50 + 4 * PITCH }),
};

interface LineOptions {
  font?: string;
  /** Quad height (mutool's size). */
  size?: number;
  /** First column (em) of the line. */
  column?: number;
  /** Shift of the line's centre from its grid line, pt. */
  off?: number;
}
/** One printed line on grid line `index` (0-based) of the type area, one em per character. */
function line(text: string, index: number, { font = BODY, size = QUAD, column = 0, off = 0 }: LineOptions = {}): PageChar[] {
  const y = 50 + (index + 0.5) * PITCH + off;
  const fontSize = (size / QUAD) * EM;
  return [...text].map((char, i) => ({ char, x: 100 + (column + i + 0.5) * fontSize, y, size, font, left: 100 + (column + i) * fontSize, top: y - size / 2, width: fontSize, fontSize }));
}
const FULL = '政'.repeat(30);
const page = (...lines: PageChar[][]) => lines.flat();
/** A page of `n` full body lines from the top. */
const body = (n: number) => page(...Array.from({ length: n }, (_, i) => line(FULL, i)));
const audit = (pages: PageChar[][]) => auditChars(pages, layout);
const rules = (pages: PageChar[][]) => audit(pages).findings.map((f) => `${f.page} ${f.rule}: ${f.message}`);

describe('the grid part', () => {
  it('takes a line within 0.75 pt of its grid line as on it, either way, measured from the book’s own offset', () => {
    const off = (shift: number) => audit([page(line(FULL, 0), line(FULL, 1, { off: shift }), line(FULL, 2), line(FULL, 3))]).figures.grid!.offGridLines!.value;
    expect([off(0.7), off(-0.7), off(0.8), off(-0.8)]).toEqual([0, 0, 1, 1]);
    // Every line 2 pt low (another font's ascent): the book's own offset, no fault.
    expect(audit([page(line(FULL, 0, { off: 2 }), line(FULL, 1, { off: 2 }), line(FULL, 2, { off: 2 }))]).figures.grid!.offGridLines!.value).toBe(0);
  });

  it('reports the lines off the grid once per page, with the worst distance and the first line’s text', () => {
    const report = audit([page(line(FULL, 0), line(`甲${FULL.slice(1)}`, 1, { off: 3 }), line(FULL, 2, { off: -1.25 }), line(FULL, 3)), body(4), body(1)]);
    expect(report.findings).toEqual([{ rule: 'off-grid', page: 1, text: `甲${FULL.slice(1)}`, message: '2 body line(s) off the line grid, by up to 3.0 pt' }]);
    expect(report.figures.grid).toMatchObject({ bodyLines: { label: 'body lines', value: 9 }, offGridLines: { label: 'body lines off the grid', value: 2 } });
  });

  it('calls a page full when its text runs on to a body page that does not open a chapter', () => {
    const opener = page(line('第一章', 0, { font: HEADING, size: 30 }), line(FULL, 2), line(FULL, 3));
    const contents = page(line('目录一', 0, { font: HEADING }), line('目录二', 1, { font: HEADING }));
    const pages = [body(4), opener, body(3), contents, body(2)];
    const book = auditBook(pages, layout);
    expect([...book.openers]).toEqual([2]);
    expect(fullPages(book)).toEqual([2]);
    // A blank page between two body pages: neither is full.
    expect(fullPages(auditBook([body(4), [], body(4)], layout))).toEqual([]);
    // A large heading with no body text under it (a title page), or with text of another size: no opener.
    const title = page(line('书名', 0, { font: HEADING, size: 30 }));
    const captioned = page(line('第一章', 0, { font: HEADING, size: 30 }), line('图片说明', 2, { font: CAPTION }));
    const small = page(line('第一章', 0, { font: HEADING, size: QUAD * 1.5 }), line(FULL, 2));
    expect([...auditBook([body(2), title, captioned, small, body(2)], layout).openers]).toEqual([]);
    // A heading drawn outside the type area (in the margin) does not make an opener.
    const outside = page(line('第一章', 0, { font: HEADING, size: 30 }).map((c) => ({ ...c, y: 20 })), line(FULL, 2));
    expect([...auditBook([body(2), outside], layout).openers]).toEqual([]);
  });

  it('finds full pages that end short, how many lines short, and the distinct last lines', () => {
    const report = audit([body(4), body(2), body(3), body(1)]);
    expect(report.findings.map((f) => `${f.page} ${f.rule}: ${f.message}`)).toEqual([
      '2 short-page: the page ends 2 line(s) above the last line of the type area, and its text runs on',
      '3 short-page: the page ends 1 line(s) above the last line of the type area, and its text runs on',
    ]);
    expect(report.figures.grid).toMatchObject({
      fullPages: { label: 'full pages (text runs on)', value: 3 },
      fullPagesShort: { label: 'full pages not ending on the last line', value: 2 },
      lastLinePositions: { label: 'distinct last lines of full pages', value: 3 },
      maxBlankLinesAtEnd: { label: 'most empty lines at the end of a full page', value: 2 },
    });
  });

  it('places a line on its grid line (never before the first), and finds a page’s last line', () => {
    expect(gridPlace(-5, PITCH)).toEqual({ index: 0, offset: -5 - PITCH / 2 });
    expect(gridPlace(PITCH * 1.5 + 1, PITCH)).toEqual({ index: 1, offset: 1 });
    expect(gridPlace(PITCH * 2 - 0.01, PITCH).index).toBe(1);
    expect(gridPlace(PITCH * 2 + 0.01, PITCH).index).toBe(2);
    const book = auditBook([page(line(FULL, 3), line(FULL, 0))], layout);
    expect(lastLineIndex(book.lines, PITCH)).toBe(3);
  });

  it('ends a page on a caption half a line off the grid where the half line below it ends', () => {
    // Text on lines 0–1, a caption between lines 2 and 3 (half a line above and below it): the page is full.
    const halfway = auditBook([page(line(FULL, 0), line(FULL, 1), line('利通区政协开展活动。', 2, { font: CAPTION, off: PITCH / 2 - 0.7 }))], layout);
    expect(lastLineIndex(halfway.lines, PITCH)).toBe(3);
    // A caption on its grid line (its half lines given up) ends there; body text half a line off is not a caption.
    expect(lastLineIndex(auditBook([page(line(FULL, 0), line('利通区政协开展活动。', 2, { font: CAPTION }))], layout).lines, PITCH)).toBe(2);
    expect(lastLineIndex(auditBook([page(line(FULL, 0), line(FULL, 2, { off: PITCH / 2 - 0.1 }))], layout).lines, PITCH)).toBe(2);
  });
});

describe('lines and their kinds', () => {
  it('reads only the type area, within 2 pt of its edges', () => {
    const inside = [{ ...line('甲', 0)[0]!, x: 98.5 }, { ...line('乙', 1)[0]!, x: 416.5 }, { ...line('丙', 2)[0]!, y: 48.5 }, { ...line('丁', 3)[0]!, y: 50 + 4 * PITCH + 1.5 }];
    const outside = [{ ...line('戊', 0)[0]!, x: 97.5 }, { ...line('己', 1)[0]!, x: 417.5 }, { ...line('庚', 2)[0]!, y: 47.5 }, { ...line('辛', 3)[0]!, y: 50 + 4 * PITCH + 2.5 }];
    expect(auditBook([[...inside, ...outside]], layout).lines.map((l) => l.text)).toEqual(['丙', '甲', '乙', '丁']);
  });

  it('classifies lines by their main font: body, heading, title (a heading 1.5 × the body), caption, other (body type of another size)', () => {
    const book = auditBook(
      [page(line('大标题', 0, { font: HEADING, size: QUAD * 1.6 }), line('小标题', 1, { font: HEADING, size: QUAD * 1.4 }), line(FULL, 2), line('图片说明文字', 3, { font: CAPTION }))],
      layout,
    );
    expect(book.lines.map((l) => l.kind)).toEqual(['title', 'heading', 'body', 'caption']);
    expect(book.bodyQuad).toBe(QUAD);
    const sizes = auditBook([page(line(FULL, 0), line(FULL, 1), line('注文', 2, { size: QUAD * 1.12 }), line('注文', 3, { size: QUAD * 1.08 }))], layout);
    expect(sizes.lines.map((l) => l.kind)).toEqual(['body', 'body', 'other', 'body']);
    // A font none of the book's: other.
    expect(auditBook([line('Helvetica', 0, { font: 'Helvetica' })], layout).lines[0]!.kind).toBe('other');
  });

  it('measures where a line sits and where it starts and ends, by its Han characters', () => {
    const [l] = auditBook([page(line('ab政治', 1, { column: 2 }), line(FULL, 0))], layout).lines.filter((x) => x.text === 'ab政治');
    expect(l!.at).toBeCloseTo(1.5 * PITCH, 6);
    expect(l!.from).toBeCloseTo(2.5 * EM - QUAD * 0.35, 6);
    expect(l!.to).toBeCloseTo(5.5 * EM + QUAD * 0.35, 6);
    // A Han character set higher than Latin letters: the Han one decides.
    const mixed = [...line('ab', 1, { off: 4 }), ...line('政', 1, { column: 2 })];
    expect(auditBook([mixed], layout).lines[0]!.at).toBeCloseTo(1.5 * PITCH, 6);
  });

  it('in a vertical book, a few digits side by side in a column are an upright number, not a line of their own', () => {
    const vertical: AuditLayout = { ...layout, writing: 'vertical', area: () => ({ left: 100, right: 415, top: 50, bottom: 365 }) };
    const column = (text: string, index: number, x = 415 - (index + 0.5) * PITCH) =>
      [...text].map((char, i) => ({ char, x, y: 50 + (i + 0.5) * EM, size: QUAD, font: BODY, left: x - EM / 2, top: 50 + i * EM, width: EM, fontSize: EM }));
    const digits = ['1', '2'].map((char, i) => ({ char, x: 415 - 2.5 * PITCH + (i - 0.5) * 5, y: 50 + 3.5 * EM, size: QUAD, font: BODY, left: 0, top: 50 + 3 * EM, width: 5, fontSize: EM }));
    const book = auditBook([[...column('政治协商会议', 0), ...column('人民政协', 1), ...digits]], vertical);
    expect(book.lines.map((l) => [l.text, l.kind])).toEqual([['政治协商会议', 'body'], ['人民政协', 'body'], ['12', 'other']]);
    expect(book.lines[1]!.at).toBeCloseTo(1.5 * PITCH, 6);
    expect(book.lines[0]!.from).toBeCloseTo(0.5 * EM - QUAD * 0.35, 6);
  });
});

describe('the pages part', () => {
  it('finds a running head on a chapter-opening page only', () => {
    const head = line('章名', 0, { font: HEADING, size: 10 }).map((c) => ({ ...c, y: 40 }));
    const opener = page(line('第一章', 0, { font: HEADING, size: 30 }), line(FULL, 2), line(FULL, 3), head);
    expect(rules([opener, page(body(4), head)])).toContain('1 running-head-on-opener: the chapter-opening page carries a running head “章名”');
    expect(audit([opener, page(body(4), head)]).figures.pages).toMatchObject({ chapterOpeners: { value: 1 }, runningHeadsOnOpeners: { value: 1 } });
    // Just inside the area's top (within 2 pt): not a running head.
    const low = head.map((c) => ({ ...c, y: 48.5 }));
    expect(rules([page(line('第一章', 0, { font: HEADING, size: 30 }), line(FULL, 2), line(FULL, 3), low)]).filter((r) => r.includes('running-head'))).toEqual([]);
  });

  it('finds a 孤字: a last line of one letter (with its mark) or two characters, at the line start, under a full line', () => {
    const orphan = (last: string, { column = 0, previous = FULL } = {}) => rules([page(line(previous, 0), line(last, 1, { column }))]).filter((r) => r.includes('orphan'));
    expect(orphan('大。')).toEqual(['1 orphan-char: the last line of a paragraph is only “大。” (孤字)']);
    expect(orphan('大')).toHaveLength(1);
    expect(orphan('大小')).toHaveLength(1);
    expect(orphan('“大”。')).toHaveLength(1);
    expect(orphan('大小。')).toEqual([]);
    // Indented: a paragraph of its own. Under a line that is not full: not a last line.
    expect(orphan('大', { column: 2 })).toEqual([]);
    expect(orphan('大', { column: 0.5 })).toHaveLength(1);
    expect(orphan('大', { previous: FULL.slice(1) })).toEqual([]);
    expect(orphan('大', { previous: `${FULL.slice(1)}。`.slice(0, 30) })).toHaveLength(1);
    expect(audit([page(line(FULL, 0), line('大', 1))]).findings[0]!.text).toBe(`${FULL}大`);
  });

  it('judges a 孤字 only between body lines, against the measure and the em', () => {
    const [full, last] = auditBook([page(line(FULL, 0), line('大', 1))], layout).lines;
    expect(isOrphanChar(last!, full, 315, EM)).toBe(true);
    expect(isOrphanChar(last!, undefined, 315, EM)).toBe(false);
    expect(isOrphanChar(last!, { ...full!, kind: 'heading' }, 315, EM)).toBe(false);
    expect(isOrphanChar({ ...last!, kind: 'caption' }, full, 315, EM)).toBe(false);
    // The previous line ends within 0.6 em of the measure: full.
    expect(isOrphanChar(last!, { ...full!, to: 315 - 0.59 * EM }, 315, EM)).toBe(true);
    expect(isOrphanChar(last!, { ...full!, to: 315 - 0.61 * EM }, 315, EM)).toBe(false);
    expect(isOrphanChar({ ...last!, from: 0.59 * EM }, full, 315, EM)).toBe(true);
    expect(isOrphanChar({ ...last!, from: 0.61 * EM }, full, 315, EM)).toBe(false);
  });

  it('finds a heading at the foot of a page with fewer than two lines under it, not on the last page', () => {
    const heading = (index: number) => line('小标题', index, { font: HEADING });
    expect(rules([page(line(FULL, 0), line(FULL, 1), line(FULL, 2), heading(3)), body(2)])).toEqual([
      '1 heading-at-foot: the heading “小标题” is the last line of the page; its text starts on the next page',
    ]);
    expect(rules([page(line(FULL, 0), line(FULL, 1), heading(2), line(FULL, 3)), body(2)])).toEqual([
      '1 heading-at-foot: the heading “小标题” has only one line of text under it at the foot of the page',
    ]);
    expect(rules([page(line(FULL, 0), heading(1), line(FULL, 2), line(FULL, 3)), body(2)])).toEqual([]);
    // On the last page a heading ends nothing.
    expect(rules([body(4), page(line(FULL, 0), line(FULL, 1), line(FULL, 2), heading(3))])).toEqual([]);
    // Two headings in a row: the second one is judged.
    const twice = audit([page(line(FULL, 0), line(FULL, 1), heading(2), line('二级标题', 3, { font: HEADING })), body(2)]);
    expect(twice.findings.map((f) => f.text)).toEqual(['二级标题']);
    expect(twice.figures.pages!.headingsAtFoot!.value).toBe(1);
    // A caption under it: not a heading left alone.
    expect(rules([page(line(FULL, 0), line(FULL, 1), heading(2), line('图片说明', 3, { font: CAPTION })), body(2)])).toEqual([]);
  });
});

describe('the audit as a whole', () => {
  it('runs the parts it is given, findings in page order', () => {
    const pages = [page(line(FULL, 0), line(FULL, 1), line(FULL, 2), line('小标题', 3, { font: HEADING })), body(2), page(line(FULL, 0, { off: 3 }), line(FULL, 1), line(FULL, 2))];
    const report = auditChars(pages, layout);
    expect(report.findings.map((f) => `${f.page} ${f.rule}`)).toEqual(['1 heading-at-foot', '2 short-page', '3 off-grid']);
    expect(Object.keys(report.figures)).toEqual(Object.keys(AUDIT_PARTS));
    expect([report.pages, report.writing]).toEqual([3, 'horizontal']);
    const only = auditChars(pages, layout, { pages: AUDIT_PARTS.pages! });
    expect(Object.keys(only.figures)).toEqual(['pages']);
    expect(only.findings.map((f) => f.rule)).toEqual(['heading-at-foot']);
  });

  it('reports uncompressed adjacent marks with their advance, and the punctuation figures', () => {
    const marks = [...line('甲乙', 0), ...line('”，', 0, { column: 2 }), ...line('丙丁', 0, { column: 4 })];
    const part = punctuationPart(auditBook([marks], layout));
    expect(part.findings).toEqual([{ rule: 'uncompressed-pair', page: 1, text: '甲乙”，丙丁', message: 'adjacent marks “”，” not compressed (2 em)' }]);
    expect(part.figures).toMatchObject({ pairs: { label: 'adjacent punctuation pairs', value: 1 }, uncompressedPairs: { label: 'uncompressed adjacent pairs (2 em)', value: 1 } });
    expect(Object.keys(part.figures)).toEqual(['pairs', 'uncompressedPairs', 'lineEndMarks', 'fullLineEndMarks', 'spreadFullLineEnds', 'spreadLines', 'maxExtraPt', 'spreadOverLimit']);
  });

  it('measures against the type area of book.yaml: mirrored margins, right to left in a vertical book', () => {
    const config = parseConfig('title: 书\npage:\n  margins: { top: 20, bottom: 20, inner: 25, outer: 15 }\n', 'book.yaml');
    const area = typeArea(config);
    const horizontal = auditLayout(config);
    expect([horizontal.pitch, horizontal.lines, horizontal.writing]).toEqual([area.pitchPt, area.lines, 'horizontal']);
    expect(horizontal.fonts).toEqual({ body: 'NotoSerifSC', heading: 'NotoSansSC', caption: 'LXGWWenKai' });
    const width = mmToPoints(config.page.size.widthMm);
    expect(horizontal.area(1)).toEqual({ left: mmToPoints(area.margins.inner), right: width - mmToPoints(area.margins.outer), top: mmToPoints(area.margins.top), bottom: mmToPoints(config.page.size.heightMm) - mmToPoints(area.margins.bottom) });
    expect(horizontal.area(2).left).toBeCloseTo(mmToPoints(area.margins.outer), 6);
    const vertical = auditLayout({ ...config, writing: 'vertical' });
    expect(vertical.area(1).left).toBeCloseTo(mmToPoints(typeArea({ ...config, writing: 'vertical' }).margins.outer), 6);
    expect(vertical.area(2).left).toBeCloseTo(mmToPoints(typeArea({ ...config, writing: 'vertical' }).margins.inner), 6);
  });

  it('measures a book made before the grid by book.yaml’s margins and size × leading', () => {
    const config = parseConfig('title: 书\npage:\n  margins: { top: 20, bottom: 20, inner: 25, outer: 15 }\n', 'book.yaml');
    const legacy = auditLayout(config, true);
    const pitch = config.fonts.size * config.fonts.leading;
    expect(legacy.pitch).toBe(pitch);
    expect(legacy.lines).toBe(Math.floor((mmToPoints(config.page.size.heightMm) - mmToPoints(40)) / pitch));
    expect(legacy.area(1).left).toBeCloseTo(mmToPoints(25), 6);
    expect(legacy.area(1).right).toBeCloseTo(mmToPoints(config.page.size.widthMm) - mmToPoints(15), 6);
    const vertical = auditLayout({ ...config, writing: 'vertical' }, true);
    expect(vertical.lines).toBe(Math.floor((mmToPoints(config.page.size.widthMm) - mmToPoints(40)) / pitch));
  });
});

// ---------------------------------------------------------------------------------------------------
// The punctuation part: adjacent marks, line-end marks, spread lines.

import { auditPunctuation, formatPunctuationSummary, summarizePunctuation } from '../src/proof/audit/punctuation.js';
import type { PrintedLine } from '../src/proof/page-chars.js';

/** A line of [char, advance in em] from 50 pt, 10 pt type (as punctuation.test builds them). */
function printed(page: number, items: [string, number][], writing: 'horizontal' | 'vertical' = 'horizontal', fontSize = 10): PrintedLine {
  let at = 50;
  const chars: PageChar[] = items.map(([char, advance]) => {
    const c: PageChar = { char, x: 0, y: 0, size: fontSize * 1.4, font: 'NotoSerifSC', left: writing === 'horizontal' ? at : 100, top: writing === 'horizontal' ? 100 : at, width: fontSize, fontSize };
    at += advance * fontSize;
    return c;
  });
  return { page, chars, text: items.map(([c]) => c).join('') };
}
const han = (text: string, advance = 1): [string, number][] => [...text].map((c) => [c, advance]);
const TWELVE = '一二三四五六七八九十百千';
const full = (page = 1, writing: 'horizontal' | 'vertical' = 'horizontal') => printed(page, han(TWELVE), writing);

describe('the punctuation part', () => {
  it('reads vertical presentation forms as the marks they stand for', () => {
    const lines = [full(1, 'vertical'), full(1, 'vertical'), printed(1, [...han('甲乙'), ['﹂', 1], ['︐', 1], ...han('丙丁戊己庚辛壬'), ['︒', 1]], 'vertical')];
    const audit = auditPunctuation(lines, 'vertical');
    expect(audit.pairs.map((p) => p.pair)).toEqual(['」，']);
    expect(audit.lineEnds.map((l) => l.char)).toEqual(['。']);
  });

  it('measures line ends against the edge of the page’s full lines, or the book’s when the page has none', () => {
    // Page 2 has no full line: the edge of page 1 (the book's most common) is used.
    const lines = [full(1), full(1), printed(2, [...han('一二三四五六七八九十百'), ['，', 1]])];
    expect(auditPunctuation(lines, 'horizontal').lineEnds.map((l) => [l.page, l.widthEm])).toEqual([[2, 1]]);
    // One full line is no edge: nothing is measured.
    expect(auditPunctuation([full(1), printed(1, [...han('一二三四五六七八九十百'), ['，', 1]])], 'horizontal').lineEnds).toEqual([]);
    // Lines of four characters or fewer, or ending in a mark, do not make an edge.
    const short = [printed(1, han('一二三四')), printed(1, han('一二三四')), printed(1, [...han('一二'), ['，', 1]])];
    expect(auditPunctuation(short, 'horizontal').lineEnds).toEqual([]);
  });

  it('counts a mark at a line end only between 0.3 and 1.2 em from the edge (a short last line is not a line end)', () => {
    const end = (room: number) => auditPunctuation([full(), full(), printed(1, [...han('一二三四五六七八九十'), ['。', 2 - room], ['，', room]])], 'horizontal').lineEnds.map((l) => l.widthEm);
    expect(end(1)).toEqual([1]);
    expect(end(1.15)).toEqual([1.15]);
    expect(end(1.25)).toEqual([]);
    expect(end(0.35)).toEqual([0.35]);
    expect(end(0.25)).toEqual([]);
  });

  it('sums up: kinds of uncompressed pairs by frequency, full-width line ends on spread lines, spread lines and the widest', () => {
    const spreadLine = (page: number, extra: number, end: [string, number][] = []) => printed(page, [...han('一二三四五六七八九十百', 1 + extra), ...end]);
    const lines = [
      full(1),
      full(1),
      printed(1, [...han('甲乙'), ['”', 1], ['，', 1], ...han('丙丁'), ['）', 1], ['。', 1], ...han('戊己'), ['”', 1], ['，', 1], ...han('庚辛')]),
      // A full-width comma at the end of a line spread by 0.1 em a gap: the fault squeeze-before-spread avoids.
      printed(1, [...han('一二三四五六七八九十', 1.1), ['，', 1]]),
      spreadLine(2, 0.02),
      spreadLine(2, 0.04),
    ];
    const summary = summarizePunctuation(auditPunctuation(lines, 'horizontal'));
    expect(summary).toMatchObject({ pairs: 3, uncompressedPairs: 3, uncompressedKinds: ['”，×2', '）。×1'], lineEndMarks: 1, fullLineEndMarks: 1, spreadFullLineEnds: 1, spreadLines: 1, lines: 4, maxExtraEm: 0.04, maxExtraPt: 0.4, maxExtraPage: 2 });
    expect(formatPunctuationSummary(summary)).toBe(
      [
        'adjacent marks: 3 pairs, 3 uncompressed (”，×2 ）。×1)',
        'line-end ，。、；：: 1, 1 full width, 1 of them on a spread line',
        'spacing: 1 of 4 lines spread ≥ 0.35 pt a gap; widest 0.4 pt = 0.04 em (p2); 0 lines with a full-width mark spread > 0.15 em',
      ].join('\n'),
    );
    const none = summarizePunctuation(auditPunctuation([], 'horizontal'));
    expect(none).toMatchObject({ pairs: 0, maxExtraEm: 0, maxExtraPt: 0, maxExtraPage: undefined });
    expect(formatPunctuationSummary(none)).toContain('adjacent marks: 0 pairs, 0 uncompressed\n');
    expect(formatPunctuationSummary(none)).toContain('widest 0 pt = 0 em;');
  });

  it('measures spread only on lines of at least ten gaps between Han characters of one size', () => {
    const nine = printed(1, han('一二三四五六七八九十', 1.1));
    const ten = printed(1, han('一二三四五六七八九十百', 1.1));
    expect(auditPunctuation([nine], 'horizontal').lines).toEqual([]);
    expect(auditPunctuation([ten], 'horizontal').lines.map((l) => l.extraEm)).toEqual([0.1]);
    // Characters of another size do not make gaps.
    const mixed = printed(1, han('一二三四五六七八九十百', 1.1));
    mixed.chars[5] = { ...mixed.chars[5]!, fontSize: 12 };
    expect(auditPunctuation([mixed], 'horizontal').lines).toEqual([]);
  });

  it('in vertical text takes the digits of an upright number as one unit along the column', () => {
    const column = printed(1, [...han('二〇'), ['2', 0], ['4', 1], ...han('年一二三四五六七八九十')], 'vertical');
    // 2 and 4 stand at one height: the line has no pair and its Han gaps are all 0.
    const audit = auditPunctuation([column], 'vertical');
    expect(audit.lines.map((l) => l.extraEm)).toEqual([0]);
  });

  it('flags a line spread over 0.15 em a gap only when it has a full-width mark it could have squeezed', () => {
    const withMark = printed(1, [...han('一二三四五', 1.2), ['，', 1.2], ...han('六七八九十百千万', 1.2)]);
    const without = printed(1, han('一二三四五六七八九十百千万', 1.2));
    const halved = printed(1, [...han('一二三四五', 1.2), ['，', 0.5], ...han('六七八九十百千万', 1.2)]);
    const audit = auditPunctuation([full(), full(), withMark, without, halved], 'horizontal');
    expect(audit.lines.map((l) => l.compressibleMark)).toEqual([false, false, true, false, false]);
    expect(summarizePunctuation(audit).spreadOverLimit).toBe(1);
    // An opening mark of a full em is squeezable too.
    const opening = printed(1, [...han('一二三四五', 1.2), ['“', 1.2], ...han('六七八九十百千万', 1.2)]);
    expect(auditPunctuation([opening], 'horizontal').lines[0]!.compressibleMark).toBe(true);
  });
});
