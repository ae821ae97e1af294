import { cp, mkdtemp, readFile, writeFile, rm, copyFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { test } from 'vitest';
import { PDFDocument, PDFName, PDFDict, PDFArray, PDFRawStream } from 'pdf-lib';
import { buildBook } from '../src/build/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { rasterize } from '../src/proof/raster.js';

async function keys(file: string) {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  return pdf.getPages().map((p) => {
    const h = createHash('sha1');
    const c = p.node.Contents();
    const list = c instanceof PDFArray ? c.asArray().map((r) => pdf.context.lookup(r)) : [c];
    for (const s of list) h.update((s as PDFRawStream).contents);
    h.update(p.node.Resources()!.toString());
    return h.digest('hex').slice(0, 8);
  });
}
async function pix(file: string) {
  const out: string[] = [];
  for await (const img of rasterize(file, { dpi: 100 })) out.push(createHash('sha1').update(img.data).digest('hex').slice(0, 8));
  return out;
}

test.skipIf(!process.env.SCRATCH)('scratch diff', async () => {
  const browser = await launchChromium();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scratch-'));
  await cp('book.yaml', path.join(dir, 'book.yaml'));
  await cp('manuscripts', path.join(dir, 'manuscripts'), { recursive: true });
  const y = await readFile(path.join(dir, 'book.yaml'), 'utf8');
  await writeFile(path.join(dir, 'book.yaml'), y.replace(/formats: \[.*\]/, 'formats: [pdf]'));
  const cache = {};
  const f = path.join(dir, 'manuscripts/2024-liangdian-huimou.md');
  const edits = [(t: string) => t, (t: string) => t.replace('。\n', '。一次修改。\n'), (t: string) => t.replace('一次修改', '一次改动'), (t: string) => t.replace('一次改动', '一次改动鑫犇龘'), (t: string) => t.replace(/(\n[^\n]{200,}\n)/, '$1$1')];
  let prevK: string[] = [], prevP: string[] = [];
  for (const [i, edit] of edits.entries()) {
    await writeFile(f, edit(await readFile(f, 'utf8')));
    const r = await buildBook(dir, { outDir: path.join(dir, 'pv'), browser, cache });
    await copyFile(r.pdfFile, `/tmp/scratch-${i}.pdf`);
    let t = performance.now();
    const k = await keys(r.pdfFile);
    const kt = performance.now() - t; t = performance.now();
    const p = await pix(r.pdfFile);
    const pt = performance.now() - t;
    const kd = k.map((x, j) => (x !== prevK[j] ? j + 1 : 0)).filter(Boolean);
    const pd = p.map((x, j) => (x !== prevP[j] ? j + 1 : 0)).filter(Boolean);
    console.log(i, 'pages', r.pages, 'keys ms', kt.toFixed(0), 'pix ms', pt.toFixed(0), 'key-changed', kd.join(','), 'pix-changed', pd.join(','));
    prevK = k; prevP = p;
  }
  await rm(dir, { recursive: true });
  await browser.close();
});
