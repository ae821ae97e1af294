import type { PageSize } from './page-size.js';

/** CSS pixels per point (Chromium prints 96 px to 72 pt). */
const PX_PER_PT = 4 / 3;
const PT_PER_MM = 72 / 25.4;
/** The smallest margin left on a side whose margin the grid recomputes (bottom, outer). */
export const MIN_MARGIN_MM = 5;

/**
 * The type area (版心) of a Chinese book: 字数 × 行数. A line is `chars` body characters long; the page
 * holds `lines` lines one `pitchPx` apart (in vertical books the lines are columns, right to left).
 * The pitch is a whole number of CSS pixels: Chromium snaps a fractional line height to alternating
 * whole pixels (24.5 px prints as 24, 25, 24, …), which would move every line off the grid.
 */
export interface TypeArea {
  chars: number;
  lines: number;
  /** Distance from one line to the next, CSS px (whole) and pt. */
  pitchPx: number;
  pitchPt: number;
  /** Body size in pt: one character of the line. */
  sizePt: number;
  /** Inline size (line length) and block size (lines × pitch) of the area, in pt. */
  inlinePt: number;
  blockPt: number;
  /** Page margins in mm after fitting the area: top and inner as book.yaml says, bottom and outer recomputed. */
  margins: { top: number; bottom: number; inner: number; outer: number };
  /** Whether 字数 and 行数 came from book.yaml's `grid` (else computed from page, margins, size and leading). */
  fromConfig: { chars: boolean; lines: boolean };
}

/** The whole-pixel line pitch of a body size (pt) and leading. */
export function linePitchPx(sizePt: number, leading: number): number {
  return Math.max(1, Math.round(sizePt * PX_PER_PT * leading));
}

/**
 * Fits the type area into the page: the page size and book.yaml's margins give the room; 字数 and 行数
 * are book.yaml's `grid` values or as many whole characters and lines as fit. Top and inner margins stay
 * as given, so the area keeps its place at the head and the spine; bottom and outer take the rest.
 */
/**
 * What the type area depends on: the parts of book.yaml it reads, named here rather than taken from the
 * schema, which validates margins with typeArea (the schema imports this module, not the other way).
 */
export interface TypeAreaInput {
  page: { size: Pick<PageSize, 'widthMm' | 'heightMm'>; margins: { top: number; bottom: number; inner: number; outer: number } };
  fonts: { size: number; leading: number };
  writing: 'horizontal' | 'vertical';
  grid?: { chars?: number | undefined; lines?: number | undefined } | undefined;
}

export function typeArea(config: TypeAreaInput): TypeArea {
  const { size, margins } = config.page;
  const sizePt = config.fonts.size;
  const pitchPx = linePitchPx(sizePt, config.fonts.leading);
  const pitchPt = pitchPx / PX_PER_PT;
  const vertical = config.writing === 'vertical';
  const roomWidthPt = (size.widthMm - margins.inner - margins.outer) * PT_PER_MM;
  const roomHeightPt = (size.heightMm - margins.top - margins.bottom) * PT_PER_MM;
  // A line runs across the page in horizontal books and down it in vertical ones.
  const roomInline = vertical ? roomHeightPt : roomWidthPt;
  const roomBlock = vertical ? roomWidthPt : roomHeightPt;
  const eps = 1e-6;
  const chars = config.grid?.chars ?? Math.max(1, Math.floor(roomInline / sizePt + eps));
  const lines = config.grid?.lines ?? Math.max(1, Math.floor(roomBlock / pitchPt + eps));
  const inlinePt = chars * sizePt;
  const blockPt = lines * pitchPt;
  const widthMm = (vertical ? blockPt : inlinePt) / PT_PER_MM;
  const heightMm = (vertical ? inlinePt : blockPt) / PT_PER_MM;
  const round = (mm: number) => Math.round(mm * 1000) / 1000;
  return {
    chars,
    lines,
    pitchPx,
    pitchPt,
    sizePt,
    inlinePt,
    blockPt,
    margins: {
      top: margins.top,
      inner: margins.inner,
      bottom: round(size.heightMm - margins.top - heightMm),
      outer: round(size.widthMm - margins.inner - widthMm),
    },
    fromConfig: { chars: config.grid?.chars !== undefined, lines: config.grid?.lines !== undefined },
  };
}

/** “版心 30字 × 25行” for the build summary. */
export function describeTypeArea(area: TypeArea): string {
  return `版心 ${area.chars}字 × ${area.lines}行 (${area.pitchPt}pt line pitch)`;
}
