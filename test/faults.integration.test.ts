/**
 * Bad, hostile and unlucky builds: each gets one clear message (file:line where there is one), no
 * stack trace, and leaves the previous outputs exactly as they were.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { cp, mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { main } from '../src/cli/main.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { Printer } from '../src/pdf/printer.js';
import { PaibanError } from '../src/util/errors.js';
import { ESSAYS } from './helpers/essays.js';

const MANUSCRIPT = path.join('manuscripts', '2024-liangdian-huimou.md');
let browser: Browser;
let book: string;
let outputsBefore: Map<string, Buffer>;
let server: Server;
let hits = 0;
let port = 0;

/**
 * Every file below `dir`, dot-names included (a build's temporary .paiban-build-* folder left behind
 * must show), by relative path, but for the font cache. A folder with nothing in it shows as `name/`.
 */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  // .fonts (font subsets) and .<name>-<writing>.layout.json (last page layout) are caches kept on purpose; everything else counts.
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .map((entry) => ({ entry, name: path.relative(dir, path.join(entry.parentPath, entry.name)) }))
    .filter(({ name }) => name !== '.fonts' && !name.startsWith(`.fonts${path.sep}`) && !/^\.[^/]+\.layout\.json$/.test(name));
  const files = entries.filter(({ entry }) => entry.isFile()).map(({ name }) => name);
  const folders = entries.filter(({ entry }) => entry.isDirectory()).map(({ name }) => name);
  const empty = folders.filter((folder) => !entries.some(({ name }) => name.startsWith(`${folder}${path.sep}`))).map((folder) => `${folder}/`);
  const all = await Promise.all(files.map(async (name) => [name, await readFile(path.join(dir, name))] as const));
  return new Map([...all, ...empty.map((name) => [name, Buffer.alloc(0)] as const)].sort(([a], [b]) => a.localeCompare(b)));
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The book with one manuscript replaced by `content`; the previous outputs are in its out/. */
async function withManuscript(content: string | Buffer, action: () => Promise<void>): Promise<void> {
  const file = path.join(book, MANUSCRIPT);
  const original = await readFile(file);
  await writeFile(file, content);
  try {
    await action();
  } finally {
    await writeFile(file, original);
  }
}

beforeAll(async () => {
  browser = await launchChromium();
  server = createServer((_request, response) => {
    hits += 1;
    response.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  book = await mkdtemp(path.join(tmpdir(), 'paiban-faults-'));
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(book, 'manuscripts'), { recursive: true });
  await mkdir(path.join(book, 'images'));
  const yaml = (await readFile(path.join(ESSAYS, 'book.yaml'), 'utf8')).replace(/formats: \[[^\]]*\]/, 'formats: [pdf, html]');
  await writeFile(path.join(book, 'book.yaml'), yaml);
  await buildBook(book, { browser, env: {} });
  outputsBefore = await snapshot(path.join(book, 'out'));
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (book) await rm(book, { recursive: true, force: true });
});

const front = '---\ntitle: 标题\n---\n\n';

