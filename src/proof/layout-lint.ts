import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString as mdastText } from 'mdast-util-to-string';
import type { Link, Nodes as Node } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { mmToPoints } from '../config/page-size.js';
import { typeArea } from '../config/grid.js';
import type { BookConfig } from '../config/schema.js';
import { CODE_FONT_FAMILY } from '../config/fonts.js';
import type { WideBlock } from '../pdf/compose/index.js';
import type { Manuscript } from '../manuscript/load.js';
import { pageChars, printedLines, type PageChar } from './page-chars.js';
import { withPdfium } from '../reader/document.js';
import type { DrawnImage } from '../reader/types.js';
import { auditChars, auditLayout } from './audit/index.js';
import { columnGutters } from './audit/lines.js';
import { findPrinted, foldDashes } from './unprinted.js';
import { TABLE_NOTE, TABLE_UNIT } from '../pipeline/tables.js';
import type { SourceImage } from '../pipeline/image-pixels.js';
import { matchImages, resolutionMessage, type PrintedImage } from './image-resolution.js';

/** A table title without its spaces (the blocks' text is squashed): 表 and a number. */
const SQUASHED_TITLE = /^表[0-9０-９一二三四五六七八九十]/u;

export interface LayoutLintInput {
  pdfFile: string;
  config: BookConfig;
  manuscripts: readonly Manuscript[];
  /** Pages left blank on purpose (the back of the title page, pages before recto chapter starts). */
  deliberateBlanks: ReadonlySet<number>;
  /** Paths in the report are shown relative to this folder. */
  cwd?: string;
  /** The PDF's name in the report (the final out/ path, while `pdfFile` may be a staging copy). */
  shownAs?: string;
  /** Blocks the print found wider than the type area (pdf/compose/fit-wide.ts), with their manuscript lines. */
  wide?: readonly WideBlock[];
  /** 图片专辑 pages (render/plates.ts): their captions read across in a vertical book too. */
  platePages?: ReadonlySet<number>;
  /** Pages of lists (the TOC when chapters stand before it, the index): not running text, left out of the composition audit. */
  listPages?: ReadonlySet<number>;
  /** The body's first page (1-based): the pages before it (title, 版权页, front matter) are set in other sizes. */
  firstBodyPage?: number;
  /** Pages a deliberate page break (::pagebreak) ends: short on purpose. */
  breakPages?: ReadonlySet<number>;
  /** The book's pictures in order, with their manuscript lines and pixel sizes (pipeline/image-pixels.ts). */
  images?: readonly SourceImage[];
}

/** Punctuation that Chinese typesetting never puts at the start of a line (GB/T 15834, clreq). */
const NO_LINE_START = /^[，。、；：？！）》”’」』〉】]/u;
const MIN_DPI = 300;

// Emphasis dots (着重号, `text-emphasis: filled dot`) are printed as U+2022 glyphs beside the line: not text.
// Hyphens are left out on both sides: a soft hyphen prints as a hyphen where a long word breaks (pipeline/runs.ts).
const squash = (text: string) => text.replace(/[\s\u2022\u00ad\u2010-]+/g, '');

/** Where a printed line's text stands in the manuscripts: the block (paragraph, heading, caption) that contains it. */
interface Block {
  manuscript: Manuscript;
  position: Position | undefined;
  text: string;
  heading: boolean;
  /** A table's cells: printed in rows (and, in a vertical book, horizontally). */
  cells?: string[];
  /** Printed across the page whatever the book's writing: a table, its title, unit and notes (pipeline/tables.ts). */
  across?: boolean;
}

/** A block's text as it prints: a link out of the book with its address after it (pipeline/links.ts). */
function printedTextOf(node: Node, links: 'after' | 'none'): string {
  if (node.type === 'link' && links === 'after') {
    const shown = mdastText(node, { includeImageAlt: false, includeHtml: false });
    const address = (node as Link).url.replace(/^mailto:/i, '');
    return node.url.startsWith('#') || shown.trim() === address || shown.trim() === node.url ? shown : `${shown}（${address}）`;
  }
  // An index mark with {hidden} prints nothing where it stands (pipeline/directives.ts).
  if (node.type === 'textDirective' && (node as TextDirective).name === 'index' && (node as TextDirective).attributes?.hidden != null) return '';
  // A cross-reference prints （见第123页）, not the title it names (render/refs.ts): looked for as nothing.
  if (node.type === 'textDirective' && (node as TextDirective).name === 'ref') return '';
  if ('children' in node) return (node.children as Node[]).map((child) => printedTextOf(child, links)).join('');
  return mdastText(node, { includeImageAlt: false, includeHtml: false });
}

