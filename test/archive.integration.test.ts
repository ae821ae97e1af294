/**
 * Makes a PDF/A-3b archive of the sample yearbook (one real Chromium build shared by the file), checks
 * that verify passes every clause, then breaks copies of it on purpose and checks that each breakage
 * fails the clause it should, and only that one.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, decodePDFRawStream } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { PAIBAN_VERSION } from '../src/util/package.js';
import { loadConfig } from '../src/config/load.js';
import { loadManuscripts } from '../src/manuscript/load.js';
import { bookReferences } from './helpers/reference-text.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { buildDate, readInfo } from '../src/pdf/metadata.js';
import { readOutline } from '../src/pdf/outline.js';
import { toPdfA3, type ArchiveAttachment, type ArchiveInfo } from '../src/archive/pdfa.js';
import { extractText, verifyPdf, type ClauseResult, type VerifyOptions } from '../src/archive/verify.js';
import { buildManifest, serializeManifest } from '../src/archive/manifest.js';
import { ESSAYS } from './helpers/essays.js';

let browser: Browser;
let tmp: string;
let pdfFile: string;
let original: Uint8Array;
let info: ArchiveInfo;
let attachments: ArchiveAttachment[];
let archive: Uint8Array;
let options: VerifyOptions;

beforeAll(async () => {
  browser = await launchChromium();
  tmp = await mkdtemp(path.join(tmpdir(), 'paiban-archive-'));
  const result = await buildBook(ESSAYS, { outDir: path.join(tmp, 'out'), browser, env: {} });
  pdfFile = result.pdfFile;
  original = await readFile(pdfFile);
  const { config } = await loadConfig(ESSAYS);
  const manuscripts = await loadManuscripts(ESSAYS, config);
  // The same values build-book.ts gives writeMetadata.
  info = {
    title: config.title,
    author: config.editor,
    subject: config.subtitle ?? config.description,
    keywords: config.keywords,
    language: config.language,
    creator: `paiban ${PAIBAN_VERSION}`,
    producer: `paiban ${PAIBAN_VERSION} (Chromium ${browser.version()}, pdf-lib)`,
    date: buildDate({}, config.date, config.year)!,
  };
  // Sources are copied, so a test can change one on disk without touching the repository.
  const names = [...manuscripts.map((m) => m.name), 'book.yaml'];
  await mkdir(path.join(tmp, 'src', 'manuscripts'), { recursive: true });
  for (const name of names) await copyFile(path.join(ESSAYS, name), path.join(tmp, 'src', name));
  attachments = await Promise.all(
    names.map(async (name) => ({
      name,
      bytes: await readFile(path.join(tmp, 'src', name)),
      mimeType: name.endsWith('.md') ? 'text/markdown' : 'application/yaml',
      description: name.endsWith('.md') ? `Manuscript ${name}` : 'Book configuration',
      relationship: 'Source' as const,
    })),
  );
  archive = await toPdfA3(original, info, attachments);
  options = {
    // Read from the manuscript files without paiban's parser, so a parser that loses text cannot agree with itself.
    expectedText: bookReferences(ESSAYS).flatMap((m) => [m.meta.title, ...m.blocks]),
    sources: names.map((name) => ({ name, path: path.join(tmp, 'src', name) })),
  };
});

afterAll(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const failed = (results: ClauseResult[]) => results.filter((r) => !r.ok).map((r) => r.clause);

/** Loads the archive, lets `change` break it, saves it the way pdf-lib does (the /ID is kept). */
async function broken(change: (pdf: PDFDocument) => void): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(archive, { updateMetadata: false });
  change(pdf);
  return pdf.save({ addDefaultPage: false });
}

function xmpOf(pdf: PDFDocument): string {
  const stream = pdf.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) throw new Error('no XMP');
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