describe('bad manuscripts: one clear message with file:line, nothing built', () => {
  it.each([
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('---\ntitle: x\n---\n', 'utf16le')]), ':1: The file is UTF-16 text; paiban reads UTF-8 only.'],
    ['GBK text', Buffer.concat([Buffer.from(front), Buffer.from([0xd5, 0xfe, 0xd0, 0xad, 0x0a])]), ':5: The file is not valid UTF-8 (perhaps GBK or GB18030).'],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), ':1: The file is not text (it contains binary data).'],
    ['unclosed front matter', '---\ntitle: 标题\n\n正文。\n', ':1:1: The front matter is not closed: add a line "---" after its last line.'],
    ['a wrong type in front matter', '---\ntitle: 标题\norder: 第二\n---\n\n正文。\n', ':3:1: "order" must be a number.'],
    ['an empty manuscript', '---\ntitle: 标题\n---\n', ':1:1: The manuscript has no text after its front matter.'],
    ['a missing image', `${front}正文。\n\n::figure[图]{src="../images/none.jpg"}\n`, ':7:1: Image "../images/none.jpg" does not exist. Expected it at images/none.jpg.'],
    ['an unknown directive', `${front}正文。\n\n::video[片]\n`, ':7:1: Unknown directive "::video"; known: figure, pagebreak, table, ruby, index, ref.'],
    ['10 MB of text', `${front}${'十'.repeat(3_500_000)}\n`, ': The file is 10.0 MB; one manuscript may have at most 4 MB.'],
  ])('%s', async (_name, content, expected) => {
    await withManuscript(content, async () => {
      const { code, err } = await run(['build', book]);
      expect(code).toBe(1);
      const line = err.split('\n').find((l) => l.startsWith('error: '));
      expect(line).toBe(`error: ${path.join(book, MANUSCRIPT)}${expected}`);
      expect(err).not.toMatch(/\n\s+at /);
    });
    expect(await snapshot(path.join(book, 'out'))).toEqual(outputsBefore);
  });

  it('a corrupt image', async () => {
    await writeFile(path.join(book, 'images', 'photo.jpg'), 'this is not a JPEG');
    await withManuscript(`${front}正文。\n\n::figure[图]{src="../images/photo.jpg"}\n`, async () => {
      const { code, err } = await run(['build', book]);
      expect(code).toBe(1);
      expect(err).toContain(`error: ${path.join(book, MANUSCRIPT)}:7:1: Image "../images/photo.jpg" is not a PNG, JPEG, GIF, WebP or SVG image (the file may be damaged).`);
    });
    expect(await snapshot(path.join(book, 'out'))).toEqual(outputsBefore);
  });

  it('two manuscripts with the same order', async () => {
    const yaml = path.join(book, 'book.yaml');
    const original = await readFile(yaml, 'utf8');
    const withoutList = original.replace(/\nmanuscripts:.*\n(\s+- .*\n)+/, '\n');
    expect(withoutList).not.toContain('- manuscripts/');
    await writeFile(yaml, withoutList);
    const first = path.join(book, 'manuscripts', '2022-gongzuo-liangdian.md');
    const text = await readFile(first, 'utf8');
    await writeFile(first, text.replace('order: 1', 'order: 2'));
    try {
      const { code, err } = await run(['build', book]);
      expect(code).toBe(1);
      expect(err).toContain('"order: 2" is used by two manuscripts');
    } finally {
      await writeFile(yaml, original);
      await writeFile(first, text);
    }
    expect(await snapshot(path.join(book, 'out'))).toEqual(outputsBefore);
  });
});

describe('hostile manuscripts', () => {
  it('never run a script nor fetch from the network', async () => {
    const hostile = `${front}<script>fetch("http://127.0.0.1:${port}/script")</script>正文一段。\n\n<p style="background:url(http://127.0.0.1:${port}/bg)" onclick="x()">第二段。</p>\n\n<iframe src="http://127.0.0.1:${port}/frame"></iframe>\n\n<meta http-equiv="refresh" content="0;url=http://127.0.0.1:${port}/refresh">\n`;
    await withManuscript(hostile, async () => {
      const outDir = await mkdtemp(path.join(tmpdir(), 'paiban-hostile-'));
      const result = await buildBook(book, { browser, env: {}, outDir });
      const html = await readFile(result.htmlFile, 'utf8');
      expect(html).not.toMatch(/<script|onclick|<iframe|http-equiv|127\.0\.0\.1/);
      expect(result.blocked).toEqual([]);
      await rm(outDir, { recursive: true, force: true });
    });
    expect(hits).toBe(0);
  });

  it('refuse an image from the network before Chromium could fetch it', async () => {
    await withManuscript(`${front}<img src="http://127.0.0.1:${port}/pixel.png">\n`, async () => {
      const { code, err } = await run(['build', book]);
      expect(code).toBe(1);
      expect(err).toContain(`Image "http://127.0.0.1:${port}/pixel.png" is on the web: paiban never fetches from the network, so it would not print. Save the image into the book's images/ folder and point to it: "../images/pixel.png"; or, for a caption without a picture, write ::figure[图注] without src.`);
    });
    expect(hits).toBe(0);
  });
});

