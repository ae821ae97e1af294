// The proofreading round trip on the sample's proof PDF, in both writing modes: annotations written
// as readers write them land on the right manuscript line and column, and --apply makes exactly the
// expected corrections (and refuses one whose text changed in the manuscript).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { main } from '../src/cli/main.js';
import { lineColumn } from '../src/comments/place.js';
import { readComments } from '../src/comments/read.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { pageChars } from '../src/proof/page-chars.js';
import { imposeBooklet } from '../src/impose/impose.js';
import { addAnnotation, caretRect, findPrinted, proofToMark, quadsOf, rectOf } from './comments-fixture.js';
import { ESSAYS } from './helpers/essays.js';

const M1 = 'manuscripts/2022-gongzuo-liangdian.md';
const M2 = 'manuscripts/2024-liangdian-huimou.md';

let browser: Browser;
let work: string;
beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-comments-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A copy of the sample book (book.yaml and manuscripts) to apply corrections to. */
async function bookCopy(name: string): Promise<string> {
  const dir = path.join(work, name);
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(dir, 'manuscripts'), { recursive: true });
  await cp(path.join(ESSAYS, 'book.yaml'), path.join(dir, 'book.yaml'));
  return dir;
}

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

/** Where a text starts in the raw manuscript (found independently of the mapping: indexOf). */
async function expected(name: string, context: string, target: string): Promise<{ line: number; column: number; offset: number }> {
  const raw = await readFile(path.join(ESSAYS, name), 'utf8');
  const at = raw.indexOf(context);
  expect(at, `${context} in ${name}`).toBeGreaterThanOrEqual(0);
  expect(raw.indexOf(context, at + 1), `${context} once in ${name}`).toBe(-1);
  const offset = at + context.indexOf(target);
  return { ...lineColumn(raw, offset), offset };
}

