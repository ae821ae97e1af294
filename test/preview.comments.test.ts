import { execFileSync } from 'node:child_process';
// The preview's mapping of imported comments onto the current pages: from the recorded manuscript
// place to where those characters print now, in both writing modes, after the manuscript changed,
// after a fix was applied, and for comments that cannot be shown (kept and listed, never dropped).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommentsRecord, recordImport, writeCommentsRecord, type CommentImport, type RecordedComment } from '../src/comments/record.js';
import { foldText, sourceTextOf } from '../src/comments/source-text.js';
import { markComments, type PrintedPage } from '../src/preview/comment-marks.js';
import { commentsOnPages, PrintedPages } from '../src/preview/comment-state.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { stateJson } from '../src/preview/server.js';
import type { PageChar } from '../src/proof/page-chars.js';
import { PaibanError } from '../src/util/errors.js';

const FILE = 'manuscripts/a.md';
const RAW = '# 标题\n\n第一段文字，协商议事活动很多。\n\n第二段，凝心聚力。\n';
const SIZE = 10;
const W = 400;
const H = 600;

/**
 * Pages set by hand, SIZE-point characters: horizontal rows from (50, 100) down, or vertical columns
 * from x = 350 leftwards, each line given as a string. Returns the pages and where each character's
 * box is, so expectations are computed independently of the mapping.
 */
function setPages(pages: string[][], writing: 'horizontal' | 'vertical'): PrintedPage[] {
  return pages.map((lines) => ({
    width: W,
    height: H,
    chars: lines.flatMap((line, l) =>
      [...line].map((char, i): PageChar => {
        const x = writing === 'horizontal' ? 50 + i * SIZE + SIZE / 2 : 350 - l * 2 * SIZE;
        const y = writing === 'horizontal' ? 100 + l * 2 * SIZE : 100 + i * SIZE + SIZE / 2;
        return { char, x, y, size: SIZE, font: 'F', left: x - SIZE / 2, top: y - SIZE / 2, width: SIZE, fontSize: SIZE };
      }),
    ),
  }));
}

const PAGES = [['标题', '第一段文字，协商议事活动很多。'], ['第二段，凝心聚力。']];

function recorded(place: RecordedComment['place'], extra: Partial<RecordedComment> = {}): RecordedComment {
  return { author: '校对一', date: '2024-12-01 09:30', text: '删去', type: 'StrikeOut', replies: [], markedPage: 2, markedLine: 3, marked: '协商议事', status: 'mechanical', ...(place ? { place } : {}), ...extra };
}

/** The record of a comment on `target` (its first occurrence after `after`) in RAW, as `paiban comments` writes it. */
function placeIn(raw: string, after: string, target: string, now = target): NonNullable<RecordedComment['place']> {
  const source = sourceTextOf(FILE, FILE, raw, true);
  const at = source.chars.indexOf(foldText(after + target));
  expect(at, `${after}${target} in the manuscript`).toBeGreaterThanOrEqual(0);
  const from = at + foldText(after).length;
  const to = from + foldText(target).length;
  const offset = source.offsets[from]!;
  const before = raw.slice(0, offset);
  return { file: FILE, line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), text: now, before: source.chars.slice(Math.max(0, from - 24), from), after: source.chars.slice(to, to + 24) };
}

const pct = (v: number, whole: number) => Math.round((v / whole) * 10_000) / 100;
const imports = (...comments: RecordedComment[]): CommentImport[] => [{ pdf: 'marked.pdf', importedAt: '2024-12-01T01:30:00.000Z', comments }];

