/**
 * paiban on a machine that has only Node and a browser (a Windows or macOS PC): every command that reads
 * or draws PDFs, or converts colours, runs with a PATH that holds `node` and `chromium` alone — no
 * mutool, pdftoppm, pdftotext, pdfinfo or gs — as the compiled CLI (dist/) in a process of its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/pdf/chromium.js';
import { pdfiumChars } from '../src/proof/page-chars.js';
import { addAnnotation, findPrinted, quadsOf, rectOf } from './comments-fixture.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'bin', 'paiban.js');
let work: string;
let bin: string;
let book: string;

/** The browser itself, not a wrapper script (Debian's /usr/bin/chromium is a shell script that needs coreutils on PATH). */
async function browserBinary(): Promise<string> {
  const debian = '/usr/lib/chromium/chromium';
  return existsSync(debian) ? debian : realpath(findChromium());
}

function env(): NodeJS.ProcessEnv {
  return { PATH: bin, PAIBAN_CHROMIUM: path.join(bin, 'chromium'), HOME: work, SOURCE_DATE_EPOCH: '1700000000', LANG: 'C.UTF-8' };
}

function paiban(args: string[], cwd = book): { code: number; out: string; err: string } {
  const result = spawnSync(path.join(bin, 'node'), [cli, ...args], { cwd, env: env(), encoding: 'utf8', timeout: 240_000 });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-no-tools-'));
  bin = path.join(work, 'bin');
  await mkdir(bin);
  await symlink(process.execPath, path.join(bin, 'node'));
  await symlink(await browserBinary(), path.join(bin, 'chromium'));
  book = path.join(work, 'book');
  for (const part of ['book.yaml', 'manuscripts', 'raw', 'images']) await cp(path.join(repo, part), path.join(book, part), { recursive: true });
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('with only node and the browser on PATH', () => {
  it('finds none of the system tools paiban used to call', () => {
    for (const tool of ['mutool', 'pdftoppm', 'pdftotext', 'pdfinfo', 'gs']) expect(spawnSync(tool, ['--version'], { env: env() }).error, tool).toMatchObject({ code: 'ENOENT' });
  });

  it('builds every output, layout checks and PDF/X-4 colours included', () => {
    const result = paiban(['build', '.']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/layout +no problems/);
    expect(result.out).toMatch(/PDF\/X-4 for “FOGRA39L Coated”; greys in black ink only; colours: .*#7a1f1f → cmyk\(/);
    for (const name of ['yearbook.pdf', 'yearbook-print.pdf', 'yearbook-archive.pdf', 'yearbook-booklet.pdf', 'yearbook-cover-print.pdf']) expect(existsSync(path.join(book, 'out', name)), name).toBe(true);
  }, 240_000);

  it('builds the vertical book with no layout problem: PDFium reads its punctuation as printed (nothing taken for cut off, no mirrored line start)', () => {
    const result = paiban(['build', '.', '-w', 'vertical', '-o', path.join(work, 'vertical')]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/layout +no problems/);
  }, 240_000);

  it('verifies the archive (text against the manuscripts) and the print file', () => {
    const archive = paiban(['verify', 'out/yearbook-archive.pdf']);
    expect(archive.out).toMatch(/pass +paiban text +\d+ paragraphs found in order/);
    expect(archive.code).toBe(0);
    const print = paiban(['verify', '--pdfx', 'out/yearbook-print.pdf']);
    expect(print.code).toBe(0);
  }, 120_000);

  it('makes the proofs: page images, contact sheet, index and the numbered proof PDF', async () => {
    const result = paiban(['proof', '.', '--pdf']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const files = await readdir(path.join(book, 'out', 'proof'));
    expect(files.filter((f) => /^page-\d+\.png$/.test(f)).length).toBeGreaterThan(15);
    expect(files).toEqual(expect.arrayContaining(['contact-sheet.png', 'index.html']));
    expect(existsSync(path.join(book, 'out', 'yearbook-proof.pdf'))).toBe(true);
  }, 180_000);

  it("places a proofreader's strike-out at its manuscript line", async () => {
    const pdfFile = path.join(book, 'out', 'yearbook.pdf');
    const pdf = await PDFDocument.load(await readFile(pdfFile));
    const found = findPrinted(await pdfiumChars(pdfFile), '利通区政协始终坚持');
    const page = pdf.getPage(found.page - 1);
    const quads = quadsOf(found, page.getHeight());
    addAnnotation(pdf, page, { subtype: 'StrikeOut', rect: rectOf(quads), quads, author: '校对' });
    await writeFile(path.join(work, 'marked.pdf'), await pdf.save());
    const result = paiban(['comments', path.join(work, 'marked.pdf'), '.']);
    expect(result.err).toBe('');
    expect(result.out).toContain('manuscripts/2022-gongzuo-liangdian.md');
    expect(result.out).toMatch(/\d+:\d+ +warning +StrikeOut “利通区政协始终坚持”/);
  }, 120_000);

  it('shows what changed since the previous build', async () => {
    const manuscript = path.join(book, 'manuscripts', '2024-liangdian-huimou.md');
    const text = await readFile(manuscript, 'utf8');
    await writeFile(manuscript, text.replace('利通区政协', '利通区政协（改）'));
    expect(paiban(['build', '.']).code).toBe(0);
    const result = paiban(['diff', '-d', '.']);
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/\d+ of \d+ pages changed: \d+/);
  }, 300_000);

  it('serves the preview: pages drawn, a page image to fetch', async () => {
    const child = spawn(path.join(bin, 'node'), [cli, 'preview', '.', '--port', '0'], { cwd: book, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const match = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
      });
      let state: { building: boolean; pages: { url: string }[]; error?: unknown } = { building: true, pages: [] };
      for (let i = 0; i < 240 && (state.building || state.pages.length === 0); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        state = (await (await fetch(new URL('state.json', url))).json()) as typeof state;
      }
      expect(state.error ?? null).toBeNull();
      expect(state.pages.length).toBeGreaterThan(15);
      const image = await fetch(new URL(state.pages[0]!.url, url));
      expect(image.headers.get('content-type')).toBe('image/png');
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
