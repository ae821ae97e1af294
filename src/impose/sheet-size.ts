/**
 * Press sheets for 2-up booklets: two trimmed pages side by side on a landscape sheet.
 */
import { mmToPoints, parsePageSize, MM_PER_INCH, POINTS_PER_INCH } from '../config/page-size.js';

/** Sheet sizes in mm, portrait (width × height), as printers and copy shops name them. */
export const NAMED_SHEET_SIZES = {
  A4: [210, 297],
  A3: [297, 420],
  A2: [420, 594],
  B4: [250, 353],
  B3: [353, 500],
  '16开': [185, 260],
  '8开': [260, 370],
  '大16开': [210, 285],
  '大8开': [285, 420],
} as const satisfies Record<string, readonly [number, number]>;

/** A sheet, always landscape (width ≥ height), in mm. */
export interface SheetSize {
  name: string;
  widthMm: number;
  heightMm: number;
}

/**
 * Slack when matching pages to a sheet: Chromium rounds page sizes to its own units (A5 comes out as
 * 420 × 594.96 pt, 148.17 × 209.89 mm), so a strict ≥ would skip the sheet a printer would use.
 * Anything this far over is clipped at the fold or the sheet edge: invisible once trimmed.
 */
export const SHEET_TOLERANCE_MM = 0.5;

export const SHEET_SIZE_HELP = `${Object.keys(NAMED_SHEET_SIZES).join(', ')}, or width×height in mm such as 320×450`;

export function landscape(name: string, aMm: number, bMm: number): SheetSize {
  return { name, widthMm: Math.max(aMm, bMm), heightMm: Math.min(aMm, bMm) };
}

/**
 * The sheet for pages of the given trim size: the smallest named sheet that holds two of them side by
 * side (A5 → A4, 32开 → 16开, B5 → B4, 16开 → 8开, 大16开 → 大8开, A4 → A3), else exactly 2W × H.
 */
export function sheetForPage(page: { widthMm: number; heightMm: number }): SheetSize {
  const needWidth = 2 * page.widthMm;
  const needHeight = page.heightMm;
  const fitting = Object.entries(NAMED_SHEET_SIZES)
    .map(([name, [w, h]]) => landscape(name, w, h))
    .filter((sheet) => sheet.widthMm + SHEET_TOLERANCE_MM >= needWidth && sheet.heightMm + SHEET_TOLERANCE_MM >= needHeight)
    .sort((a, b) => a.widthMm * a.heightMm - b.widthMm * b.heightMm);
  return fitting[0] ?? landscape(`${round(needWidth)}×${round(needHeight)}mm`, round(needWidth), round(needHeight));
}

/** `A4`, `8开`, `a3`, or width×height in mm (`320×450`, `450x320mm`); undefined for anything else. */
export function parseSheetSize(text: string): SheetSize | undefined {
  const trimmed = text.trim();
  const named = Object.entries(NAMED_SHEET_SIZES).find(([name]) => name.toLowerCase() === trimmed.toLowerCase());
  if (named) return landscape(named[0], named[1][0], named[1][1]);
  // Page sizes are sheets too (an A6 booklet on A5), and the custom W×H syntax is the same.
  const page = parsePageSize(trimmed);
  return page ? landscape(page.name, page.widthMm, page.heightMm) : undefined;
}

export function sheetSizeInPoints(sheet: SheetSize): { width: number; height: number } {
  return { width: mmToPoints(sheet.widthMm), height: mmToPoints(sheet.heightMm) };
}

export function pointsToMm(points: number): number {
  return (points / POINTS_PER_INCH) * MM_PER_INCH;
}

function round(mm: number): number {
  return Math.round(mm * 10) / 10;
}