function manuscriptBlocks(manuscripts: readonly Manuscript[], links: 'after' | 'none' = 'after'): Block[] {
  const blocks: Block[] = [];
  for (const manuscript of manuscripts) {
    visit(manuscript.tree, (node) => {
      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'leafDirective' || node.type === 'code' || node.type === 'table') {
        // Raw HTML tags never print as text (the sanitizer keeps or drops their elements): only the text between them is expected.
        const cells = node.type === 'table' ? node.children.flatMap((row) => row.children.map((cell) => squash(printedTextOf(cell, links)))).filter(Boolean) : undefined;
        blocks.push({ manuscript, position: node.position, text: squash(printedTextOf(node, links)), heading: node.type === 'heading', ...(cells ? { cells } : {}) });
        return 'skip';
      }
      return undefined;
    });
  }
  // A table's title and unit (the paragraphs just above it) and notes (just below) print with it, across;
  // a plates manuscript (图片专辑) prints its captions and introduction across in a vertical book too.
  blocks.forEach((block, i) => {
    if (block.manuscript.meta.role === 'plates') block.across = true;
    if (!block.cells) return;
    block.across = true;
    const plain = (b: Block | undefined) => b && !b.cells && !b.heading;
    let k = i - 1;
    if (plain(blocks[k]) && TABLE_UNIT.test(blocks[k]!.text)) blocks[k--]!.across = true;
    if (plain(blocks[k]) && SQUASHED_TITLE.test(blocks[k]!.text)) blocks[k]!.across = true;
    for (k = i + 1; plain(blocks[k]) && TABLE_NOTE.test(blocks[k]!.text); k += 1) blocks[k]!.across = true;
  });
  return blocks;
}

/**
 * Checks the printed book the way a proofreader looks at pages, and reports on the manuscripts (with
 * page numbers): text in a fallback font (a glyph missing from the book's fonts), text running out of
 * the text block, a heading as the last line of a page, a last line of one or two characters (孤字), a
 * line that starts with forbidden punctuation, an image printed below 300 dpi, an empty page that
 * nobody asked for. Messages are warnings: the book was built; the editor decides.
 */
