import { typeArea } from '../config/grid.js';
import { MM_PER_INCH, POINTS_PER_INCH } from '../config/page-size.js';
import type { BookConfig } from '../config/schema.js';
import type { PlateBox } from './plate-layout.js';

const MM_PER_PT = MM_PER_INCH / POINTS_PER_INCH;
/**
 * How far a plate page's photos stay inside the type area on every side. In a vertical book Chromium 156
 * also paints, at the edge of a page's content, whatever of the next page touches that edge: a photo
 * flush with the type area left a hairline of itself on the page before.
 */
export const PLATE_INSET_MM = 0.5;
/** The caption face's size on plate pages, in body ems (as figcaption in styles/book.css). */
export const PLATE_CAPTION_EM = 0.9;

/**
 * The physical geometry of the book's plate pages (图片专辑), in millimetres. A plate page is laid out
 * physically, alike in both writing modes: photos and captions inside the type area (版心) of the
 * book's pages; a bleed photo over the whole page and `bleedMm` beyond each edge.
 */
export interface PlateGeometry {
  /** The room of a page of photos: the type area, less PLATE_INSET_MM on every side. */
  box: Omit<PlateBox, 'headMm'>;
  /** The bleed of the print files (print.bleed): how far a bleed photo reaches beyond the trim. */
  bleedMm: number;
  /** The type area's margins (the grid's, as the text pages have them): a bleed page's caption stays inside them. */
  margins: { top: number; bottom: number; inner: number; outer: number };
  /** The body size (one em of the title and introduction) and the line pitch, mm. */
  emMm: number;
  lineMm: number;
}

export function plateGeometry(config: Pick<BookConfig, 'page' | 'fonts' | 'writing' | 'grid' | 'print'>): PlateGeometry {
  const area = typeArea(config);
  const vertical = config.writing === 'vertical';
  // The type area across and down the page: in a vertical book its lines are columns.
  const widthPt = vertical ? area.blockPt : area.inlinePt;
  const heightPt = vertical ? area.inlinePt : area.blockPt;
  const emMm = area.sizePt * MM_PER_PT;
  const lineMm = area.pitchPt * MM_PER_PT;
  return {
    box: {
      widthMm: widthPt * MM_PER_PT - 2 * PLATE_INSET_MM,
      heightMm: heightPt * MM_PER_PT - 2 * PLATE_INSET_MM,
      gapMm: emMm,
      captionGapMm: emMm * 0.4,
      captionEmMm: emMm * PLATE_CAPTION_EM,
      captionLineMm: lineMm,
    },
    bleedMm: config.print.bleed,
    margins: area.margins,
    emMm,
    lineMm,
  };
}
