/**
 * The layout of 图片专辑 pages (plates): photos in manuscript order, 1, 2, 4 or 6 to a page, chosen by
 * their aspect ratios so that each page is well filled. Pure: aspect ratios and caption lengths in,
 * pages of rows of sized photos out (millimetres); pipeline/plates.ts builds the HTML from it.
 *
 * A page is a stack of rows; the photos of a row share one height and together fill the row's width
 * (a justified row: two portraits side by side, a landscape or a panorama alone across); each photo's
 * caption stands under it, as wide as the photo. When the rows are taller than the page, every photo is
 * scaled down alike and the rows are centred. Which photos go to a page is a shortest path over the
 * sequence: each page costs what it leaves empty plus a little for being a page, so two landscapes share
 * a page (one per half), four portraits stand two by two, and a photo that fills a page alone keeps it.
 * Written by hand: no library lays out photo pages with captions to a fixed page.
 */

export interface PlatePhoto {
  /** Width ÷ height of the picture as shown. */
  aspect: number;
  /** Characters of the caption (0: none). */
  captionChars: number;
  /** The photo fills the page to the trim and bleed: a page of its own. */
  bleed: boolean;
}

/** The room of a plate page and the measures of its captions, in millimetres. */
export interface PlateBox {
  widthMm: number;
  heightMm: number;
  /** Between the photos of a row, and between a row's captions and the next row. */
  gapMm: number;
  /** Between a photo and its caption. */
  captionGapMm: number;
  /** One caption character (the caption face's em) and one caption line (the line pitch). */
  captionEmMm: number;
  captionLineMm: number;
  /** Room the first page (not a bleed one) gives to the plates' title and introduction. */
  headMm: number;
}

export interface PlacedPhoto {
  /** Index in the manuscript's sequence of photos. */
  index: number;
  widthMm: number;
  heightMm: number;
  captionLines: number;
  /** The photo stands alone in its row: its caption may take the row's whole width. */
  alone?: boolean;
}

export interface PlateRow {
  photos: PlacedPhoto[];
  /** The caption lines the row reserves: its longest caption's. */
  captionLines: number;
}

export interface PlatePage {
  /** The photos of the page: `count` of them from `first`. */
  first: number;
  count: number;
  bleed: boolean;
  /** The page that carries the title and introduction. */
  head: boolean;
  rows: PlateRow[];
  /** The part of the page's room the photos cover (0–1). */
  fill: number;
}

/** How many photos a page may hold. */
export const PLATE_COUNTS = [1, 2, 4, 6] as const;
/** Photos in one row at most: a fourth would leave each too narrow for its caption. */
export const MAX_PER_ROW = 3;
/** What a page costs beyond the room it leaves empty: two half-empty pages lose to one full one. */
export const PAGE_COST = 0.05;
/** No photo of a shared page smaller than this part of the page's room. */
export const MIN_SHARE = 0.08;
/** No photo of a shared page narrower than this many caption characters. */
export const MIN_CAPTION_CHARS = 8;

/** Every way to cut `n` photos, in order, into rows of at most `maxPerRow` (compositions of n). */
export function rowPartitions(n: number, maxPerRow = MAX_PER_ROW): number[][] {
  if (n === 0) return [[]];
  const result: number[][] = [];
  for (let first = 1; first <= Math.min(n, maxPerRow); first += 1) {
    for (const rest of rowPartitions(n - first, maxPerRow)) result.push([first, ...rest]);
  }
  return result;
}

/**
 * Caption lines under a photo `widthMm` wide. Captions break only between phrases (pipeline/phrases.ts),
 * so a line may end a few characters short: a caption longer than one line is counted at 85% of the measure.
 */
export function captionLines(chars: number, widthMm: number, emMm: number): number {
  if (chars <= 0) return 0;
  const measure = Math.max(1, Math.floor(widthMm / emMm + 1e-9));
  if (chars <= measure) return 1;
  return Math.ceil(chars / Math.max(1, Math.floor(measure * 0.85)));
}

/**
 * The photos `photos` (in order) on one page of `roomMm` height, cut into rows as `partition` says:
 * each row justified to the width, then all photos scaled alike until the rows and captions fit.
 * Undefined when a shared page would make a photo too small.
 */
