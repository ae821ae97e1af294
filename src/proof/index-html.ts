import path from 'node:path';
import { writeFileSafely } from '../files/write.js';
import type { ContactSheet } from './contact-sheet.js';
import type { PdfDiff } from './diff.js';
import type { AuditReport } from './audit/index.js';
import type { PageImage } from './page-images.js';
import { ensureDir } from './proof-dir.js';

export interface ProofIndexInput {
  /** The book's title, for the page heading. */
  title: string;
  pages: readonly PageImage[];
  contactSheet?: ContactSheet;
  diff?: PdfDiff;
  /** The composition audit of the PDF: a table of its figures and the pages at fault. */
  audit?: AuditReport;
}

/**
 * A static page to proofread from: the contact sheet (each thumbnail links to its page, by an image map:
 * no script), then every page at full size, then the diff if there is one. Every link is relative to
 * `dir`, so the folder can be zipped, mailed or served as it is.
 */
export function proofIndexHtml(dir: string, input: ProofIndexInput): string {
  const rel = (file: string) => path.relative(dir, file).split(path.sep).map(encodeURIComponent).join('/');
  const { title, pages, contactSheet, diff } = input;
  const changed = new Set(diff?.changedPages ?? []);
  const parts: string[] = [];
  parts.push(`<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · 校样</title>
<style>
body { font: 15px/1.6 system-ui, sans-serif; margin: 1.5rem; background: #eee; color: #222; }
nav a, .pages a { margin-right: .4em; }
figure { display: inline-block; margin: 0 1rem 1.5rem 0; vertical-align: top; }
figure img { display: block; background: #fff; box-shadow: 0 1px 4px #0004; max-width: 100%; height: auto; }
figcaption { text-align: center; }
.changed figcaption { color: #c00; font-weight: bold; }
/* An image map does not scale with its image: the sheet keeps its pixel size and scrolls instead. */
.sheet { overflow-x: auto; } .sheet img { max-width: none; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: .2em .6em; }
</style>
</head>
<body>
<h1>${escape(title)} · 校样</h1>
<p>${pages.length} 页${diff ? ` · 与上一版相比改动 ${diff.changedPages.length} 页` : ''}</p>
<nav class="pages">${pages.map(({ page }) => `<a href="#page-${page}">${page}</a>`).join(' ')}</nav>`);

  if (contactSheet) {
    parts.push(`<h2 id="contact-sheet">缩略图</h2>
<p class="sheet"><img src="${rel(contactSheet.file)}" width="${contactSheet.width}" height="${contactSheet.height}" usemap="#sheet" alt="全部页面的缩略图"></p>
<map name="sheet">
${contactSheet.slots.map((s) => `<area shape="rect" coords="${s.x},${s.y},${s.x + s.width},${s.y + s.height}" href="#page-${s.page}" alt="第 ${s.page} 页">`).join('\n')}
</map>`);
  }

  if (input.audit) parts.push(auditSection(input.audit));
  if (diff) parts.push(diffSection(diff, rel));

  parts.push('<h2>页面</h2>');
  for (const image of pages) {
    const mark = changed.has(image.page) ? ' class="changed"' : '';
    parts.push(`<figure id="page-${image.page}"${mark}><a href="${rel(image.file)}"><img src="${rel(image.file)}" width="${image.width}" height="${image.height}" loading="lazy" alt="第 ${image.page} 页"></a><figcaption>${image.page}${changed.has(image.page) ? '（有改动）' : ''}</figcaption></figure>`);
  }
  parts.push('</body>\n</html>\n');
  return parts.join('\n');
}

/** Writes `dir/index.html` and returns its path. */
export async function writeProofIndex(dir: string, input: ProofIndexInput, root = path.dirname(path.resolve(dir))): Promise<string> {
  const resolved = await ensureDir(dir, root);
  const file = path.join(resolved, 'index.html');
  // A link planted at out/proof/index.html is replaced, never written through.
  await writeFileSafely(root, file, proofIndexHtml(resolved, input));
  return file;
}

function diffSection(diff: PdfDiff, rel: (file: string) => string): string {
  const lines = [`<h2 id="diff">改动</h2>`, `<p>旧版 ${diff.pageCountOld} 页，新版 ${diff.pageCountNew} 页。`];
  lines.push(diff.changedPages.length ? `改动的页：${diff.changedPages.map((p) => `<a href="#diff-${p}">${p}</a>`).join(' ')}` : '没有页面改动。');
  if (diff.removedPages.length) lines.push(`删去的旧页：${diff.removedPages.join(' ')}`);
  lines.push('</p>');
  if (diff.movedParagraphs.length) {
    lines.push('<table><caption>换了页的段落</caption><tr><th>段落开头</th><th>原在</th><th>现在</th></tr>');
    for (const m of diff.movedParagraphs) lines.push(`<tr><td>${escape(m.text)}</td><td>${m.fromPage}</td><td><a href="#page-${m.toPage}">${m.toPage}</a></td></tr>`);
    lines.push('</table>');
  }
  diff.changedPages.forEach((page, index) => {
    const file = diff.diffImages[index];
    if (file) lines.push(`<figure id="diff-${page}" class="changed"><a href="${rel(file)}"><img src="${rel(file)}" loading="lazy" alt="第 ${page} 页的改动"></a><figcaption>${page}</figcaption></figure>`);
  });
  return lines.join('\n');
}

/** The audit's figures per part, then each finding with a link to its page. */
export function auditSection(audit: AuditReport): string {
  const lines = ['<h2 id="audit">排版检查</h2>', '<table><caption>每项的数目（0 为无误）</caption><tr><th>部分</th><th>项目</th><th>数</th></tr>'];
  for (const [part, figures] of Object.entries(audit.figures)) {
    for (const figure of Object.values(figures)) lines.push(`<tr><td>${escape(part)}</td><td>${escape(figure.label)}</td><td>${figure.value}</td></tr>`);
  }
  lines.push('</table>');
  if (audit.findings.length) {
    lines.push('<table><caption>问题</caption><tr><th>页</th><th>规则</th><th>说明</th></tr>');
    for (const f of audit.findings) lines.push(`<tr><td><a href="#page-${f.page}">${f.page}</a></td><td>${escape(f.rule)}</td><td>${escape(f.message)}</td></tr>`);
    lines.push('</table>');
  }
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