export async function lintLayout(input: LayoutLintInput): Promise<VFile[]> {
  const { config } = input;
  const cwd = input.cwd ?? process.cwd();
  const files = new Map(input.manuscripts.map((m) => [m.file, new VFile({ path: path.relative(cwd, m.file) || m.file })]));
  const shown = input.shownAs ?? input.pdfFile;
  const bookFile = new VFile({ path: path.relative(cwd, shown) || shown });
  const blocks = manuscriptBlocks(input.manuscripts);
  // Many findings quote the same printed line (a fallback font, a run of lines): look each text up once.
  const blockOf = new Map<string, Block | undefined>();
  const report = (text: string, reason: string, ruleId: string) => {
    if (!blockOf.has(text)) {
      const squashed = squash(text);
      blockOf.set(text, text ? blocks.find((b) => b.text.includes(squashed)) : undefined);
    }
    const block = blockOf.get(text);
    const file = block ? files.get(block.manuscript.file)! : bookFile;
    file.message(reason, { place: block?.position?.start, ruleId, source: 'paiban-layout' }).fatal = false;
  };

  // Blocks wider than the type area: set smaller to fit (a warning: the size differs from the book's), or clipped (the text is cut).
  for (const block of input.wide ?? []) {
    const manuscript = input.manuscripts.find((m) => m.name === block.source);
    const file = manuscript ? files.get(manuscript.file)! : bookFile;
    const place = block.line ? { line: block.line, column: 1 } : undefined;
    const reason = block.fits
      ? `A ${block.what} wider than the type area is set at ${Math.round(block.scale * 100)}% of its size to fit`
      : `A ${block.what} is wider than the type area even at the smallest size; what stands out is cut off: make it narrower (fewer columns, a shorter line) or split it`;
    file.message(reason, { ...(place ? { place } : {}), ruleId: block.fits ? 'set-smaller' : 'too-wide', source: 'paiban-layout' }).fatal = false;
  }

  // pdf-lib reads the PDF for its images while mutool (when installed) works on the text.
  const imagePagesJob = pagesWithImages(input.pdfFile);
  imagePagesJob.catch(() => undefined); // awaited below
  const pages = await pageChars(input.pdfFile);
  const box = textBlock(config);
  const inBody = (c: PageChar) => c.y > box.top - 2 && c.y < box.bottom + 2;
  const layout = auditLayout(config);
  const gutters = { gutters: (page: number) => columnGutters(layout, page) };
  // Plate pages are laid out across in both writing modes (pipeline/plates.ts): their lines are read so.
  const plate = (page: number) => input.platePages?.has(page) === true;
  const lines =
    config.writing === 'vertical' && input.platePages?.size
      ? [...printedLines(pages, 'vertical', (c, page) => inBody(c) && !plate(page), gutters), ...printedLines(pages, 'horizontal', (c, page) => inBody(c) && plate(page))].sort((a, b) => a.page - b.page)
      : printedLines(pages, config.writing, (c) => inBody(c), gutters);
  const families = [config.fonts.body, config.fonts.heading, config.fonts.caption, CODE_FONT_FAMILY].map((f) => f.replace(/\s+/g, ''));

  // A print scaled as a whole: Chromium shrinks every page when something is wider than the page. Every
  // such block is meant to be fitted before the print (pdf/compose): one that was not is a fault of paiban's.
  // (Read on the body's pages: a book of a few lines has more characters in its 版权页's small size than in its text.)
  const running = (page: number) => page >= (input.firstBodyPage ?? 1) && !plate(page) && input.listPages?.has(page) !== true;
  const printedSize = mostCommonSize(lines.filter((line) => running(line.page)).flatMap((line) => line.chars.filter((c) => c.font.startsWith(families[0]!)).map((c) => c.fontSize)));
  // Sizes are read to a thousandth of a point, exact for a print at its size. A box 0.5 px past a
  // 720 px column (one character's blank side squeezed at a line's end) scales the print by 0.07%.
  if (printedSize > 0 && Math.abs(printedSize / config.fonts.size - 1) > 0.0003) {
    report('', `The whole print is scaled to ${((printedSize / config.fonts.size) * 100).toFixed(2)}%: the body prints at ${printedSize.toFixed(2)} pt, not ${config.fonts.size} pt. Something is wider than its page or column`, 'scaled-print');
  }

  // Fallback fonts: a character set in a font the book did not ask for means its own fonts lack the glyph.
  const foreign = new Map<string, { pages: Set<number>; chars: Set<string>; line: string }>();
  for (const line of lines) {
    for (const char of line.chars) {
      if (families.some((family) => char.font.startsWith(family))) continue;
      const entry = foreign.get(char.font) ?? { pages: new Set(), chars: new Set(), line: longestRunInBookFonts(line.chars, families) || line.text };
      entry.pages.add(line.page);
      entry.chars.add(char.char);
      foreign.set(char.font, entry);
    }
  }
  for (const [font, entry] of foreign) {
    report(entry.line, `Page ${[...entry.pages].join(', ')}: “${[...entry.chars].join('')}” printed in the fallback font ${font || '(unnamed)'}: the book's fonts have no glyph for it`, 'fallback-font');
  }

  // Text missing from the printed pages: a long line in a code block or a wide table runs past the page
  // box, and Chromium cuts it off there (it never reaches the PDF, so its position cannot be checked).
  // Runs of dashes are compared as one dash (unprinted.ts: how the readers see a 2-em dash differs).
  const printed = foldDashes(squash(lines.map((line) => line.text).join('')));
  // Tables are set horizontally in both writing modes: their cells are looked for in lines read across too,
  // column by column (a table in a column) or, failing that, across the whole type area (one spanning the columns).
  const wide = foldDashes(squash(printedLines(pages, 'horizontal', (c) => inBody(c)).map((line) => line.text).join('')));
  const across = config.writing === 'vertical' ? wide : printed;
  let cursor = 0;
  let acrossCursor = 0;
  let wideCursor = 0;
  for (const block of blocks) {
    if (!block.text) continue;
    const text = foldDashes(block.cells?.join('') ?? block.text);
    let found = block.across ? findPrinted(text, across, acrossCursor) : findPrinted(foldDashes(block.text), printed, cursor);
    if (block.across && found.missing && across !== wide) {
      const spanning = findPrinted(text, wide, wideCursor);
      if (spanning.missing.length < found.missing.length) {
        wideCursor = spanning.end;
        found = { end: acrossCursor, missing: spanning.missing };
      }
    }
    if (block.across) acrossCursor = found.end;
    else cursor = found.end;
    if (!found.missing) continue;
    // A character the fonts lack comes out as U+FFFD: that is the fallback-font problem above, not a cut.
    if (printed.includes('\uFFFD') && !printed.includes(found.missing[0]!)) continue;
    const file = files.get(block.manuscript.file)!;
    file.message(`Text not printed (cut off at the page edge, or outside the type area): “${[...found.missing].slice(0, 12).join('')}${[...found.missing].length > 12 ? '…' : ''}” (${[...found.missing].length} characters)`, { place: block.position?.start, ruleId: 'overflow', source: 'paiban-layout' }).fatal = false;
  }

  // Headings at a page foot, 孤字 and pages that end short: the composition audit's findings (src/proof/audit).
  // Plate pages (图片专辑) stand outside the line grid: the audit sees them as pages without text.
  // So do lists: the TOC when chapters stand before it (else the audit would take its lines for body lines), the index.
  const offGrid = (page: number) => plate(page) || input.listPages?.has(page) === true;
  const audit = auditChars(input.platePages?.size || input.listPages?.size ? pages.map((chars, index) => (offGrid(index + 1) ? [] : chars)) : pages, layout);
  const AUDIT_RULES: Record<string, string> = {
    'heading-at-foot': 'heading-at-foot',
    'orphan-char': 'short-last-line',
    'short-page': 'short-page',
    'running-head-on-opener': 'running-head',
    'short-column': 'short-column',
    'unbalanced-columns': 'unbalanced-columns',
  };
  for (const finding of audit.findings) {
    // A page a ::pagebreak ends is short because the manuscript says so.
    if ((finding.rule === 'short-page' || finding.rule === 'short-column') && input.breakPages?.has(finding.page)) continue;
    const ruleId = AUDIT_RULES[finding.rule];
    if (ruleId) report(finding.text, `Page ${finding.page}: ${finding.message}`, ruleId);
  }
  for (const line of lines) {
    if (NO_LINE_START.test(line.text) && (config.writing !== 'vertical' || (setDown(line.chars) && !setAcross(line.chars[0]!, pages[line.page - 1] ?? [], layout.pitch)))) report(line.text, `Page ${line.page}: a line starts with “${line.text[0]}”`, 'line-start-punctuation');
  }

  // Pages with nothing on them that the book did not leave blank on purpose.
  const imagePages = await imagePagesJob;
  pages.forEach((chars, index) => {
    const page = index + 1;
    // Running head and folio do not count: a page with only those is empty.
    if (!chars.some((c) => c.char.trim() && inBody(c)) && !imagePages.has(page) && !input.deliberateBlanks.has(page)) {
      bookFile.message(`Page ${page} is empty (no text, no image) and was not left blank on purpose`, { ruleId: 'empty-page', source: 'paiban-layout' }).fatal = false;
    }
  });

  if (imagePages.size) {
    // Each printed picture is found among the manuscripts' pictures (in order, by its pixels), so a warning names the figure's line.
    const printedPictures = await printedImages(input.pdfFile, [...imagePages]);
    const sources = matchImages(printedPictures, input.images ?? []);
    printedPictures.forEach((image, k) => {
      if (image.dpi >= MIN_DPI) return;
      const source = sources[k];
      const file = source ? files.get(source.file) : undefined;
      const message = resolutionMessage(image, source, MIN_DPI);
      if (file && source) file.message(message, { ...(source.line ? { place: { line: source.line, column: 1 } } : {}), ruleId: 'image-resolution', source: 'paiban-layout' }).fatal = false;
      else bookFile.message(message, { ruleId: 'image-resolution', source: 'paiban-layout' }).fatal = false;
    });
  }
  return [...files.values(), bookFile].filter((file) => file.messages.length > 0);
}

