/**
 * Hostile inputs that need a real print, in one shared build: every text key of book.yaml and of the
 * front matter holds markup that would end the <style> element, link out and frame a file; the book's
 * own template points <iframe>, <object>, <embed>, <img>, a stylesheet and a preconnect at a TCP
 * listener on 127.0.0.1, by address and by names that resolve to it; the figure's file name holds a %.
 * The PDF must carry the values as text only, and the listener must see no connection at all.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, decodePDFRawStream, PDFRawStream } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { readXmp } from '../src/archive/xmp.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAYLOAD = `x</style><a href='https://evil.example/p'>点此</a><iframe src='../../leak'></iframe><style>`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d0d2b20000000049454e44ae426082', 'hex');

let browser: Browser;
let listener: net.Server;
let connections = 0;
let book: string;
let result: BuildResult;

beforeAll(async () => {
  listener = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const targets = [`http://127.0.0.1:${port}/a`, `https://127.0.0.1:${port}/b`, `http://localhost:${port}/c`, `http://paiban.localhost:${port}/d`, `http://[::ffff:127.0.0.1]:${port}/e`];

  book = await mkdtemp(path.join(tmpdir(), 'paiban-hostile-build-'));
  await mkdir(path.join(book, 'manuscripts'));
  await mkdir(path.join(book, 'images'));
  await mkdir(path.join(book, 'templates'));
  await writeFile(path.join(book, 'images', '100%.png'), PNG);
  const value = JSON.stringify(PAYLOAD);
  await writeFile(
    path.join(book, 'book.yaml'),
    `${['title', 'subtitle', 'editor', 'publisher', 'description', 'rights'].map((key) => `${key}: ${value}`).join('\n')}\nkeywords: [${value}]\ndate: 2024-05-01\ntoc:\n  title: ${value}\noutput:\n  name: hostile\n  formats: [pdf, html, archive]\n`,
  );
  await writeFile(
    path.join(book, 'manuscripts', 'a.md'),
    `---\n${['title', 'subtitle', 'author', 'byline'].map((key) => `${key}: ${value}`).join('\n')}\n---\n\n正文第一段。\n\n::figure[图注]{src="../images/100%.png"}\n\n<object data="${targets[0]}"></object><embed src="${targets[1]}"><iframe src="${targets[2]}"></iframe>\n`,
  );
  // The book's own template is not sanitized: only Chromium's isolation keeps these off the network.
  const shell = await readFile(path.join(repo, 'templates', 'book.html'), 'utf8');
  const lures = [
    `<link rel="preconnect" href="${targets[0]}"><link rel="dns-prefetch" href="${targets[3]}"><link rel="stylesheet" href="${targets[3]}">`,
    ...targets.map((url) => `<iframe src="${url}"></iframe><object data="${url}"></object><embed src="${url}"><img src="${url}" alt="">`),
  ].join('\n');
  await writeFile(path.join(book, 'templates', 'book.html'), shell.replace('</body>', `<div class="lures">${lures}</div>\n</body>`));

  browser = await launchChromium();
  result = await buildBook(book, { browser, env: {} });
});

afterAll(async () => {
  await browser?.close();
  listener?.close();
  if (book) await rm(book, { recursive: true, force: true });
});

describe('a hostile book, built for real', () => {
  it('makes no network contact at all: the listener counts 0 connections (the request filter alone let 18 through)', () => {
    expect(result.blocked.some((url) => url.includes('127.0.0.1') || url.includes('localhost'))).toBe(true);
    expect(connections).toBe(0);
  });

  it('prints the values as text: no link out of the PDF, the title readable on the page', async () => {
    const pdf = await PDFDocument.load(await readFile(result.pdfFile));
    const uris: string[] = [];
    for (const page of pdf.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let i = 0; annots && i < annots.size(); i += 1) {
        const action = annots.lookup(i, PDFDict).lookupMaybe(PDFName.of('A'), PDFDict);
        const uri = action?.get(PDFName.of('URI'));
        if (uri) uris.push(String(uri));
      }
    }
    expect(uris).toEqual([]);
    const text = execFileSync('pdftotext', ['-layout', result.pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain("<a href='https://evil.example/p'>点此</a>");
    // The figure whose file name holds a % was printed: the PDF has an image.
    const images = pdf.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images.length).toBeGreaterThan(0);
  });

  it('writes HTML in which no value became an element', async () => {
    const html = await readFile(result.htmlFile, 'utf8');
    const found: { tag: string; attrs: Record<string, string>; inLures: boolean }[] = [];
    const stack: { node: unknown; inLures: boolean }[] = [{ node: parse(html), inLures: false }];
    while (stack.length) {
      const { node, inLures } = stack.pop()! as { node: { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] }; inLures: boolean };
      const attrs = Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value]));
      const lures = inLures || attrs.class === 'lures';
      if (node.tagName) found.push({ tag: node.tagName, attrs, inLures: lures });
      stack.push(...(node.childNodes ?? []).map((child) => ({ node: child, inLures: lures })));
    }
    const outside = found.filter((e) => !e.inLures);
    expect(outside.filter((e) => ['iframe', 'object', 'embed', 'script'].includes(e.tag))).toEqual([]);
    expect(outside.filter((e) => e.tag === 'a' && e.attrs.href !== undefined && !e.attrs.href.startsWith('#'))).toEqual([]);
    expect(outside.filter((e) => e.tag === 'style')).toHaveLength(3);
  });

  it('does not report raw HTML the sanitizer removed as text cut off the page', () => {
    const messages = result.layout.flatMap((file) => file.messages.map((m) => `${m.ruleId}: ${m.reason}`));
    expect(messages.filter((m) => m.startsWith('overflow'))).toEqual([]);
  });

  it('writes an archive whose XMP carries the title as it was written', async () => {
    const archive = await PDFDocument.load(await readFile(path.join(book, 'out', 'hostile-archive.pdf')));
    const metadata = archive.catalog.lookup(PDFName.of('Metadata'));
    const xml = Buffer.from(metadata instanceof PDFRawStream ? decodePDFRawStream(metadata).decode() : new Uint8Array()).toString('utf8');
    expect(readXmp(xml).title).toBe(PAYLOAD);
  });
});
