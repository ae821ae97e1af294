import path from 'node:path';
import type { Root, Table } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { unified, type Processor } from 'unified';
import remarkRehype from 'remark-rehype';
import { visit } from 'unist-util-visit';
import { toString as mdastText } from 'mdast-util-to-string';
import { location } from 'vfile-location';
import remarkPaibanDirectives, { textDirectiveProblem } from '../pipeline/directives.js';
import { checkImagePath } from '../files/images.js';

/**
 * The checks for what the build would lose or refuse: a table row whose extra cells would be dropped,
 * and an image (Markdown, `::figure`, or raw HTML `<img>`) the build would stop on. The images are found
 * as the build finds them — the manuscript through the pipeline's own stages up to its image check
 * (directives, remark-rehype, raw HTML parsed, sanitized: pipeline/transform.ts) — and checked by the
 * same checkImagePath, so `paiban check` fails on exactly the images `paiban build` would.
 */

interface LostTextContext {
  source: string;
  bookDir: string;
}

/** The stages the build runs before its image check (pipeline/transform.ts, up to rehypeLocalImages)… */
const toHast = unified().use(remarkPaibanDirectives).use(remarkRehype, { allowDangerousHtml: true }).freeze();
/** …and, for raw HTML, rehype-raw and the sanitizer: loaded by loadHtmlStages, only for a manuscript that has raw HTML. */
let htmlStages: Processor<undefined, HastRoot, HastRoot, undefined, undefined> | undefined;

/**
 * Loads the raw-HTML stages once. `paiban check` loads them only when a manuscript has raw HTML, so a
 * check of plain Markdown starts without them (test/cli-startup.test.ts); checkFiles calls this first.
 */
export async function loadHtmlStages(): Promise<void> {
  if (htmlStages) return;
  const [{ default: rehypeRaw }, { default: rehypeSanitize }, { manuscriptSchema }] = await Promise.all([import('rehype-raw'), import('rehype-sanitize'), import('../pipeline/sanitize.js')]);
  htmlStages = unified().use(rehypeRaw).use(rehypeSanitize, manuscriptSchema).freeze() as unknown as typeof htmlStages;
}

/** True when a manuscript may hold raw HTML (a tag, a comment): then loadHtmlStages must run before it is checked. */
export function mayHaveHtml(source: string): boolean {
  return /<[A-Za-z!/]/.test(source);
}

/** A web address: its own rule id, for its own advice. */
const WEB = /^(https?:)?\/\//i;

export function checkImages(tree: Root, file: VFile, context: LostTextContext): void {
  const manuscriptDir = file.path ? path.dirname(path.resolve(file.path)) : context.bookDir;
  const copy = structuredClone(tree);
  // A block directive the directive stage does not turn into a figure or a page break stops that stage
  // (the build reports it with its line): it holds no image, so it is left out here.
  // So does a text directive the stage refuses (rules.ts reports it): a misspelt one, an index mark or a
  // cross-reference without text.
  visit(copy, (node, index, parent) => {
    const emptyMark =
      node.type === 'textDirective' &&
      (textDirectiveProblem(node) !== undefined || ((node.name === 'index' || node.name === 'ref') && node.children.every((child) => child.type === 'text' && !child.value.trim())));
    if (node.type !== 'leafDirective' && node.type !== 'containerDirective' && !emptyMark) return undefined;
    const handled = !emptyMark && (node.name === 'figure' || ((node.name === 'pagebreak' || node.name === 'table') && node.type === 'leafDirective'));
    if (handled || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    return index;
  });
  let hast = toHast.runSync(copy, file) as HastRoot;
  let raw = false;
  visit(hast, 'raw', () => {
    raw = true;
  });
  if (raw) {
    // A caller that checks raw HTML without the stages loaded would pass images the build refuses.
    if (!htmlStages) throw new Error('checkImages: raw HTML in the manuscript; call loadHtmlStages() first');
    hast = htmlStages.runSync(hast, file);
  }
  visit(hast, 'element', (node: Element) => {
    if (node.tagName !== 'img') return;
    const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
    const checked = checkImagePath(src, manuscriptDir, context.bookDir, { captionAlone: true });
    if (!('problem' in checked)) return;
    const message = file.message(`${checked.problem.reason}. ${checked.problem.hint}`, { place: node.position?.start, ruleId: WEB.test(src) ? 'remote-image' : 'missing-image', source: 'paiban' });
    message.fatal = true;
  });
}

/**
 * A GFM table row with more cells than its header: remark-rehype keeps as many cells as the header has,
 * and the rest never print. The usual cause is a `|` that belongs to the text — inside `code` it still
 * splits the cell (GFM) — so the message points at it and says to write `\|`.
 */
export function checkTableCells(tree: Root, file: VFile, context: LostTextContext): void {
  visit(tree, 'table', (table: Table) => {
    const header = table.children[0]?.children.length ?? 0;
    for (const row of table.children.slice(1)) {
      if (row.children.length <= header) continue;
      const lost = row.children.slice(header).map((cell) => mdastText(cell).trim()).filter(Boolean);
      const start = row.position?.start.offset;
      const end = row.position?.end.offset;
      const text = start !== undefined && end !== undefined ? context.source.slice(start, end) : '';
      // A code span with an unescaped | in the row's source: the likely cause, and where to point.
      const inCode = /`[^`\n]*?(?<!\\)\|[^`\n]*?`/.exec(text);
      const pipe = inCode ? inCode.index + inCode[0].search(/(?<!\\)\|/) : undefined;
      const place = start !== undefined && pipe !== undefined ? location(file).toPoint(start + pipe) : row.position?.start;
      const dropped = lost.length ? `“${lost.join('”, “')}” would not print` : 'the last cells would not print';
      const advice = inCode ? `the “|” in ${inCode[0]} splits the cell: write it as “\\|”` : 'remove the extra “|”, or write a “|” that belongs to the text as “\\|”';
      const message = file.message(`This table row has ${row.children.length} cells and its header ${header}: ${dropped}; ${advice}`, { place, ruleId: 'table-cells', source: 'paiban' });
      message.fatal = true;
    }
  });
}
