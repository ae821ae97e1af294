// The proofreaders' comments in the preview, end to end in both writing modes: a proof PDF of the
// sample annotated as readers write it, `paiban comments --apply` on a copy of the book, then the
// preview shows each comment on the current build's page, over the characters it covers now, with its
// list entry; a hostile comment text arrives as text; a damaged record is one line, pages still shown.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { main } from '../src/cli/main.js';
import { CHROMIUM_ARGS, findChromium, launchChromium, OFFLINE_ARGS } from '../src/pdf/chromium.js';
import type { PreviewComment } from '../src/preview/comment-marks.js';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';
import { addAnnotation, caretRect, findPrinted, proofToMark, quadsOf, rectOf } from './comments-fixture.js';
import { ESSAYS } from './helpers/essays.js';

const HOSTILE = '</script><img src=x onerror="document.body.dataset.pwned=1">';

let browser: Browser;
let viewer: Browser;
let work: string;
beforeAll(async () => {
  browser = await launchChromium();
  // The page is viewed as a user views it: in a browser that may reach loopback.
  viewer = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS.filter((arg) => !OFFLINE_ARGS.includes(arg)) });
  work = await mkdtemp(path.join(tmpdir(), 'paiban-preview-comments-'));
}, 60_000);
afterAll(async () => {
  await viewer?.close();
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    })
      .on('error', reject)
      .end();
  });
}

/** Annotates the proof of `dir` as readers do; returns the marked PDF. */
async function markProof(dir: string, writing: 'horizontal' | 'vertical'): Promise<string> {
  const outDir = path.join(work, `proof-${writing}`);
  await buildBook(dir, { outDir, writing, browser, env: {}, formats: ['pdf'], lint: false });
  const { pdf, at } = await proofToMark(outDir, writing);
  const span = (subtype: string, where: ReturnType<typeof at>, author: string, contents?: string) => {
    const quads = quadsOf(where.found, where.height);
    return addAnnotation(pdf, where.page, { subtype, rect: rectOf(quads), quads, author, ...(contents !== undefined ? { contents } : {}) });
  };
  span('StrikeOut', at('协商议事', '等'), '校对一', '删去');
  const caret = at('凝心聚力', '广泛');
  addAnnotation(pdf, caret.page, { subtype: 'Caret', rect: caretRect(caret.found, caret.height), author: '校对二', contents: '地' });
  const replaced = at('减阻力', '为利通区改革发展');
  const parent = addAnnotation(pdf, replaced.page, { subtype: 'Caret', rect: caretRect(replaced.found, replaced.height), author: '校对一', contents: '降阻力' });
  const q = quadsOf(replaced.found, replaced.height);
  addAnnotation(pdf, replaced.page, { subtype: 'StrikeOut', rect: rectOf(q), quads: q, author: '校对一', irt: parent, group: true });
  const question = at('思想决定行动');
  const asked = span('Underline', question, '校对二', '此句是否加引号？');
  addAnnotation(pdf, question.page, { subtype: 'Text', rect: rectOf(quadsOf(question.found, question.height)), author: '编辑', contents: '不加', irt: asked });
  addAnnotation(pdf, question.page, { subtype: 'Highlight', rect: [1, 1, 8, 8], quads: [1, 8, 8, 8, 1, 1, 8, 1], author: '校对三', contents: 'margin' });
  span('Highlight', at('饱含为民情怀'), `<b>${HOSTILE}</b>`, HOSTILE);
  const marked = path.join(outDir, `marked-${writing}.pdf`);
  await writeFile(marked, await pdf.save());
  return marked;
}

/** Where `text` (after `after`) prints in a PDF's pages: its page and its characters' centres in percent of the page. */
async function printedAt(pdfFile: string, text: string, after: string): Promise<{ page: number; centres: { x: number; y: number }[]; chars: PageChar[] }> {
  const found = findPrinted(await pageChars(pdfFile), text, after);
  const page = (await PDFDocument.load(await readFile(pdfFile))).getPage(found.page - 1);
  return { page: found.page, chars: found.chars, centres: found.chars.map((c) => ({ x: (c.x / page.getWidth()) * 100, y: (c.y / page.getHeight()) * 100 })) };
}

const inside = (p: { x: number; y: number }, boxes: PreviewComment['boxes']) => boxes.some((b) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h);

