import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { BookConfig } from '../config/schema.js';
import { makeProofs } from '../proof/proof.js';
import { diffPdfs } from '../proof/diff.js';
import { proofPdf } from '../proof/watermark.js';
import { PaibanError } from '../util/errors.js';
import { HISTORY_DIR } from '../files/staging.js';
import { regularBookFileSync } from '../files/read.js';
import { ensureFolder, writeFileSafely } from '../files/write.js';
import { loadUntrustedPdf } from '../util/pdf-input.js';
import { guarded, type Io } from './io.js';

/**
 * The book's built PDF and the previous build's, as `paiban build` left them in out/: read only when
 * out/ and out/.history are real folders and each PDF is a regular file inside the book (a link planted
 * at out/<name>.pdf would otherwise put a file from elsewhere into the proofs).
 */
async function builtPdfs(dir: string): Promise<{ current: string; previous: string; outDir: string; bookDir: string; title: string; direction: 'ltr' | 'rtl'; config: BookConfig }> {
  const { config, bookDir } = await loadConfig(dir);
  const outDir = path.join(bookDir, 'out');
  await ensureFolder(bookDir, path.join(outDir, HISTORY_DIR), { create: false });
  const current = path.join(outDir, `${config.output.name}.pdf`);
  if (!existsSync(current)) throw new PaibanError(`${path.relative(process.cwd(), current) || current} does not exist yet.`, { hint: 'Run `paiban build` first.' });
  regularBookFileSync(bookDir, current, { what: 'The built PDF' });
  // out/ may come with the book folder: a damaged or hostile PDF there is one line, not a crash midway.
  await loadUntrustedPdf(await readFile(current), { what: `The built PDF ${path.relative(process.cwd(), current) || current}` });
  const previous = path.join(outDir, HISTORY_DIR, `${config.output.name}.pdf`);
  if (existsSync(previous)) regularBookFileSync(bookDir, previous, { what: 'The previous build\'s PDF' });
  return { current, previous, outDir, bookDir, title: config.title, direction: config.writing === 'vertical' ? 'rtl' : 'ltr', config };
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** `paiban proof [dir]`: page images, contact sheet, index (and what changed since the last build); `--pdf`: a numbered 校样 PDF. */
export function runProof(dir: string, options: { dpi?: string; pdf?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    const started = performance.now();
    const book = await builtPdfs(dir);
    const proofDir = path.join(book.outDir, 'proof');
    const dpi = options.dpi === undefined ? 100 : Number(options.dpi);
    if (!Number.isFinite(dpi) || dpi < 20 || dpi > 600) throw new PaibanError(`--dpi must be a number from 20 to 600, not "${options.dpi}".`);
    const proofs = await makeProofs(book.current, proofDir, {
      root: book.bookDir,
      title: book.title,
      dpi,
      direction: book.direction,
      config: book.config,
      ...(existsSync(book.previous) ? { previousPdf: book.previous } : {}),
    });
    io.out(`${proofs.pages.length} page images, contact sheet ${shown(proofs.contactSheet.file)}, index ${shown(proofs.index)}`);
    if (proofs.diff) io.out(proofs.diff.changedPages.length ? `changed since the last build: pages ${proofs.diff.changedPages.join(', ')}` : 'nothing changed since the last build');
    if (options.pdf) {
      const output = book.current.replace(/\.pdf$/, '-proof.pdf');
      const bytes = await proofPdf(await readFile(book.current), { direction: book.direction });
      // A temporary file of a random name, created exclusively, renamed over the target (files/write.ts).
      await writeFileSafely(book.bookDir, output, bytes);
      io.out(`proof PDF with line numbers and 校样 watermark: ${shown(output)}`);
    }
    io.out(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  });
}

/** `paiban diff [old.pdf new.pdf]`: which pages changed (images in out/diff/), which paragraphs moved; exit 1 when anything changed. */
export function runDiff(files: string[], options: { dir: string; dpi?: string }, io: Io): Promise<number> {
  return guarded(io, async () => {
    let oldPdf: string;
    let newPdf: string;
    let workDir: string;
    let root: string;
    if (files.length === 2) {
      [oldPdf, newPdf] = files as [string, string];
      workDir = path.join(path.dirname(path.resolve(newPdf)), 'diff');
      root = path.dirname(workDir);
    } else if (files.length === 0) {
      const book = await builtPdfs(options.dir);
      if (!existsSync(book.previous)) throw new PaibanError('There is no earlier build to compare with yet.', { hint: 'Build again after a change (paiban build keeps the previous PDF in out/.history/), or give two PDFs: paiban diff old.pdf new.pdf.' });
      [oldPdf, newPdf, workDir, root] = [book.previous, book.current, path.join(book.outDir, 'diff'), book.bookDir];
    } else {
      throw new PaibanError('Give two PDFs (old, then new), or none to compare the last two builds.');
    }
    for (const file of [oldPdf, newPdf]) if (!existsSync(file)) throw new PaibanError(`${file} does not exist.`);
    const diff = await diffPdfs(oldPdf, newPdf, { workDir, root, ...(options.dpi ? { dpi: Number(options.dpi) } : {}) });
    if (diff.changedPages.length === 0 && diff.pageCountOld === diff.pageCountNew) {
      io.out(`No page changed (${diff.pageCountNew} pages).`);
      return 0;
    }
    io.out(`${diff.changedPages.length} of ${diff.pageCountNew} pages changed: ${diff.changedPages.join(', ')}${diff.pageCountOld !== diff.pageCountNew ? ` (was ${diff.pageCountOld} pages)` : ''}`);
    for (const image of diff.diffImages) io.out(`  ${shown(image)}`);
    for (const moved of diff.movedParagraphs) io.out(`  moved: “${moved.text}…” page ${moved.fromPage} → ${moved.toPage}`);
    return 1;
  });
}