describe('faults', () => {
  it('Chromium missing: says how to install it', async () => {
    const saved = process.env.PAIBAN_CHROMIUM;
    process.env.PAIBAN_CHROMIUM = '/nonexistent/chromium';
    try {
      const { code, err } = await run(['build', book]);
      expect(code).toBe(1);
      expect(err).toContain('error: PAIBAN_CHROMIUM is set to "/nonexistent/chromium", but no file is there.');
    } finally {
      if (saved === undefined) delete process.env.PAIBAN_CHROMIUM;
      else process.env.PAIBAN_CHROMIUM = saved;
    }
    expect(await snapshot(path.join(book, 'out'))).toEqual(outputsBefore);
  });

  it('a print that fails at once: retried, then a clear error, outputs intact', async () => {
    // A 1 ms limit trips Playwright's own time-outs: the print fails fast, twice.
    const failed = await buildBook(book, { browser, env: { PAIBAN_PRINT_TIMEOUT: '0.001' } }).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^Chromium failed to print twice/);
    expect(await snapshot(path.join(book, 'out'))).toEqual(outputsBefore);
  });

  it('a print that hangs: abandoned after the time limit, retried once in a fresh browser, then a clear error', async () => {
    // A font whose file never answers: a FIFO with no writer blocks Chromium's read of it, so
    // document.fonts.load() never settles, and nothing in Playwright times it out: only the printer's own limit.
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-hang-'));
    const fifo = path.join(dir, 'never.woff2');
    execFileSync('mkfifo', [fifo]);
    await writeFile(path.join(dir, 'hang.html'), '<!doctype html><html lang="zh-Hans"><head><style>@font-face { font-family: Never; src: url(never.woff2); }</style></head><body><p>正文。</p></body></html>');
    // Lets a blocked reader go (end of file), so that closing that browser does not wait for it.
    const release = () => {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader waiting: nothing to release.
      }
    };
    const first = await launchChromium();
    const close = first.close.bind(first);
    first.close = async (...args) => {
      release();
      return close(...args);
    };
    const printer = new Printer({ browser: first, env: { PAIBAN_PRINT_TIMEOUT: '1' } });
    try {
      const failed = await printer.print(path.join(dir, 'hang.html'), { allowedDirs: [dir], marginText: [{ font: '16px Never', text: '字' }] }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(PaibanError);
      expect((failed as Error).message).toBe('Chromium failed to print twice (it took longer than 1 s).');
      // The hung browser was closed and the second attempt ran in one the printer launched.
      expect(first.isConnected()).toBe(false);
      expect(printer.launches).toBe(1);
    } finally {
      release();
      await printer.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('Chromium crashing mid-build: a fresh browser takes over', async () => {
    const doomed = await launchChromium();
    const outDir = await mkdtemp(path.join(tmpdir(), 'paiban-crash-'));
    // What happened, in order: the progress stages and the first browser's death.
    const events: string[] = [];
    // A first build prints the layout probe (or the front matter) first, then the book.
    const afterPrint = (stage: string) => stage === 'probe' || stage === 'front' || stage === 'toc' || stage.startsWith('pass ');
    let killed = false;
    doomed.on('disconnected', () => events.push('first browser gone'));
    const result = await buildBook(book, {
      browser: doomed,
      env: {},
      outDir,
      onProgress: (event) => {
        events.push(event.stage);
        // Killed right after its first print.
        if (!killed && afterPrint(event.stage)) {
          killed = true;
          void doomed.close();
        }
      },
    });
    // The first browser died after the first print, and a later print finished after that: in a fresh browser.
    const killedAt = events.findIndex(afterPrint);
    const gone = events.indexOf('first browser gone');
    expect(killedAt).toBeGreaterThan(-1);
    expect(gone).toBeGreaterThan(killedAt);
    expect(events.slice(gone + 1).filter(afterPrint).length, events.join(' ')).toBeGreaterThan(0);
    expect(doomed.isConnected()).toBe(false);
    expect(result.pages).toBeGreaterThan(10);
    expect((await PDFDocument.load(await readFile(result.pdfFile))).getPageCount()).toBe(result.pages);
    await rm(outDir, { recursive: true, force: true });
  });

  it('an output folder that cannot be written', async () => {
    // Root may write anywhere but not below a file; (/proc would do too, but Node's recursive mkdir hangs there).
    const target = path.join(book, 'book.yaml', 'out');
    const { code, err } = await run(['build', book, '--out', target]);
    expect(code).toBe(1);
    expect(err.split('\n').find((l) => l.startsWith('error: '))).toBe(`error: Cannot write to the output folder ${target} (ENOTDIR). The previous outputs are unchanged.`);
  });

  it('two builds at once: both finish, the outputs are whole, no temporary folder is left', async () => {
    const [a, b] = await Promise.all([buildBook(book, { browser, env: {} }), buildBook(book, { browser, env: {} })]);
    expect(a.pages).toBe(b.pages);
    const after = await snapshot(path.join(book, 'out'));
    // The previous PDF moved to .history/ (for `paiban diff`); nothing else is new, no temporary folder is left.
    expect([...after.keys()].filter((name) => !name.startsWith(`.history${path.sep}`))).toEqual([...outputsBefore.keys()]);
    expect([...after.keys()].filter((name) => name.startsWith('.paiban-build-'))).toEqual([]);
    expect(after.get('yearbook.pdf')!.equals(outputsBefore.get('yearbook.pdf')!)).toBe(true);
  });

  it('an enormous paragraph without punctuation still builds, with a warning', async () => {
    await withManuscript(`${front}${'政协委员履职尽责'.repeat(5000)}\n`, async () => {
      const outDir = await mkdtemp(path.join(tmpdir(), 'paiban-long-'));
      const reports: string[] = [];
      const result = await buildBook(book, { browser, env: {}, outDir, onCheckReport: (files) => reports.push(...files.flatMap((f) => f.messages.map((m) => m.ruleId ?? ''))) });
      expect(reports).toContain('long-paragraph');
      expect(result.pages).toBeGreaterThan(20);
      await rm(outDir, { recursive: true, force: true });
    });
  });
});