describe.each(['horizontal', 'vertical'] as const)('imported comments on %s pages', (writing) => {
  const pages = setPages(PAGES, writing);
  const source = sourceTextOf(FILE, FILE, RAW, true);

  it('marks the characters a comment covers, on the page they print on now', () => {
    const [comment] = markComments(imports(recorded(placeIn(RAW, '文字，', '协商议事'))), [source], pages, writing);
    expect(comment).toMatchObject({ id: 'c1', page: 1, point: false, located: 'found', place: `${FILE}:3:7`, text: '删去', author: '校对一', from: 'marked.pdf' });
    // 协商议事 is characters 6–9 of the second line of page 1.
    const expected =
      writing === 'horizontal'
        ? { page: 1, x: pct(50 + 6 * SIZE, W), y: pct(100 + 2 * SIZE - SIZE / 2, H), w: pct(4 * SIZE, W), h: pct(SIZE, H) }
        : { page: 1, x: pct(350 - 2 * SIZE - SIZE / 2, W), y: pct(100 + 6 * SIZE, H), w: pct(SIZE, W), h: pct(4 * SIZE, H) };
    expect(comment!.boxes).toEqual([expected]);
  });

  it('finds the characters again after the manuscript changed above them and they moved to another page', () => {
    const changed = RAW.replace('# 标题\n\n', '# 标题\n\n新加一段。\n\n').replace('第一段文字，协商议事活动很多。', '第一段文字。').replace('第二段，', '第二段，协商议事活动，');
    const now = sourceTextOf(FILE, FILE, changed, true);
    const moved = setPages([['标题', '新加一段。', '第一段文字。'], ['第二段，协商议事活动，凝心聚力。']], writing);
    // Recorded before the change, at 第一段文字，[协商议事]活动很多: the text around it differs now, the span text is still there.
    const [comment] = markComments(imports(recorded(placeIn(RAW, '文字，', '协商议事'))), [now], moved, writing);
    expect(comment!.page).toBe(2);
    expect(comment!.located).toBe('text only');
    expect(comment!.place).toBe(`${FILE}:7:5`);
    expect(comment!.boxes).toHaveLength(1);
    expect(comment!.boxes[0]!.page).toBe(2);
  });

  it('shows an applied deletion as a point where the text was', () => {
    const applied = RAW.replace('协商议事活动', '活动');
    const now = sourceTextOf(FILE, FILE, applied, true);
    const after = setPages([['标题', '第一段文字，活动很多。'], PAGES[1]!], writing);
    const [comment] = markComments(imports(recorded(placeIn(RAW, '文字，', '协商议事', ''), { status: 'applied', fix: 'delete' })), [now], after, writing);
    expect(comment).toMatchObject({ page: 1, point: true, located: 'found', status: 'applied' });
    // A bar at the gap before 活动 (character 6 of line 2).
    const box = comment!.boxes[0]!;
    if (writing === 'horizontal') expect(box.x + box.w / 2).toBeCloseTo(pct(50 + 6 * SIZE, W), 1);
    else expect(box.y + box.h / 2).toBeCloseTo(pct(100 + 6 * SIZE, H), 1);
  });

  it('takes the recorded line and column between two occurrences with the same text around them', () => {
    const paragraph = '这是一段重复出现的较长文字用于测试相同上下文的情况，协商议事之后还有一段同样重复的较长文字直到段落结束为止。';
    const raw = `# 标题\n\n${paragraph}\n\n${paragraph}\n`;
    const twice = sourceTextOf(FILE, FILE, raw, true);
    const set = setPages([['标题', paragraph.slice(0, 25), paragraph.slice(25)], [paragraph.slice(0, 25), paragraph.slice(25)]], writing);
    const first = placeIn(raw, '情况，', '协商议事');
    // The second occurrence: same printed context (24 characters each side lie inside the paragraph), line 5.
    const second = { ...first, line: 5 };
    expect(first.line).toBe(3);
    const [one, two] = markComments(imports(recorded(first, { text: 'one' }), recorded(second, { text: 'two' })), [twice], set, writing);
    expect([one!.text, one!.page, one!.place]).toEqual(['one', 1, `${FILE}:3:${first.column}`]);
    expect([two!.text, two!.page, two!.place]).toEqual(['two', 2, `${FILE}:5:${first.column}`]);
  });

  it('keeps and lists what it cannot mark: unplaced, manuscript gone, text gone', () => {
    const comments = markComments(
      imports(
        recorded(undefined, { status: 'unplaced', text: 'margin', markedPage: 4 }),
        recorded({ ...placeIn(RAW, '文字，', '协商议事'), file: 'manuscripts/gone.md' }, { text: 'gone' }),
        recorded(placeIn(RAW, '第二段，', '凝心'), { text: 'here', type: 'Highlight' }),
      ),
      [source],
      pages,
      writing,
    );
    // The one on the pages first, then the others in their order.
    expect(comments.map((c) => [c.id, c.text, c.page, c.boxes.length, c.located ?? 'unplaced'])).toEqual([
      ['c1', 'here', 2, 1, 'found'],
      ['c2', 'margin', undefined, 0, 'unplaced'],
      ['c3', 'gone', undefined, 0, 'not found'],
    ]);
    expect(comments[1]!.markedPage).toBe(4);
  });
});