describe('the PDF/A-3b archive of the sample', () => {
  it('passes every clause verify checks, text and sources included', async () => {
    const results = await verifyPdf(archive, options);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBeGreaterThan(25);
    expect(results.find((r) => r.clause === 'paiban text')!.detail).toMatch(/^\d{2,} paragraphs found/);
  });

  it('holds every paragraph of the manuscripts once: none lost, none printed twice', async () => {
    // Page breaks (\f) stay: a paragraph that runs over a page has the running head and folio in between.
    const text = (await extractText(archive)).replace(/[^\S\f]+/g, '');
    const references = bookReferences(ESSAYS);
    const headings = new Set(references.flatMap((m) => m.headings));
    // Headings are in the TOC too; every other block of 8 characters or more is printed exactly once.
    const paragraphs = references.flatMap((m) => m.blocks).filter((block) => !headings.has(block) && block.replace(/\s+/g, '').length >= 8);
    expect(paragraphs.length).toBeGreaterThan(40);
    const gap = '(?:[^\\f]{0,60}?\\f[^\\f]{0,160}?)??';
    const counts = paragraphs.map((block) => {
      const chars = [...block.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      return [...text.matchAll(new RegExp(chars.join(gap), 'gu'))].length;
    });
    expect(paragraphs.filter((_, i) => counts[i] !== 1)).toEqual([]);
  });

  it('the build output alone fails exactly the clauses the archive step adds', async () => {
    const results = await verifyPdf(original);
    expect(failed(results)).toEqual(['PDF/A 6.1.3 trailer /ID', 'PDF/A 6.2.3 output intent', 'PDF/A 6.6.2.1 XMP metadata', 'PDF/A 6.6.4 pdfaid part 3', 'PDF/A 6.6 XMP matches Info']);
  });

  it('keeps the text, outline, tags and Info of the build', async () => {
    expect(await extractText(archive)).toBe(await extractText(original));
    const [before, after] = await Promise.all([original, archive].map((bytes) => PDFDocument.load(bytes, { updateMetadata: false })));
    expect(readOutline(after!)).toEqual(readOutline(before!));
    expect(readInfo(after!)).toEqual(readInfo(before!));
    expect(after!.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    expect(after!.catalog.get(PDFName.of('Lang'))).toEqual(before!.catalog.get(PDFName.of('Lang')));
    expect(after!.getPageCount()).toBe(before!.getPageCount());
  });

  it('writes XMP that says what Info says', async () => {
    const xmp = xmpOf(await PDFDocument.load(archive, { updateMetadata: false }));
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${info.title}</rdf:li>`);
    expect(xmp).toContain(`<pdf:Keywords>${info.keywords.join(' ')}</pdf:Keywords>`);
    expect(xmp).toContain('<xmp:CreateDate>2024-12-31T00:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
  });

  it('embeds the sources where other readers find them', async () => {
    const archiveFile = path.join(tmp, 'archive.pdf');
    await writeFile(archiveFile, archive);
    const listed = execFileSync('pdfdetach', ['-list', archiveFile], { encoding: 'utf8' });
    for (const { name } of attachments) expect(listed).toContain(name);
    const out = path.join(tmp, 'detached.yaml');
    // Attachments are sorted by name, so book.yaml is number 1.
    execFileSync('pdfdetach', ['-save', '1', '-o', out, archiveFile]);
    expect(await readFile(out, 'utf8')).toBe(await readFile(path.join(ESSAYS, 'book.yaml'), 'utf8'));
  });

  it('is byte-identical when made twice, and its /ID follows the content', async () => {
    const again = await toPdfA3(original, info, attachments);
    expect(Buffer.compare(Buffer.from(again), Buffer.from(archive))).toBe(0);
    const id = (bytes: Uint8Array) => /\/ID \[ <([0-9A-F]{32})> <\1> \]/.exec(Buffer.from(bytes).toString('latin1'))?.[1];
    expect(id(archive)).toMatch(/^(?!0{32})[0-9A-F]{32}$/);
    const other = await toPdfA3(original, { ...info, title: `${info.title}（修订）` }, attachments);
    expect(id(other)).not.toBe(id(archive));
  });

  it('writes a manifest that lists the inputs and outputs deterministically', async () => {
    const archiveFile = path.join(tmp, 'out', 'yearbook-archive.pdf');
    await writeFile(archiveFile, archive);
    const make = () =>
      buildManifest({
        outputs: [archiveFile, pdfFile],
        inputs: options.sources!.map((s) => s.path).reverse(),
        baseDir: tmp,
        toolVersion: PAIBAN_VERSION,
        chromiumVersion: browser.version(),
        buildDate: info.date,
      });
    const manifest = await make();
    expect(manifest.inputs.map((f) => f.path)).toEqual(['src/book.yaml', 'src/manuscripts/2022-gongzuo-liangdian.md', 'src/manuscripts/2024-liangdian-huimou.md']);
    expect(manifest.outputs.map((f) => f.path)).toEqual(['out/yearbook-archive.pdf', 'out/yearbook.pdf']);
    expect(manifest.outputs[0]!.bytes).toBe(archive.length);
    expect(serializeManifest(await make())).toBe(serializeManifest(manifest));
  });
});

describe('an archive broken on purpose fails the right clause', () => {
  it('a font without its FontFile2', async () => {
    const bytes = await broken((pdf) => {
      const descriptor = pdf.context.enumerateIndirectObjects().map(([, o]) => o).find((o): o is PDFDict => o instanceof PDFDict && o.has(PDFName.of('FontFile2')))!;
      descriptor.delete(PDFName.of('FontFile2'));
    });
    const results = await verifyPdf(bytes, options);
    expect(failed(results)).toEqual(['PDF/A 6.2.11.4.1 fonts embedded']);
    expect(results.find((r) => !r.ok)!.detail).toMatch(/^\w{6}\+\S+ is not embedded$/);
  });

  it('no XMP', async () => {
    const bytes = await broken((pdf) => pdf.catalog.delete(PDFName.of('Metadata')));
    expect(failed(await verifyPdf(bytes, options))).toEqual(['PDF/A 6.6.2.1 XMP metadata', 'PDF/A 6.6.4 pdfaid part 3', 'PDF/A 6.6 XMP matches Info']);
  });

  it('an XMP title that disagrees with Info', async () => {
    const bytes = await broken((pdf) => {
      const xmp = xmpOf(pdf).replace(`>${info.title}</rdf:li>`, '>另一个书名</rdf:li>');
      pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(pdf.context.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' })));
    });
    const results = await verifyPdf(bytes, options);
    expect(failed(results)).toEqual(['PDF/A 6.6 XMP matches Info']);
    expect(results.find((r) => !r.ok)!.detail).toContain('另一个书名');
  });

  it('a source changed on disk after the archive was made', async () => {
    const changed = path.join(tmp, 'changed');
    await mkdir(path.join(changed, 'manuscripts'), { recursive: true });
    const sources = await Promise.all(
      options.sources!.map(async (s) => {
        const copy = path.join(changed, s.name);
        await copyFile(s.path, copy);
        return { name: s.name, path: copy };
      }),
    );
    await writeFile(sources[0]!.path, `${await readFile(sources[0]!.path, 'utf8')}\n补记一段。\n`);
    const results = await verifyPdf(archive, { ...options, sources });
    expect(failed(results)).toEqual(['paiban sources match']);
    expect(results.find((r) => !r.ok)!.detail).toContain(sources[0]!.name);
  });

  it('no OutputIntent', async () => {
    const bytes = await broken((pdf) => pdf.catalog.delete(PDFName.of('OutputIntents')));
    expect(failed(await verifyPdf(bytes, options))).toEqual(['PDF/A 6.2.3 output intent']);
  });

  it('JavaScript that runs on opening', async () => {
    const bytes = await broken((pdf) => pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: pdf.context.register(pdf.context.flateStream('app.alert("hi")')) })));
    const results = await verifyPdf(bytes, options);
    expect(failed(results)).toEqual(['PDF/A 6.5.1 actions']);
    expect(results.find((r) => !r.ok)!.detail).toContain('JavaScript action');
  });

  it('and toPdfA3 removes that JavaScript when archiving again', async () => {
    const withScript = await broken((pdf) => pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.obj({ S: 'JavaScript', JS: pdf.context.register(pdf.context.flateStream('app.alert(1)')) })));
    const rearchived = await toPdfA3(withScript, info, attachments);
    expect(failed(await verifyPdf(rearchived))).toEqual([]);
    const pdf = await PDFDocument.load(rearchived, { updateMetadata: false });
    expect(pdf.catalog.get(PDFName.of('OpenAction'))).toBeUndefined();
    expect(pdf.catalog.lookup(PDFName.of('AF'), PDFArray).size()).toBe(attachments.length);
    expect(pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).size()).toBe(1);
    // The earlier archive's embedded files, XMP and profile are replaced, not left behind as dead objects.
    const streamsOfType = (type: string) => pdf.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFStream && o.dict.get(PDFName.of('Type')) === PDFName.of(type));
    expect(streamsOfType('EmbeddedFile')).toHaveLength(attachments.length);
    expect(streamsOfType('Metadata')).toHaveLength(1);
  });
});
