import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, launchChromium, OFFLINE_ARGS } from '../src/pdf/chromium.js';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { PaibanError } from '../src/util/errors.js';
import { ESSAYS } from './helpers/essays.js';

const CHAPTER = 'manuscripts/2024-liangdian-huimou.md';

/** A GET (or other method) with the path sent exactly as given: no client-side `..` normalizing. */
function raw(port: number, pathname: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const pdfPageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const pdfPageText = (file: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('paiban preview', () => {
  let dir: string;
  let browser: Browser;
  let viewer: Browser;
  let preview: PreviewServer;
  let page: Page;
  const log: string[] = [];

  const imageUrls = () => page.$$eval('main img', (images) => images.map((img) => img.getAttribute('src') ?? ''));
  const waitForBuild = (build: number) => page.waitForFunction((n) => Number(document.body.dataset.build) >= n, build, { timeout: 180_000, polling: 'raf' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'paiban-preview-test-'));
    await cp(path.join(ESSAYS, 'book.yaml'), path.join(dir, 'book.yaml'));
    await cp(path.join(ESSAYS, 'manuscripts'), path.join(dir, 'manuscripts'), { recursive: true });
    browser = await launchChromium();
    // The preview is given the printing browser instead of launching its own; that one reaches no host, not
    // even loopback, so the page is viewed as the user views it: in a browser of its own that may.
    preview = await startPreview(dir, { port: 0, browser, dpi: 72, log: (line) => log.push(line), logError: (line) => log.push(line) });
    viewer = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS.filter((arg) => !OFFLINE_ARGS.includes(arg)) });
    page = await viewer.newPage();
    await page.goto(preview.url);
    await waitForBuild(1);
  });

  afterAll(async () => {
    await preview?.close();
    await viewer?.close();
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 only and shows every printed page, page 1 alone on the right', async () => {
    expect(preview.host).toBe('127.0.0.1');
    expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/`);
    await expect(startPreview(dir, { host: '0.0.0.0', port: 0 })).rejects.toThrow(PaibanError);
    await expect(startPreview(dir, { host: '192.168.1.10', port: 0 })).rejects.toThrow(/only to this machine/);

    expect(preview.session.current.error).toBeUndefined();
    const pages = pdfPageCount(preview.session.pdf!);
    expect(pages).toBeGreaterThan(10);
    expect(await imageUrls()).toHaveLength(pages);
    // Every image is really there: decoded, with the page's proportions (A5: √2).
    const sizes = await page.$$eval('main img', (images) => (images as HTMLImageElement[]).map((img) => [img.naturalWidth, img.naturalHeight]));
    for (const [width, height] of sizes) expect(height! / width!).toBeCloseTo(210 / 148, 1);
    // Spreads: an empty slot left of page 1, then 2 | 3.
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    expect((await box('.spread:first-child .slot.empty')).x).toBeLessThan((await box('#page-1')).x);
    expect((await box('#page-2')).x).toBeLessThan((await box('#page-3')).x);
    expect(Math.abs((await box('#page-2')).y - (await box('#page-3')).y)).toBeLessThan(1);
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  test('a one-paragraph change reloads only the pages it changed', async () => {
    const before = await imageUrls();
    const file = path.join(dir, CHAPTER);
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/\n\n([^\n#:][^\n]{40,}?)。/, '\n\n$1，预览修改测试句。');
    expect(edited).not.toBe(text);
    const build = preview.session.current.build;
    // An editor's save: the file emptied, then written (two events a few ms apart) must make ONE build.
    const written = Date.now();
    await writeFile(file, '');
    await writeFile(file, edited);
    await waitForBuild(build + 1);
    const seen = Date.now() - written;

    const after = await imageUrls();
    const changed = after.map((url, index) => (url !== before[index] ? index + 1 : 0)).filter(Boolean);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed).not.toContain(1); // the title page did not move
    expect(changed).toEqual(preview.session.current.changed);
    // The new sentence is on a page whose image changed, in the PDF behind it.
    const pdf = preview.session.pdf!;
    const pageWithEdit = changed.find((n) => pdfPageText(pdf, n).includes('预览修改测试句'));
    expect(pageWithEdit).toBeDefined();
    expect(await page.locator(`#page-${pageWithEdit} img`).getAttribute('src')).toBe(preview.session.current.pages[pageWithEdit! - 1]!.url);
    // Partial: only pages whose content changed were rendered at all.
    expect(preview.session.current.timings!.rendered).toBeLessThan(after.length);

    await preview.session.idle();
    expect(preview.session.current.build).toBe(build + 1); // the burst made one build
    expect(preview.session.current.error).toBeUndefined();
    const shownMs = Number(await page.evaluate(() => document.body.dataset.shownMs));
    const t = preview.session.current.timings!;
    console.log(
      `preview reload: saved → shown ${seen} ms (page's own clock ${shownMs} ms); wait ${(t.wait * 1000).toFixed(0)} ms, build ${(t.build * 1000).toFixed(0)} ms ` +
        `[${t.stages.map((s) => `${s.stage} ${(s.seconds * 1000).toFixed(0)}`).join(', ')}], pages ${(t.pages * 1000).toFixed(0)} ms (${t.rendered} rendered, changed ${changed.join(',')})`,
    );
  });

  test('a broken front matter shows its error with file:line over the last good pages; the fix clears it', async () => {
    const file = path.join(dir, CHAPTER);
    const good = await readFile(file, 'utf8');
    const urls = await imageUrls();
    const build = preview.session.current.build;
    await writeFile(file, good.replace(/^year: 2024$/m, 'year: 二〇二四'));
    await waitForBuild(build + 1);
    const banner = page.locator('#error');
    expect(await banner.isVisible()).toBe(true);
    const line = good.split('\n').findIndex((l) => l === 'year: 2024') + 1;
    expect(await banner.textContent()).toContain(`${CHAPTER}:${line}`);
    expect(await banner.textContent()).toContain('last good build');
    expect(await imageUrls()).toEqual(urls);
    expect(log.some((l) => l.includes(`${CHAPTER}:${line}`))).toBe(true);

    await writeFile(file, good);
    await waitForBuild(build + 2);
    expect(await banner.isHidden()).toBe(true);
    expect(preview.session.current.error).toBeUndefined();
  });

  test('a vertical book reads right to left: page 1 alone on the left, then 3 | 2', async () => {
    // The layout is the page's own: fed a state with `writing: vertical` (no second build needed).
    const state = { ...preview.session.current, writing: 'vertical', build: 99, building: false };
    const other = await viewer.newPage();
    try {
      await other.route('**/events', (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: `event: state\ndata: ${JSON.stringify(state)}\n\n` }));
      await other.goto(preview.url);
      await other.waitForFunction(() => document.body.dataset.build === '99');
      const box = async (selector: string) => (await other.locator(selector).boundingBox())!;
      expect((await box('#page-1')).x).toBeLessThan((await box('.spread:first-child .slot.empty')).x);
      expect((await box('#page-3')).x).toBeLessThan((await box('#page-2')).x);
    } finally {
      await other.close();
    }
  });

  test('serves nothing but its page, its events and the current page images', async () => {
    const { port } = preview;
    const image = preview.session.current.pages[0]!.url;
    const ok = await raw(port, image);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('image/png');
    expect(ok.body.subarray(1, 4).toString()).toBe('PNG');
    for (const probe of ['/book.yaml', `/${CHAPTER}`, '/pages/../book.yaml', '/pages/..%2f..%2fbook.yaml', '/pages/%2e%2e/%2e%2e/etc/passwd', '/../../../etc/passwd', '/pages/', '/pages/p1-0000.png', '/build/yearbook.pdf']) {
      expect((await raw(port, probe)).status, probe).toBe(404);
    }
    const pdf = await raw(port, '/book.pdf');
    expect([pdf.status, pdf.type, pdf.body.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect((await raw(port, '/', { host: 'attacker.example:80' })).status).toBe(403);
    expect((await raw(port, '/', { method: 'POST' })).status).toBe(405);
    const home = await raw(port, '/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).not.toMatch(/<script[^>]+src=/);
  });
});