describe('the comments record', () => {
  let book: string;
  beforeAll(async () => {
    book = await mkdtemp(path.join(tmpdir(), 'paiban-preview-comments-'));
    await mkdir(path.join(book, 'out'));
    await mkdir(path.join(book, 'manuscripts'));
    await writeFile(path.join(book, 'book.yaml'), 'title: 测试\n');
    await writeFile(path.join(book, FILE), RAW);
  });
  afterAll(async () => {
    await rm(book, { recursive: true, force: true });
  });
  it.each([
    ['not JSON', '{"paiban": "comments", '],
    ['another shape', JSON.stringify({ paiban: 'comments', version: 1, imports: [{ pdf: 'a.pdf', importedAt: '', comments: [{ text: 1 }] }] })],
    ['unknown keys', JSON.stringify({ paiban: 'comments', version: 1, imports: [], script: '<script>' })],
  ])('refuses %s with one line, and the preview shows the pages without marks', async (_name, text) => {
    await writeFile(path.join(book, 'out/comments.json'), text);
    await expect(readCommentsRecord(book)).rejects.toThrow(PaibanError);
    const view = await commentsOnPages(book, () => Promise.reject(new Error('no pages wanted')), 'horizontal');
    expect(view.comments).toBeUndefined();
    expect(view.commentsError).toMatch(/^out\/comments\.json: The imported comments are not/);
    expect(view.commentsError).not.toContain('\n');
  });

  it('refuses a record that links outside the book', async () => {
    const outside = path.join(book, '..', `${path.basename(book)}-outside.json`);
    await writeFile(outside, JSON.stringify({ paiban: 'comments', version: 1, imports: [] }));
    await rm(path.join(book, 'out/comments.json'), { force: true });
    await symlink(outside, path.join(book, 'out/comments.json'));
    try {
      expect((await commentsOnPages(book, () => Promise.reject(new Error('no pages wanted')), 'horizontal')).commentsError).toMatch(/outside the book folder/);
    } finally {
      await rm(path.join(book, 'out/comments.json'), { force: true });
      await rm(outside, { force: true });
    }
    expect(await commentsOnPages(book, () => Promise.reject(new Error('no pages wanted')), 'horizontal')).toEqual({});
  });

  it('refuses a named pipe in place of the record at once, without waiting for a writer', async () => {
    await rm(path.join(book, 'out/comments.json'), { force: true });
    execFileSync('mkfifo', [path.join(book, 'out/comments.json')]);
    try {
      expect((await commentsOnPages(book, () => Promise.reject(new Error('no pages wanted')), 'horizontal')).commentsError).toMatch(/^out\/comments\.json: .*not a regular file/);
    } finally {
      await rm(path.join(book, 'out/comments.json'), { force: true });
    }
  });

  it('keeps one import per marked PDF: a second PDF adds, the same PDF again replaces, a damaged record is replaced', async () => {
    const out = path.join(book, 'out');
    await writeFile(path.join(out, 'comments.json'), 'garbage');
    const entry = (pdf: string, text: string): CommentImport => ({ pdf, importedAt: '2024-12-01T00:00:00.000Z', comments: [recorded(undefined, { text })] });
    await writeCommentsRecord(book, entry('a.pdf', 'one'));
    await writeCommentsRecord(book, entry('b.pdf', 'two'));
    await writeCommentsRecord(book, entry('a.pdf', 'three'));
    const record = await readCommentsRecord(book);
    expect(record!.imports.map((i) => [i.pdf, i.comments[0]!.text])).toEqual([
      ['b.pdf', 'two'],
      ['a.pdf', 'three'],
    ]);
    await rm(path.join(out, 'comments.json'));
  });

  it('records status, fix and place of each comment (the pure record of an import)', () => {
    const source = sourceTextOf(FILE, FILE, RAW, true);
    const start = RAW.indexOf('协商议事');
    const annotation = { key: '1 0 R', page: 2, type: 'StrikeOut' as const, author: '校对一', date: 'd', text: '删去', boxes: [], replyType: 'R' as const, pageBox: { x0: 0, y0: 0, x1: 1, y1: 1 } };
    const placement = { source, start, end: start + 4, line: 3, column: 7, contextMatched: true, literal: true };
    const fix = { kind: 'delete' as const, source, start, end: start + 4, expect: '协商议事', insert: '' };
    const comment = { annotation, covered: { text: '协商议事', before: '', after: '', line: 3 }, placement, group: [], replies: [], fix };
    const mechanical = recordImport([comment], [], '/x/marked.pdf', new Date(0)).comments[0]!;
    expect(mechanical).toMatchObject({ status: 'mechanical', fix: 'delete', marked: '协商议事', markedPage: 2, markedLine: 3, place: { file: FILE, line: 3, column: 7, text: '协商议事', before: foldText('标题第一段文字，'), after: foldText('活动很多。第二段，凝心聚力。') } });
    const applied = recordImport([comment], [{ fix, applied: true, line: 3 }], '/x/marked.pdf', new Date(0)).comments[0]!;
    expect(applied).toMatchObject({ status: 'applied', place: { text: '' } });
    const refused = recordImport([comment], [{ fix, applied: false, reason: 'changed', line: 3 }], 'm.pdf', new Date(0)).comments[0]!;
    expect(refused).toMatchObject({ status: 'refused', reason: 'changed' });
  });

  it('writes the state JSON with markup characters escaped, and reads back the same text', () => {
    const hostile = '</script><img src=x onerror=alert(1)>&\u2028';
    const json = stateJson({ build: 1, building: false, title: 't', writing: 'horizontal', dpi: 72, pages: [], changed: [], files: [], comments: [{ ...recorded(undefined), text: hostile, place: `${FILE}:1:1`, id: 'c1', from: 'a.pdf', boxes: [], point: false }] });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json).comments[0].text).toBe(hostile);
  });
});