describe.each(['horizontal', 'vertical'] as const)('comments on the %s proof', (writing) => {
  let annotated: string;
  let outDir: string;
  beforeAll(async () => {
    outDir = path.join(work, writing);
    await buildBook(ESSAYS, { outDir, writing, browser, env: {}, formats: ['pdf'], lint: false });
    const { pdf, at } = await proofToMark(outDir, writing);
    // 1. strike-out: delete the third 协商议事 (the other two would match by text alone)
    const strike = at('协商议事', '等');
    const q1 = quadsOf(strike.found, strike.height);
    addAnnotation(pdf, strike.page, { subtype: 'StrikeOut', rect: rectOf(q1), quads: q1, author: '校对一', contents: '删去' });
    // 2. caret: insert 地 before 凝心
    const caret = at('凝心聚力', '广泛');
    addAnnotation(pdf, caret.page, { subtype: 'Caret', rect: caretRect(caret.found, caret.height), author: '校对二', contents: '地' });
    // 3. replace-text: caret with the new text, the strike-out grouped with it
    const replaced = at('减阻力', '为利通区改革发展');
    const q3 = quadsOf(replaced.found, replaced.height);
    const parent = addAnnotation(pdf, replaced.page, { subtype: 'Caret', rect: caretRect(replaced.found, replaced.height), author: '校对一', contents: '降阻力' });
    addAnnotation(pdf, replaced.page, { subtype: 'StrikeOut', rect: rectOf(q3), quads: q3, author: '校对一', irt: parent, group: true });
    // 4. highlight with a note 改为：…
    const note = at('奶产业发展', '美丽乡村建设、');
    const q4 = quadsOf(note.found, note.height);
    addAnnotation(pdf, note.page, { subtype: 'Highlight', rect: rectOf(q4), quads: q4, author: '编辑', contents: '改为：奶业发展' });
    // 5. underline with a question, and a reply to it; a PDFDocEncoded note
    const question = at('思想决定行动');
    const q5 = quadsOf(question.found, question.height);
    const asked = addAnnotation(pdf, question.page, { subtype: 'Underline', rect: rectOf(q5), quads: q5, author: '校对二', contents: '此句是否加引号？' });
    addAnnotation(pdf, question.page, { subtype: 'Text', rect: rectOf(q5), author: '编辑', contents: '不加', irt: asked });
    // 6. a highlight over empty margin: cannot be placed, must still be listed
    addAnnotation(pdf, question.page, { subtype: 'Highlight', rect: [1, 1, 8, 8], quads: [1, 8, 8, 8, 1, 1, 8, 1], author: '校对三', contents: 'margin', latin: true });
    annotated = path.join(outDir, 'annotated.pdf');
    await writeFile(annotated, await pdf.save());
  }, 600_000);

  it('places every comment on its manuscript line and column', async () => {
    const { comments } = await readComments(annotated, ESSAYS);
    const byText = (text: string) => comments.find((c) => c.annotation.text === text || c.group.some((g) => g.text === text))!;
    const cases: [string, string, string, string][] = [
      ['删去', M1, '等协商议事活动', '协商议事'],
      ['地', M1, '广泛凝心聚力', '凝心'],
      ['降阻力', M1, '为利通区改革发展减阻力', '减阻力'],
      ['改为：奶业发展', M1, '美丽乡村建设、奶产业发展', '奶产业发展'],
      ['此句是否加引号？', M1, '思想决定行动，方向', '思想决定行动'],
    ];
    for (const [text, file, context, target] of cases) {
      const comment = byText(text);
      const want = await expected(file, context, target);
      expect(comment.placement, text).toBeDefined();
      expect({ text, file: comment.placement!.source.name, line: comment.placement!.line, column: comment.placement!.column, contextMatched: comment.placement!.contextMatched }).toEqual({
        text,
        file,
        line: want.line,
        column: want.column,
        contextMatched: true,
      });
    }
    expect(byText('删去').annotation.author).toBe('校对一');
    expect(byText('此句是否加引号？').replies.map((r) => [r.author, r.text])).toEqual([['编辑', '不加']]);
    expect(byText('margin').placement).toBeUndefined();
    expect(comments.filter((c) => c.fix).map((c) => c.fix!.kind).sort()).toEqual(['delete', 'insert', 'replace', 'replace']);
  });

  it('reports in the vfile format, grouped per manuscript, unplaced ones listed', async () => {
    // A copy: the command records what it imported in the book's out/.
    const dir = await bookCopy(`report-${writing}`);
    const { code, out } = await run(['comments', annotated, dir]);
    expect(code).toBe(1);
    const want = await expected(M1, '等协商议事活动', '协商议事');
    expect(out).toContain(path.relative(process.cwd(), path.join(dir, M1)));
    expect(out).toMatch(new RegExp(`${want.line}:${want.column}\\s+warning\\s+StrikeOut “协商议事” — author “校对一” \\(2024-12-01 09:30\\): 删去 \\[page \\d+, line \\d+\\]`));
    expect(out).toMatch(/Highlight — author “校对三”.*could not be placed/);
    expect(out).toContain('reply — author “编辑”');
  });

  it('--apply makes exactly the expected corrections, and refuses one whose text changed', async () => {
    const dir = await bookCopy(`apply-${writing}`);
    const file = path.join(dir, M1);
    const before = await readFile(file, 'utf8');
    // The manuscript changed since the proof: 奶产业发展 is now 乳业发展.
    await writeFile(file, before.replace('美丽乡村建设、奶产业发展', '美丽乡村建设、乳业发展'));
    const second = await readFile(path.join(dir, M2));
    const { code, out } = await run(['comments', annotated, dir, '--apply']);
    expect(code).toBe(1);
    const want = before
      .replace('等协商议事活动', '等活动')
      .replace('广泛凝心聚力', '广泛地凝心聚力')
      .replace('为利通区改革发展减阻力', '为利通区改革发展降阻力')
      .replace('美丽乡村建设、奶产业发展', '美丽乡村建设、乳业发展');
    expect(await readFile(file, 'utf8')).toBe(want);
    expect(await readFile(path.join(dir, M2))).toEqual(second);
    const line = before.slice(0, before.indexOf('奶产业发展')).split('\n').length;
    expect(out).toMatch(new RegExp(`${line}:\\d+\\s+(error|warning).*改为：奶业发展.*(not applied|no fix).*乳业发展`));
    expect(out).toContain('3 of 3 corrections applied');
  });

  it('maps a comment on the book PDF and on the booklet (imposed sheet) too', async () => {
    const book = path.join(outDir, 'yearbook.pdf');
    const booklet = path.join(outDir, 'booklet.pdf');
    await writeFile(booklet, (await imposeBooklet(await readFile(book), { direction: writing === 'vertical' ? 'rtl' : 'ltr' })).pdf);
    const want = await expected(M1, '美丽乡村建设、奶产业发展', '奶产业发展');
    for (const file of [book, booklet]) {
      const pdf = await PDFDocument.load(await readFile(file));
      const width = pdf.getPage(0).getWidth();
      const sheet = width > pdf.getPage(0).getHeight() ? width : undefined;
      const found = findPrinted(await pageChars(file), '奶产业发展', '美丽乡村建设、', sheet);
      const page = pdf.getPage(found.page - 1);
      const quads = quadsOf(found, page.getHeight());
      addAnnotation(pdf, page, { subtype: 'StrikeOut', rect: rectOf(quads), quads, author: '校对一' });
      const marked = path.join(outDir, `marked-${path.basename(file)}`);
      await writeFile(marked, await pdf.save());
      const { comments } = await readComments(marked, ESSAYS);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.covered.text).toBe('奶产业发展');
      expect(comments[0]!.placement).toMatchObject({ line: want.line, column: want.column, contextMatched: true });
      expect(comments[0]!.fix).toMatchObject({ kind: 'delete', expect: '奶产业发展' });
    }
  });
});