/** The text block of each page, in points from the top-left, from book.yaml's page size and margins. */
function textBlock(config: BookConfig) {
  const { size } = config.page;
  // The margins around the type area (config/grid.ts recomputes bottom and outer).
  const { margins } = typeArea(config);
  const width = mmToPoints(size.widthMm);
  const oddIsRightHand = config.writing !== 'vertical';
  return {
    top: mmToPoints(margins.top),
    bottom: mmToPoints(size.heightMm - margins.bottom),
    sides(page: number) {
      // A right-hand page has its spine (inner margin) on the left; odd pages are right-hand unless the book runs right to left.
      const rightHand = (page % 2 === 1) === oddIsRightHand;
      const left = mmToPoints(rightHand ? margins.inner : margins.outer);
      const right = width - mmToPoints(rightHand ? margins.outer : margins.inner);
      return { left, right };
    },
  };
}

/** Pages whose resources hold an image (direct, or inside a form XObject). */
async function pagesWithImages(pdfFile: string): Promise<Set<number>> {
  const pdf = await PDFDocument.load(await readFile(pdfFile), { updateMetadata: false });
  const result = new Set<number>();
  const hasImage = (resources: PDFDict | undefined, depth = 0): boolean => {
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!xobjects || depth > 3) return false;
    return xobjects.values().some((ref) => {
      const object = pdf.context.lookup(ref);
      if (!(object instanceof PDFStream)) return false;
      const subtype = object.dict.get(PDFName.of('Subtype'))?.toString();
      if (subtype === '/Image') return true;
      return subtype === '/Form' && hasImage(object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), depth + 1);
    });
  };
  pdf.getPages().forEach((page, index) => {
    if (hasImage(page.node.Resources())) result.add(index + 1);
  });
  return result;
}

