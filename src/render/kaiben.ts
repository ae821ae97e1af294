/**
 * The computed figures of the 版权页: 开本 (full sheet and number of parts), 印张 and 字数, as Chinese
 * publishers state them. Pure functions, no I/O.
 */
import type { PageSize } from '../config/page-size.js';

/** A 开本: the uncut sheet (mm, short side first) and how many pages of the book one side of it holds. */
export interface Kaiben {
  sheet: readonly [number, number];
  parts: number;
}

/**
 * Standard trim sizes and the 全张幅面 + 开数 publishers print for them. The 787/850/880 sheets are the
 * traditional Chinese ones; A5 and B5 come from GB/T 788-1999 (图书和杂志开本及其幅面尺寸), table 1:
 * A-series books are cut from 890 mm × 1240 mm (A4 1/16, A5 1/32), B-series from 1000 mm × 1400 mm
 * (B5 1/32).
 */
const STANDARD_KAIBEN: readonly { trim: readonly [number, number]; kaiben: Kaiben }[] = [
  { trim: [185, 260], kaiben: { sheet: [787, 1092], parts: 16 } },
  { trim: [210, 285], kaiben: { sheet: [880, 1230], parts: 16 } },
  { trim: [130, 184], kaiben: { sheet: [787, 1092], parts: 32 } },
  { trim: [140, 203], kaiben: { sheet: [850, 1168], parts: 32 } },
  { trim: [210, 297], kaiben: { sheet: [890, 1240], parts: 16 } },
  { trim: [148, 210], kaiben: { sheet: [890, 1240], parts: 32 } },
  { trim: [176, 250], kaiben: { sheet: [1000, 1400], parts: 32 } },
];

/** The standard 开本 of a trim size (within 1 mm, the tolerance GB/T 788 allows), or undefined for a custom size. */
export function kaibenOf(size: Pick<PageSize, 'widthMm' | 'heightMm'>): Kaiben | undefined {
  const [short, long] = [Math.min(size.widthMm, size.heightMm), Math.max(size.widthMm, size.heightMm)];
  return STANDARD_KAIBEN.find(({ trim }) => Math.abs(trim[0] - short) <= 1 && Math.abs(trim[1] - long) <= 1)?.kaiben;
}

/** "890 mm × 1240 mm 1/32" for a standard size, "150 mm × 220 mm" (the trim) for any other. */
export function formatKaiben(size: Pick<PageSize, 'widthMm' | 'heightMm'>): string {
  const kaiben = kaibenOf(size);
  if (!kaiben) return `${size.widthMm} mm × ${size.heightMm} mm`;
  return `${kaiben.sheet[0]} mm × ${kaiben.sheet[1]} mm　1/${kaiben.parts}`;
}

/**
 * 印张: one 印张 is one side of the full sheet, so pages ÷ 开数. Publishers state it to the eighth of a
 * 印张 and count a started eighth as whole (the last, part-filled sheet is still printed): 22 pages of
 * a 32开 book are 0.6875 → 0.75 印张.
 */
export function yinzhang(pages: number, parts: number): number {
  if (!(pages > 0 && parts > 0)) return 0;
  return Math.ceil((pages / parts) * 8 - 1e-9) / 8;
}

/** 印张 as printed: no trailing zeros (0.75, 2.125, 10). */
export function formatYinzhang(value: number): string {
  return String(Number(value.toFixed(3)));
}

/**
 * 字数 in 千字, as publishers count it for the 版权页: by the type area, not the text — characters per
 * line × lines per page × pages, blank and part-filled pages included; a started thousand counts as a
 * thousand (the rule of the 国家版权局 rates for text works: 不足千字部分按千字计算).
 */
export function qianzi(charsPerLine: number, linesPerPage: number, pages: number): number {
  const characters = Math.max(0, charsPerLine) * Math.max(0, linesPerPage) * Math.max(0, pages);
  return Math.ceil(characters / 1000 - 1e-9);
}
