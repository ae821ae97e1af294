/**
 * Issue 24 with real prints, on one small two-chapter book built twice (so out/ holds everything a
 * build leaves: the PDF, .history, .fonts, the layout guess): a proofreader's marked PDF whose comment
 * would insert a heading and raw HTML; an image Chromium cannot decode; and the property that holds
 * the class shut: every command (build, check --fix, proof --pdf, diff, comments --apply, impose,
 * import, init, the preview's build), run with a random set of symbolic links planted at the names it
 * writes, reads or deletes under out/ (and manuscripts/, images/), changes no file outside the book:
 * a victim folder every link points into is fingerprinted before and after. Each run also ends in
 * success or one plain error line, never a stack trace.
 */
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { buildBook } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { PreviewSession } from '../src/preview/session.js';
import { pageChars } from '../src/proof/page-chars.js';
import { isPaibanError } from '../src/util/errors.js';
import { addAnnotation, findPrinted, quadsOf, rectOf } from './comments-fixture.js';
import { onePagePdf } from './helpers/hostile-pdfs.js';
import { fingerprint, makeVictim } from './helpers/victim.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d0d2b20000000049454e44ae426082', 'hex');

let work: string;
let template: string;
let victim: string;
let before: Record<string, string>;
let browser: Browser;
let marked: string;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-hardening-int-'));
  victim = await makeVictim(path.join(work, 'victim'));
  before = await fingerprint(victim);
  template = path.join(work, 'template');
  await mkdir(path.join(template, 'manuscripts'), { recursive: true });
  await mkdir(path.join(template, 'images'));
  await writeFile(path.join(template, 'images', 'p.png'), PNG);
  await writeFile(path.join(template, 'book.yaml'), 'title: 试样\ndate: 2024-05-01\noutput:\n  formats: [pdf, html, booklet]\n');
  await writeFile(path.join(template, 'manuscripts', 'a.md'), '---\ntitle: 第一章\n---\n\n政协委员深入基层调研走访，了解群众需求。今天,我们开会.\n\n::figure[图注]{src="../images/p.png"}\n');
  await writeFile(path.join(template, 'manuscripts', 'b.md'), '---\ntitle: 第二章\n---\n\n协商议事平台建在群众家门口。\n\n## 一节\n\n第二段文字。\n');
  browser = await launchChromium();
  await buildBook(template, { browser, env: {}, lint: false });
  await buildBook(template, { browser, env: {}, lint: false }); // out/.history/book.pdf
  // The marked PDF: a strike-out whose note would insert a heading, a directive and raw HTML; and a malformed one.
  const pdfFile = path.join(template, 'out', 'book.pdf');
  const pdf = await PDFDocument.load(await readFile(pdfFile));
  const found = findPrinted(await pageChars(pdfFile), '了解群众需求');
  const page = pdf.getPage(found.page - 1);
  const quads = quadsOf(found, page.getHeight());
  addAnnotation(pdf, page, { subtype: 'StrikeOut', rect: rectOf(quads), quads, author: '校对', contents: '改为：倾听民声\n## 假标题\n::pagebreak\n<img src="http://127.0.0.1:9/x.png">' });
  addAnnotation(pdf, page, { subtype: 'Highlight', rect: [1, 1, 2, 2], quads: [1, 2, 3, 4, 5, 6, 7, 99999] });
  marked = path.join(work, 'marked.pdf');
  await writeFile(marked, await pdf.save());
});

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the built book. */
async function copyBook(): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'book-'));
  await cp(template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

describe('a proofreader\'s comment is inserted as text (issue 24, items 6 and 7)', () => {
  it('--apply writes the note as one escaped line, keeps the mode, skips the malformed annotation and imports the rest', async () => {
    const book = await copyBook();
    const file = path.join(book, 'manuscripts', 'a.md');
    await chmod(file, 0o600);
    await symlink(path.join(victim, 'precious.txt'), path.join(book, 'manuscripts', `.a.md.paiban-${process.pid}.tmp`));
    const result = await run(['comments', marked, book, '--apply']);
    expect(result.err).toMatch(/^warning: .*Highlight annotation .*: its QuadPoints reach outside the page .*; it was skipped \(the other comments are imported\)\.$/m);
    expect(result.err).not.toMatch(/crashed|\n\s+at /);
    const inserted = '倾听民声 ## 假标题 \\:\\:pagebreak \\<img src="http\\://127.0.0.1\\:9/x.png"\\>';
    // The report shows exactly what went in, escapes and all.
    expect(result.out, result.out).toContain(`applied: replace “${inserted}”`);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`基层调研走访，${inserted}。`);
    expect(text.split('\n').filter((line) => /^## 假标题|^::pagebreak|^<img/.test(line))).toEqual([]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
    // The book still builds, with the note as text and no new chapter section or page break.
    const built = await buildBook(book, { browser, env: {}, lint: false, formats: ['pdf'] });
    expect(built.chapterPages.size).toBe(2);
    expect(await fingerprint(victim)).toEqual(before);
  });
});

describe('an image Chromium cannot decode (it printed a broken-image icon)', () => {
  it('stops the build with one line naming it', async () => {
    const book = await copyBook();
    await writeFile(path.join(book, 'images', 'p.png'), Buffer.concat([PNG.subarray(0, 8), Buffer.from('not the rest of a PNG')]));
    const error = await buildBook(book, { browser, env: {}, lint: false, formats: ['pdf'] }).then(() => undefined, (e: unknown) => e);
    expect(isPaibanError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Image ".*images\/p\.png" cannot be shown: Chromium could not decode it/);
  });
});

describe('an SVG with external references and a script, a stylesheet that imports (issue 24, more attacks)', () => {
  it('print with no request reaching the network and nothing outside the book read', async () => {
    let hits = 0;
    const listener = net.createServer((socket) => {
      hits += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
      const book = await copyBook();
      await writeFile(
        path.join(book, 'images', 'lure.svg'),
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40"><script>document.title='ran'</script>` +
          `<image href="${url}/a.png" width="10" height="10"/><image xlink:href="file:///etc/hostname" width="10" height="10"/>` +
          `<foreignObject width="40" height="40"><iframe xmlns="http://www.w3.org/1999/xhtml" src="${url}/f"></iframe></foreignObject>` +
          `<style>@import url(${url}/s.css); rect { fill: url(${url}/p#x) }</style><rect width="40" height="40"/></svg>`,
      );
      await writeFile(path.join(book, 'manuscripts', 'b.md'), '---\ntitle: 第二章\n---\n\n::figure[图]{src="../images/lure.svg"}\n');
      await mkdir(path.join(book, 'styles'));
      const base = await readFile(path.join(import.meta.dirname, '..', 'styles', 'book.css'), 'utf8');
      await writeFile(path.join(book, 'styles', 'book.css'), `@import url(${url}/i.css);\n@import "file:///etc/passwd";\n${base}\nbody { background: url("../../../../etc/hostname"); }\n`);
      const result = await buildBook(book, { browser, env: {}, lint: false, formats: ['pdf'] });
      expect(hits).toBe(0);
      // The stylesheet's url() that climbs out of the book was refused (an @import after the book's own rules is no import at all).
      expect(result.blocked.some((blocked) => blocked.endsWith('/etc/hostname'))).toBe(true);
      expect(result.blocked.filter((blocked) => blocked.startsWith(`file://${book}`))).toEqual([]);
    } finally {
      listener.close();
    }
  });
});

/** A link planted at `at` (relative to the book) pointing into the victim: a folder or one of its files. */
interface Plant {
  at: string;
  to: string;
}

const pid = process.pid;
/** Every name under out/ (and the book's own folders) that a command writes, reads or deletes, old temporary names included. */
const OUT_PLANTS: Plant[] = [
  ...['.fonts', '.history', 'proof', 'diff', '.paiban-commit.lock', '.paiban-build-999999999-x', 'proof/diff'].map((at) => ({ at: `out/${at}`, to: '.' })),
  ...[
    ['book.pdf', 'book.pdf'],
    ['book.html', 'book.html'],
    ['book-booklet.pdf', 'book.pdf'],
    ['book.manifest.json', 'precious.txt'],
    ['.book-horizontal.layout.json', 'precious.txt'],
    ['comments.json', 'comments.json'],
    ['book-proof.pdf', 'book.pdf'],
    ['book-proof.pdf.tmp', 'book.pdf'],
    ['proof/index.html', 'index.html'],
    ['proof/page-001.png', 'page-001.png'],
    ['proof/contact-sheet.png', 'contact-sheet.png'],
    ['diff/diff-001.png', 'diff-001.png'],
    ['.history/book.pdf', 'book.pdf'],
    ['.fonts/.paiban-owned.json', 'precious.txt'],
    ['.paiban-build-999999999-y.commit.json', 'precious.txt'],
    ['.paiban-commit.lock/pid', 'pid'],
  ].map(([at, to]) => ({ at: `out/${at}`, to: to! })),
  { at: `manuscripts/.a.md.paiban-${pid}.tmp`, to: 'precious.txt' },
  { at: `manuscripts/.a.md.paiban-fix-${pid}`, to: 'precious.txt' },
  { at: `manuscripts/c.md.paiban-import-${pid}`, to: 'precious.txt' },
];

/** Plants links; one whose folder is itself a planted link is left out (planting it would write into the victim). */
async function plant(book: string, plants: readonly Plant[]): Promise<void> {
  const linked: string[] = [];
  for (const { at, to } of [...plants].sort((a, b) => a.at.split('/').length - b.at.split('/').length)) {
    if (linked.some((dir) => at.startsWith(`${dir}/`))) continue;
    const where = path.join(book, at);
    await rm(where, { recursive: true, force: true });
    await mkdir(path.dirname(where), { recursive: true });
    await symlink(path.join(victim, to), where);
    linked.push(at);
  }
}

/**
 * The property: with these links planted, `command` ends in success or one plain error, and the victim
 * is unchanged. Links the command refuses outright (`refused`: it stops at once, naming them) are left
 * out of the random sets, so that most runs go all the way; the first run plants every link.
 */
function holds(command: (book: string) => Promise<{ code: number; err: string }>, plants: readonly Plant[], numRuns: number, refused: readonly string[] = []) {
  return fc.assert(
    fc.asyncProperty(fc.subarray(plants.filter((p) => !refused.includes(p.at))), async (chosen) => {
      const book = await copyBook();
      try {
        await plant(book, chosen);
        const result = await command(book);
        if (process.env.PAIBAN_TEST_VERBOSE) console.log(chosen.map((p) => p.at).join(' '), '→', result.code, result.err.split('\n')[0]);
        expect([0, 1], result.err).toContain(result.code);
        expect(result.err).not.toMatch(/crashed|\n\s+at /);
        expect(await fingerprint(victim)).toEqual(before);
      } finally {
        await rm(book, { recursive: true, force: true });
      }
    }),
    { numRuns, examples: [[[...plants]]] },
  );
}

/** A call that throws a PaibanError or not at all, as the CLI would report it. */
async function asCommand(body: () => Promise<unknown>): Promise<{ code: number; err: string }> {
  try {
    await body();
    return { code: 0, err: '' };
  } catch (error) {
    if (isPaibanError(error)) return { code: 1, err: error.message };
    return { code: 2, err: `crashed\n${(error as Error).stack}` };
  }
}

describe('no command changes a file outside the book, whatever links out/ holds (property)', () => {
  it('build', { timeout: 240_000 }, () => holds((book) => asCommand(() => buildBook(book, { browser, env: {}, lint: false })), OUT_PLANTS, 3, ['out/.fonts', 'out/.history']));

  it('the preview\'s build', { timeout: 240_000 }, () =>
    holds(async (book) => {
      const session = new PreviewSession(book, { workDir: await mkdtemp(path.join(work, 'preview-')), dpi: 20, browser });
      session.request({ files: [], firstAt: Date.now() });
      await session.idle();
      await session.close();
      return session.current.error ? { code: 1, err: session.current.error.message } : { code: session.current.pages.length > 0 ? 0 : 2, err: '' };
    }, OUT_PLANTS, 2));

  it('proof --pdf', { timeout: 240_000 }, () => holds((book) => run(['proof', book, '--pdf', '--dpi', '20']), OUT_PLANTS, 2, ['out/.history', 'out/proof', 'out/book.pdf']));

  it('check --fix, diff, comments --apply', { timeout: 240_000 }, async () => {
    await holds((book) => run(['check', '--fix', '-d', book]), OUT_PLANTS, 6);
    await holds((book) => run(['diff', '-d', book, '--dpi', '20']), OUT_PLANTS, 3, ['out/.history', 'out/book.pdf', 'out/.history/book.pdf']);
    await holds((book) => run(['comments', marked, book, '--apply']), OUT_PLANTS, 3);
  });

  it('impose, import, init', { timeout: 120_000 }, async () => {
    const besideInput: Plant[] = [
      { at: 'in-booklet.pdf', to: 'book.pdf' },
      { at: `in-booklet.pdf.paiban-${pid}`, to: 'book.pdf' },
    ];
    await holds(async (book) => {
      await writeFile(path.join(book, 'in.pdf'), onePagePdf());
      return run(['impose', path.join(book, 'in.pdf')]);
    }, besideInput, 6);
    await holds(async (book) => {
      await writeFile(path.join(book, 'raw.txt'), '标题\n\n正文一段。\n');
      return run(['import', path.join(book, 'raw.txt'), '-o', path.join(book, 'manuscripts', 'c.md')]);
    }, [...OUT_PLANTS.filter((p) => p.at.startsWith('manuscripts/')), { at: 'manuscripts', to: '.' }], 6);
    const starter: Plant[] = [
      { at: 'fresh/manuscripts', to: '.' },
      { at: 'fresh/images', to: 'sub' },
      { at: 'fresh/.gitignore', to: 'precious.txt' },
      { at: 'fresh/manuscripts/01-example.md', to: 'precious.txt' },
    ];
    await holds((book) => run(['init', path.join(book, 'fresh')]), starter, 8);
    expect(await readdir(victim)).toContain('precious.txt');
  });
});