export function layoutRows(photos: readonly PlatePhoto[], first: number, partition: readonly number[], box: PlateBox, roomMm: number): { rows: PlateRow[]; fill: number } | undefined {
  const groups: { index: number; aspect: number; chars: number }[][] = [];
  let at = 0;
  for (const size of partition) {
    groups.push(photos.slice(at, at + size).map((photo, k) => ({ index: first + at + k, aspect: photo.aspect, chars: photo.captionChars })));
    at += size;
  }
  // Each row's height when it fills the width exactly.
  const natural = groups.map((row) => (box.widthMm - (row.length - 1) * box.gapMm) / row.reduce((sum, photo) => sum + photo.aspect, 0));
  // A photo alone in its row has the row's whole width for its caption (a narrow portrait's caption would
  // otherwise wrap line after line); photos side by side each have their own width.
  const measureOf = (row: readonly unknown[], widthMm: number) => (row.length === 1 ? box.widthMm : widthMm);
  const captionsOf = (scale: number) =>
    groups.map((row, r) => Math.max(0, ...row.map((photo) => captionLines(photo.chars, measureOf(row, photo.aspect * natural[r]! * scale), box.captionEmMm))));
  const fixedOf = (lines: number[]) =>
    lines.reduce((sum, n) => sum + (n > 0 ? box.captionGapMm + n * box.captionLineMm : 0), 0) + (groups.length - 1) * box.gapMm;
  const photosHeight = natural.reduce((sum, h) => sum + h, 0);
  // Narrower photos may take more caption lines, which asks for a smaller scale: a few rounds settle it.
  let scale = 1;
  let lines = captionsOf(scale);
  let settled = false;
  for (let round = 0; round < 8 && !settled; round += 1) {
    const fits = Math.min(1, (roomMm - fixedOf(lines)) / photosHeight);
    settled = fits >= scale - 1e-9;
    if (settled) break;
    scale = Math.max(0.05, fits);
    lines = captionsOf(scale);
  }
  // Photos side by side whose captions kept asking for a smaller scale: not a layout.
  if (!settled && photos.length > 1) return undefined;
  const rows: PlateRow[] = groups.map((row, r) => ({
    captionLines: lines[r]!,
    photos: row.map((photo) => {
      const heightMm = natural[r]! * scale;
      const widthMm = photo.aspect * heightMm;
      return { index: photo.index, widthMm, heightMm, captionLines: captionLines(photo.chars, measureOf(row, widthMm), box.captionEmMm), ...(row.length === 1 ? { alone: true } : {}) };
    }),
  }));
  const placed = rows.flatMap((row) => row.photos);
  const area = box.widthMm * roomMm;
  if (placed.length > 1 && placed.some((photo) => photo.widthMm * photo.heightMm < MIN_SHARE * area || photo.widthMm < MIN_CAPTION_CHARS * box.captionEmMm)) return undefined;
  return { rows, fill: placed.reduce((sum, photo) => sum + photo.widthMm * photo.heightMm, 0) / area };
}

/** The best way to set `count` photos from `first` on one page: the rows that fill it most. */
export function bestPage(photos: readonly PlatePhoto[], first: number, count: number, box: PlateBox, head: boolean): PlatePage | undefined {
  const slice = photos.slice(first, first + count);
  if (slice.length !== count) return undefined;
  const bleed = slice.some((photo) => photo.bleed);
  if (bleed && count > 1) return undefined;
  if (bleed) {
    // A bleed photo covers the whole page (cropped to it): its layout is the page's, not the rows'.
    return { first, count, bleed: true, head: false, rows: [{ captionLines: 0, photos: [{ index: first, widthMm: box.widthMm, heightMm: box.heightMm, captionLines: 0 }] }], fill: 1 };
  }
  const room = box.heightMm - (head ? box.headMm : 0);
  let best: PlatePage | undefined;
  for (const partition of rowPartitions(count)) {
    const laid = layoutRows(slice, first, partition, box, room);
    if (laid && (!best || laid.fill > best.fill + 1e-9)) best = { first, count, bleed: false, head, ...laid };
  }
  return best;
}

/**
 * The photos cut into pages: the sequence of pages whose summed cost (room left empty, plus PAGE_COST a
 * page) is least, photos kept in their order. The first page that is not a bleed page carries the head.
 */
export function chunkPlates(photos: readonly PlatePhoto[], box: PlateBox): PlatePage[] {
  const n = photos.length;
  const headAt = photos.findIndex((photo) => !photo.bleed);
  const best: { cost: number; page?: PlatePage }[] = Array.from({ length: n + 1 }, () => ({ cost: Infinity }));
  best[n] = { cost: 0 };
  for (let i = n - 1; i >= 0; i -= 1) {
    for (const count of PLATE_COUNTS) {
      const page = bestPage(photos, i, count, box, i === headAt);
      if (!page) continue;
      const cost = 1 - Math.min(1, page.fill) + PAGE_COST + best[i + count]!.cost;
      if (cost < best[i]!.cost - 1e-9) best[i] = { cost, page };
    }
  }
  const pages: PlatePage[] = [];
  for (let i = 0; i < n; ) {
    const page = best[i]!.page!;
    pages.push(page);
    i += page.count;
  }
  return pages;
}
