import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFName, PDFOperator, PDFOperatorNames, rgb, type PDFDocument } from 'pdf-lib';
import type { BookConfig } from '../config/schema.js';
import { typeArea } from '../config/grid.js';
import type { NamedDestination } from '../pdf/dests.js';

const PT_PER_MM = 72 / 25.4;
/** The margin boxes' size and grey (render/page-rules.ts): the drawn heads look like the printed ones. */
const HEAD_SIZE_PT = 7.5;
const HEAD_GREY = 0.2;
/** The margin box sets its text 2.5 mm above the type area (padding-bottom). */
const HEAD_GAP_MM = 2.5;
/** The baseline above the margin box's bottom, in em (measured from Chromium's own heads: Noto's descent and half-leading). */
const HEAD_BASELINE_EM = 0.613;

/** A 分目 of a 类目, in reading order: where it starts, and what its running head says. */
export interface SectionStart {
  id: string;
  chapterId: string;
  title: string;
}

/** Where a chapter runs: its first page (its opening page, or a 类目's opener; 0-based) and the page after its last. */
export interface ChapterPages {
  chapterId: string;
  title: string;
  first: number;
  end: number;
  /** A 类目: its rectos carry the 分目 current at their top. */
  part: boolean;
}

/**
 * The running heads of a yearbook, page by page (0-based): on versos the chapter (the 类目), on rectos
 * the chapter's title, or in a 类目 the 分目 current at the top of the page (the last one begun before
 * it, or one that begins in its first line). Chromium has no string-set, so the heads are found from
 * where the print put each 分目 (its named destination: page, x and y) as the TOC numbers are. A
 * chapter's opening page (a 类目's opener) carries none; pages of a 类目 before its first 分目 carry the
 * 类目's name. Rectos are the odd physical pages (page 1 is a recto in both writing modes).
 */
export function yearbookHeads(chapters: readonly ChapterPages[], sections: readonly SectionStart[], destinations: ReadonlyMap<string, NamedDestination>, startOfPage: (destination: NamedDestination) => boolean): Map<number, string> {
  const heads = new Map<number, string>();
  for (const chapter of chapters) {
    const own = sections.filter((section) => section.chapterId === chapter.chapterId).map((section) => ({ section, at: destinations.get(section.id) })).filter((s) => s.at !== undefined);
    for (let page = chapter.first + 1; page < chapter.end; page += 1) {
      let current = chapter.title;
      if (chapter.part && page % 2 === 0) {
        for (const { section, at } of own) {
          if (at!.pageIndex < page || (at!.pageIndex === page && startOfPage(at!))) current = section.title;
        }
      }
      heads.set(page, current);
    }
  }
  return heads;
}

/**
 * Draws each page's running head at the outer top of the page, in the heading face as the margin boxes
 * print theirs (7.5 pt, grey, 2.5 mm above the type area, flush with the outer edge of the area), marked
 * as an artifact so that the structure tree and a reader's text order leave it out, as they leave out
 * Chromium's margin boxes. `font` is the heading face cut down to the heads' characters (fonts/harfbuzz.ts),
 * embedded whole: pdf-lib's own subsetting of the book's subset (its glyph ids kept) left some glyphs
 * blank (政协 of 政协工作 drew nothing; the text still read right).
 */
export async function drawRunningHeads(pdf: PDFDocument, heads: ReadonlyMap<number, string>, config: BookConfig, fontBytes: Uint8Array): Promise<number> {
  if (heads.size === 0) return 0;
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(fontBytes, { subset: false, customName: subsetName(fontBytes) });
  const area = typeArea(config);
  const vertical = config.writing === 'vertical';
  let drawn = 0;
  for (const [index, text] of heads) {
    const page = pdf.getPage(index);
    const { width, height } = page.getSize();
    // A recto's outer side is the right in a left-to-right book, the left in a vertical (right-to-left) one; a verso's the other.
    const recto = index % 2 === 0;
    const outerRight = recto !== vertical;
    const textWidth = font.widthOfTextAtSize(text, HEAD_SIZE_PT);
    const x = outerRight ? width - area.margins.outer * PT_PER_MM - textWidth : area.margins.outer * PT_PER_MM;
    // The margin box's baseline: its line box (Noto's 1.448 em) ends 2.5 mm above the area; the baseline 0.613 em above that.
    const y = height - (area.margins.top - HEAD_GAP_MM) * PT_PER_MM + HEAD_BASELINE_EM * HEAD_SIZE_PT;
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]));
    page.drawText(text, { x, y, size: HEAD_SIZE_PT, font, color: rgb(HEAD_GREY, HEAD_GREY, HEAD_GREY) });
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    drawn += 1;
  }
  return drawn;
}


/**
 * The name a subset carries in the PDF (ISO 32000 9.6.4): six capitals, a plus and the PostScript name,
 * "KQVHTM+NotoSansSC-Regular". The tag comes from the subset's bytes, so a rebuild writes the same name
 * (pdf-lib would add a random suffix instead, and no tag).
 */
export function subsetName(fontBytes: Uint8Array): string {
  const digest = createHash('sha256').update(fontBytes).digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return `${tag}+${fontkit.create(fontBytes as Buffer).postscriptName}`;
}