describe('the pages’ characters for the marks', () => {
  it('reads only pages whose content key it has not seen, and scales to the image', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-printed-'));
    try {
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      for (const text of ['AB', 'CD', 'EF']) pdf.addPage([200, 300]).drawText(text, { x: 20, y: 250, size: 20, font });
      const file = path.join(dir, 'a.pdf');
      await writeFile(file, await pdf.save());
      const page = (key: string) => ({ key, width: 400, height: 600, dpi: 144 });
      const printed = new PrintedPages();
      const text = (pages: { chars: PageChar[] }[]) => pages.map((p) => p.chars.map((c) => c.char).join(''));
      const first = await printed.read(file, [page('a'), page('b'), page('c')]);
      expect(text(first)).toEqual(['AB', 'CD', 'EF']);
      expect([first[0]!.width, first[0]!.height]).toEqual([200, 300]);
      // Known keys are not read again: a missing file proves mutool did not run.
      expect(text(await printed.read(path.join(dir, 'gone.pdf'), [page('c'), page('a')]))).toEqual(['EF', 'AB']);
      // A new key is read from its page (here page 2 of the file), the others come from the cache.
      expect(text(await printed.read(file, [page('c'), page('new')]))).toEqual(['EF', 'CD']);
      // Fresh: everything is read again.
      await expect(printed.read(path.join(dir, 'gone.pdf'), [page('c')], true)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