describe.each(['horizontal', 'vertical'] as const)('the preview shows the imported comments (%s)', (writing) => {
  let dir: string;
  let preview: PreviewServer;
  let page: Page;
  let comments: PreviewComment[];
  const cspErrors: string[] = [];
  const byText = (text: string) => comments.find((c) => c.text === text)!;

  beforeAll(async () => {
    dir = path.join(work, `book-${writing}`);
    await cp(path.join(ESSAYS, 'manuscripts'), path.join(dir, 'manuscripts'), { recursive: true });
    await cp(path.join(ESSAYS, 'book.yaml'), path.join(dir, 'book.yaml'));
    const marked = await markProof(dir, writing);
    const out: string[] = [];
    const code = await main(['comments', marked, dir, '--apply'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(1); // one comment could not be placed
    expect(out.join('\n')).toContain('3 of 3 corrections applied');
    preview = await startPreview(dir, { port: 0, browser, writing, dpi: 72 });
    page = await viewer.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(preview.url);
    await page.waitForFunction(() => Number(document.body.dataset.build) >= 1, undefined, { timeout: 120_000 });
    comments = preview.session.current.comments!;
    const t = preview.session.current.timings!;
    console.log(`comments on the first build (${writing}): ${comments.length} placed in ${(t.comments * 1000).toFixed(0)} ms (every page read); build ${t.build.toFixed(2)} s, pages ${t.pages.toFixed(2)} s`);
  }, 600_000);
  afterAll(async () => {
    await page?.close();
    await preview?.close();
  });

  it('serves every comment, with its text, author, status and manuscript place, on the page it prints on now', async () => {
    expect(preview.session.current.error).toBeUndefined();
    expect(preview.session.current.commentsError).toBeUndefined();
    const raw = await get(`${preview.url}state.json`);
    expect(raw).not.toContain('</script>');
    expect(raw).not.toContain('<img');
    const served = JSON.parse(raw) as { comments: PreviewComment[]; commentsFrom: string[] };
    expect(served.comments).toEqual(comments);
    expect(served.commentsFrom).toEqual([`marked-${writing}.pdf`]);
    expect(comments.map((c) => [c.text, c.status]).sort()).toEqual(
      [
        ['删去', 'applied'],
        ['地', 'applied'],
        ['降阻力', 'applied'],
        ['此句是否加引号？', 'by hand'],
        ['margin', 'unplaced'],
        [HOSTILE, 'by hand'],
      ].sort(),
    );
    const pdf = preview.session.pdf!;
    // Spans: every character's centre, found in the current PDF independently (fixture reader), lies in a mark on its page.
    const spans: [string, string, string][] = [
      ['地', '地', '广泛'],
      ['降阻力', '降阻力', '为利通区改革发展'],
      ['此句是否加引号？', '思想决定行动', ''],
      [HOSTILE, '饱含为民情怀', ''],
    ];
    for (const [text, printed, after] of spans) {
      const comment = byText(text);
      const want = await printedAt(pdf, printed, after);
      expect({ text, page: comment.page, point: comment.point, located: comment.located }).toEqual({ text, page: want.page, point: false, located: 'found' });
      for (const centre of want.centres) expect(inside(centre, comment.boxes.filter((b) => b.page === want.page)), `${text}: ${printed} covered`).toBe(true);
      // … and the marks are no bigger than the characters' lines (one box per line, a character's size across).
      const size = (want.chars[0]!.fontSize / 595) * 100 * 1.6;
      for (const box of comment.boxes) expect(Math.min(box.w, box.h), text).toBeLessThan(size);
    }
    // The applied deletion: a point at the gap where 协商议事 was (before 活动 in 等活动).
    const deleted = byText('删去');
    const gap = await printedAt(pdf, '活动', '等');
    expect([deleted.page, deleted.point]).toEqual([gap.page, true]);
    const bar = deleted.boxes[0]!;
    const next = gap.centres[0]!;
    expect(Math.hypot(bar.x + bar.w / 2 - next.x, bar.y + bar.h / 2 - next.y)).toBeLessThan(3);
    // Places are the current manuscript's line:column.
    const raw2 = await readFile(path.join(dir, 'manuscripts/2022-gongzuo-liangdian.md'), 'utf8');
    const offset = raw2.indexOf('广泛地凝心') + 2;
    const line = raw2.slice(0, offset).split('\n').length;
    expect(byText('地').place).toBe(`manuscripts/2022-gongzuo-liangdian.md:${line}:${offset - raw2.lastIndexOf('\n', offset - 1)}`);
    expect(byText(HOSTILE).place).toMatch(/^manuscripts\/2024-liangdian-huimou\.md:\d+:\d+$/);
    // Unplaced: kept, with its page in the marked PDF, no marks.
    const margin = byText('margin');
    expect(margin.boxes).toEqual([]);
    expect(margin.markedPage).toBe(byText('此句是否加引号？').markedPage);
    expect(byText('此句是否加引号？').replies.map((r) => [r.author, r.text])).toEqual([['编辑', '不加']]);
  });

  it('draws a mark per box and a list entry per comment; hostile text stays text; a click scrolls to the page', async () => {
    await page.waitForFunction(() => document.body.dataset.comments === '6');
    const marks = await page.$$eval('.mark', (elements) => elements.map((e) => [(e as HTMLElement).dataset.id, e.closest('figure')!.dataset.page]));
    const expected = comments.flatMap((c) => c.boxes.map((b) => [c.id, String(b.page)]));
    expect(marks.sort()).toEqual(expected.sort());
    const entries = await page.$$eval('#comments li.comment', (items) => items.map((li) => li.textContent ?? ''));
    expect(entries).toHaveLength(6);
    expect(entries.some((text) => text.includes(HOSTILE))).toBe(true);
    expect(entries.some((text) => text.includes('could not be placed') && text.includes(`p. ${byText('margin').markedPage}`))).toBe(true);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    expect(await page.$$('img[src="x"], #comments b')).toHaveLength(0);
    expect(cspErrors).toEqual([]);

    // A click on an entry, or Enter on it, brings its page into the pages' pane (whole, both ways) and marks it active.
    const inView = (n: number) =>
      page.waitForFunction((n) => {
        const r = document.getElementById(`page-${n}`)!.getBoundingClientRect();
        const pane = document.querySelector('main')!.getBoundingClientRect();
        return r.top >= pane.top - 1 && r.bottom <= pane.bottom + 1 && r.left >= pane.left - 1 && r.right <= pane.right + 1;
      }, n);
    const deleted = byText('删去');
    await page.locator(`#comments li[data-id="${deleted.id}"]`).click();
    await inView(deleted.page!);
    expect(await page.$$eval('.mark.active', (e) => e.map((m) => (m as HTMLElement).dataset.id))).toEqual([deleted.id]);
    const shots = process.env.PAIBAN_SCREENSHOTS; // for a person to look at, never compared
    if (shots) await page.screenshot({ path: path.join(shots, `preview-comments-${writing}-applied.png`) });
    const target = byText(HOSTILE);
    expect(target.page).not.toBe(deleted.page);
    await page.locator(`#comments li[data-id="${target.id}"]`).focus();
    await page.keyboard.press('Enter');
    await inView(target.page!);
    expect(await page.$$eval('.mark.active', (e) => e.length)).toBe(target.boxes.length);
    if (shots) await page.screenshot({ path: path.join(shots, `preview-comments-${writing}.png`) });
  });

  it('an edit above the comments moves their marks with the text, to where it prints after the rebuild', async () => {
    const file = path.join(dir, 'manuscripts/2022-gongzuo-liangdian.md');
    const text = await readFile(file, 'utf8');
    const added = `${'新增段落用于推移后文的版面位置，'.repeat(12)}完。\n\n`;
    const edited = text.replace('\n\n一条条务实精准的建言', `\n\n${added}一条条务实精准的建言`);
    expect(edited).not.toBe(text);
    const build = preview.session.current.build;
    const before = byText('地');
    await writeFile(file, edited);
    await page.waitForFunction((n) => Number(document.body.dataset.build) > n, build, { timeout: 120_000 });
    await preview.session.idle();
    expect(preview.session.current.error).toBeUndefined();
    comments = preview.session.current.comments!;
    const moved = byText('地');
    const want = await printedAt(preview.session.pdf!, '地', '广泛');
    expect(moved.page).toBe(want.page);
    expect(Number(moved.place!.split(':')[1])).toBe(Number(before.place!.split(':')[1]) + 2);
    for (const centre of want.centres) expect(inside(centre, moved.boxes)).toBe(true);
    expect(moved.boxes).not.toEqual(before.boxes);
    const t = preview.session.current.timings!;
    console.log(`comments after a rebuild (${writing}): ${comments.length} placed in ${(t.comments * 1000).toFixed(0)} ms; build ${t.build.toFixed(2)} s, pages ${t.pages.toFixed(2)} s (${t.rendered} rendered)`);
    await page.waitForFunction(() => document.body.dataset.comments === '6');
  });

  it('a damaged record is one line beside the pages; a new import shows at once, without a rebuild', async () => {
    const record = path.join(dir, 'out/comments.json');
    const good = await readFile(record, 'utf8');
    const build = preview.session.current.build;
    await writeFile(record, `{"paiban":"comments","version":1,"imports":[{"pdf":"${'x'.repeat(5000)}"}]}`);
    await page.waitForFunction(() => document.body.dataset.comments === '0', undefined, { timeout: 30_000 });
    const problem = await page.locator('#comments .problem').textContent();
    expect(problem).toMatch(/^out\/comments\.json: The imported comments are not a record paiban wrote/);
    expect(problem).not.toContain('\n');
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.$$('main img')).toHaveLength(preview.session.current.pages.length);

    await writeFile(record, good);
    await page.waitForFunction(() => document.body.dataset.comments === '6', undefined, { timeout: 30_000 });
    expect(await page.locator('#comments .problem').textContent()).toBe('');
    expect(preview.session.current.build).toBe(build);
  });
});
