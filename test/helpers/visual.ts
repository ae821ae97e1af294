import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../reference');
/** Low resolution on purpose: layout (line breaks, positions, orientation) shows; antialiasing noise does not. */
const DPI = 36;

export interface VisualResult {
  /** Share of pixels that differ from the reference (0–1). */
  ratio: number;
  differing: number;
  reference: string;
}

/**
 * Renders one page and compares it with the committed reference image. Set UPDATE_REFERENCE=1 to
 * write the references anew (after a deliberate change of the stylesheet), then look at them.
 */
export function compareWithReference(pdfFile: string, page: number, name: string): VisualResult {
  const work = mkdtempSync(path.join(tmpdir(), 'paiban-visual-'));
  try {
    execFileSync('pdftoppm', ['-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', '-png', pdfFile, path.join(work, 'page')]);
    const actualBytes = readFileSync(path.join(work, 'page.png'));
    const reference = path.join(REFERENCE_DIR, `${name}.png`);
    // Only an explicit update writes a reference: a missing one is a failure, on every machine, CI or not.
    if (process.env.UPDATE_REFERENCE === '1') writeFileSync(reference, actualBytes);
    if (!existsSync(reference)) throw new Error(`No reference image ${reference}: run the tests with UPDATE_REFERENCE=1, look at the image and commit it.`);
    const expected = PNG.sync.read(readFileSync(reference));
    const actual = PNG.sync.read(actualBytes);
    if (expected.width !== actual.width || expected.height !== actual.height) return { ratio: 1, differing: expected.width * expected.height, reference };
    const differing = pixelmatch(expected.data, actual.data, undefined, actual.width, actual.height, { threshold: 0.2 });
    return { ratio: differing / (actual.width * actual.height), differing, reference };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
