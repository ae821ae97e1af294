import { existsSync } from 'node:fs';
import path from 'node:path';
import { PDFDict, PDFName, PDFArray, PDFString, PDFHexString } from 'pdf-lib';
import { loadUntrustedPdf } from '../util/pdf-input.js';
import { verifyPdf } from '../archive/verify.js';
import { verifyPdfX } from '../press/verify-pdfx.js';
import { loadConfig, CONFIG_FILE } from '../config/load.js';
import { loadManuscripts } from '../manuscript/load.js';
import { manuscriptTexts, rubyAnnotations } from '../manuscript/texts.js';
import { resolveInsideBook } from '../files/paths.js';
import { guarded, readInput, type Io } from './io.js';

/** Names of the files embedded in a PDF (its /EmbeddedFiles name tree). */
async function embeddedNames(bytes: Uint8Array): Promise<string[]> {
  const pdf = await loadUntrustedPdf(bytes, { what: 'The file', allowEncrypted: true });
  const tree = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const names: string[] = [];
  // Iterative, each node once: a name tree that loops or nests deeply must not overflow the stack.
  const seen = new Set<PDFDict>();
  const pending = tree ? [tree] : [];
  while (pending.length) {
    const node = pending.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i < pairs.size(); i += 2) {
      const key = pairs.lookup(i);
      if (key instanceof PDFString || key instanceof PDFHexString) names.push(key.decodeText());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i += 1) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) pending.push(kid);
    }
  }
  return names;
}

/**
 * `paiban verify <pdf>`: every PDF/A clause that can be checked without a Java validator, the fonts,
 * and — with the book folder (default: this folder when it has a book.yaml) — that the text equals
 * the manuscripts' and that the embedded sources equal the files on disk.
 */
export function runVerify(file: string, options: { book?: string; pdfx?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const bytes = await readInput(file, 'Give the path of a PDF, e.g. out/yearbook-archive.pdf.');
    if (options.pdfx) return reportPdfX(file, await verifyPdfX(bytes), io);
    const bookDir = options.book ?? (existsSync(CONFIG_FILE) ? '.' : undefined);
    let expectedText: string[] | undefined;
    let annotations: string[] | undefined;
    let sources: { name: string; path: string }[] | undefined;
    if (bookDir) {
      const { config, bookDir: dir } = await loadConfig(bookDir);
      const manuscripts = await loadManuscripts(dir, config);
      expectedText = manuscripts.flatMap((m) => manuscriptTexts(m));
      annotations = manuscripts.flatMap((m) => rubyAnnotations(m));
      const names = await embeddedNames(bytes);
      sources = await Promise.all(names.map(async (name) => ({ name, path: await resolveInsideBook(dir, name) })));
    }
    const results = await verifyPdf(bytes, { ...(expectedText ? { expectedText, annotations: annotations ?? [] } : {}), ...(sources ? { sources } : {}) });
    const width = Math.max(...results.map((r) => r.clause.length));
    for (const result of results) io.out(`${result.ok ? 'pass' : 'FAIL'}  ${result.clause.padEnd(width)}  ${result.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    io.out(failed ? `${failed} of ${results.length} checks failed: ${path.basename(file)} is not a valid archive.` : `All ${results.length} checks passed${bookDir ? '' : ' (give --book to check the text and sources against the manuscripts)'}.`);
    return failed ? 1 : 0;
  });
}

/** `verify --pdfx`: the PDF/X-4 keys of a print file, one line each. */
function reportPdfX(file: string, results: Awaited<ReturnType<typeof verifyPdfX>>, io: Io): number {
  const width = Math.max(...results.map((r) => r.clause.length));
  for (const result of results) io.out(`${result.ok ? 'pass' : 'FAIL'}  ${result.clause.padEnd(width)}  ${result.detail}`);
  const failed = results.filter((r) => !r.ok).length;
  io.out(failed ? `${failed} of ${results.length} checks failed: ${path.basename(file)} is not PDF/X-4.` : `All ${results.length} PDF/X-4 checks passed (those that need no validator).`);
  return failed ? 1 : 0;
}