/**
 * Every image drawn on the given pages with its pixel size and its printed resolution (PDFium's page
 * objects, in drawing order). A bleed plate's photo is drawn twice at one place (press/bleed-images.ts):
 * it counts once.
 */
async function printedImages(pdfFile: string, pages: number[]): Promise<PrintedImage[]> {
  return withPdfium(await readFile(pdfFile), pdfFile, (document) => {
    const images: PrintedImage[] = [];
    for (const page of pages) {
      const seen: DrawnImage[] = [];
      for (const image of document.images(page - 1)) {
        if (seen.some((other) => other.width === image.width && other.height === image.height && other.matrix.every((n, k) => Math.abs(n - image.matrix[k]!) < 0.5))) continue;
        seen.push(image);
        const { width, height, dpi, printedWidth, printedHeight } = image;
        images.push({ page, width, height, dpi, printedMm: [(printedWidth * 25.4) / 72, (printedHeight * 25.4) / 72] });
      }
    }
    return images;
  });
}

/**
 * The longest stretch of a printed line set in the book's own fonts: what finds the line's manuscript
 * block when the rest of the line is in a fallback font (its glyphs may extract as other code points).
 */
function longestRunInBookFonts(chars: readonly PageChar[], families: readonly string[]): string {
  let best = '';
  let run = '';
  for (const char of chars) {
    run = families.some((family) => char.font.startsWith(family)) ? run + char.char : '';
    if (run.length > best.length) best = run;
  }
  return best;
}

/** The most common of the font sizes (to 0.01 pt), 0 for none. */
function mostCommonSize(sizes: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const size of sizes) counts.set(Math.round(size * 1000) / 1000, (counts.get(Math.round(size * 1000) / 1000) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * Whether a character of a vertical book stands in text set across (a table's cell or note, set
 * horizontally in a vertical book too): a neighbour on its baseline about an em away. Columns of text
 * stand a line pitch apart, more than an em and a quarter.
 */
export function setAcross(char: PageChar, page: readonly PageChar[], pitch = Infinity): boolean {
  const em = char.size / 1.448;
  // (Closer than the next column: a book set with little leading has its columns less than 1.25 em apart.)
  const within = Math.min(1.25 * em, 0.75 * pitch);
  return page.some((c) => c !== char && Math.abs(c.size - char.size) < 0.1 && Math.abs(c.y - char.y) < 0.2 * em && Math.abs(c.x - char.x) > 0.4 * em && Math.abs(c.x - char.x) < within);
}

/**
 * Whether a vertical book's printed line is a column of text: its characters follow one another about
 * an em apart. The cells of a table (set across in a vertical book too) that stand at one x are read as
 * a "line" whose characters are a row's pitch apart: no line start to check there.
 */
export function setDown(chars: readonly PageChar[]): boolean {
  if (chars.length < 3) return true;
  const gaps = chars.slice(1).map((c, i) => Math.abs(c.y - chars[i]!.y)).sort((a, b) => a - b);
  const em = [...chars].map((c) => c.size / 1.448).sort((a, b) => a - b)[Math.floor(chars.length / 2)]!;
  return gaps[Math.floor(gaps.length / 2)]! < 1.3 * em;
}
