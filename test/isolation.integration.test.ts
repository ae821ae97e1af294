/** Chromium must fetch nothing from the network and read nothing outside the book and its fonts. */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let server: Server;
let hits = 0;
let book: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    hits += 1;
    response.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  book = await mkdtemp(path.join(tmpdir(), 'paiban-isolation-'));
  await writeFile(path.join(book, 'book.yaml'), 'title: 隔离测试\ndate: 2024-01-01\noutput:\n  name: iso\n');
  await mkdir(path.join(book, 'manuscripts'));
  await writeFile(path.join(book, 'manuscripts', 'a.md'), '---\ntitle: 第一章\n---\n\n正文一段。\n');
  await mkdir(path.join(book, 'styles'));
});

afterAll(async () => {
  server?.close();
  if (book) await rm(book, { recursive: true, force: true });
});

it('refuses and reports network and outside-file requests from a stylesheet, and the server sees none', async () => {
  const { port } = server.address() as AddressInfo;
  const base = await readFile(path.join(repo, 'styles', 'book.css'), 'utf8');
  await writeFile(
    path.join(book, 'styles', 'book.css'),
    `${base}\n.chapter-title::after { content: url(http://127.0.0.1:${port}/mark.png); }\nbody { background: url(http://127.0.0.1:${port}/bg.png); }\n@font-face { font-family: Outside; src: url(file:///etc/hostname); }\np { font-family: Outside, var(--body-font); }\n`,
  );
  const result = await buildBook(book, { env: {} });
  expect(hits).toBe(0);
  expect(result.blocked).toEqual(expect.arrayContaining([`http://127.0.0.1:${port}/mark.png`, `http://127.0.0.1:${port}/bg.png`, 'file:///etc/hostname']));
  expect(result.pages).toBeGreaterThanOrEqual(4);
});

it('runs no JavaScript, even from a book template', async () => {
  const template = await readFile(path.join(repo, 'templates', 'book.html'), 'utf8');
  await mkdir(path.join(book, 'templates'), { recursive: true });
  await writeFile(
    path.join(book, 'templates', 'book.html'),
    template.replace('</body>', '<script>document.querySelectorAll("p").forEach((p) => { p.textContent = "SCRIPT RAN"; });</script>\n</body>'),
  );
  const result = await buildBook(book, { env: {} });
  const text = execFileSync('pdftotext', [result.pdfFile, '-'], { encoding: 'utf8' });
  expect(text).toContain('正文一段。');
  expect(text).not.toContain('SCRIPT RAN');
});
