/** Where each page's thumbnail and label go on a contact sheet: pure arithmetic, no browser. */

/** Under each row: the page numbers (one line), then the chapter name of each spread (one line). */
export const NUMBER_LINE = 16;
export const CHAPTER_LINE = 18;
export const LABEL_HEIGHT = NUMBER_LINE + CHAPTER_LINE + 4;

export interface SheetCell {
  /** Left edge and width of the spread's cell (two thumbnails), its top. */
  x: number;
  y: number;
  width: number;
  /** The chapter the spread belongs to (the last one that starts on or before its first page), if any. */
  chapter?: string;
}

/** `ltr` for horizontal books (spine on the left), `rtl` for vertical ones (spine on the right). */
export type ReadingDirection = 'ltr' | 'rtl';

/** The layout's options (the rest of ContactSheetOptions is for the rendering). */
export interface SheetLayoutOptions {
  direction?: ReadingDirection;
  /** Default 5 (a row is then ~1,100 px wide). */
  spreadsPerRow?: number;
  /** Pixels between spreads, between rows and around the sheet; default 16. */
  gap?: number;
  /** Page numbers and chapter names under the thumbnails; default true. */
  labels?: boolean;
}

export const LAYOUT_DEFAULTS = { direction: 'ltr' as ReadingDirection, spreadsPerRow: 5, gap: 16, labels: true };

/** Where one page's thumbnail sits on the sheet. */
export interface SheetSlot {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One spread's cell: two thumbnails wide, the chapter name goes under it. */
export interface SpreadCell {
  x: number;
  y: number;
  width: number;
  /** The spread's page numbers, lower and higher (equal for a page alone). */
  firstPage: number;
  lastPage: number;
}

export interface ContactSheetLayout {
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  slots: SheetSlot[];
  cells: SpreadCell[];
}

/**
 * The spreads of a book as [left page, right page], `null` for an empty half. Page 1 is a recto: on the
 * right in a horizontal book (then 2|3, 4|5 …), on the left in a vertical one (then 3|2, 5|4 …). A last
 * even page stands alone as a verso.
 */
export function spreads(pages: number, direction: ReadingDirection = 'ltr'): [number | null, number | null][] {
  const result: [number | null, number | null][] = [];
  for (let first = 0; first <= pages; first += 2) {
    // Pairs (0,1), (2,3), (4,5)…: page 0 does not exist, nor does a page past the last.
    const verso = first >= 1 ? first : null;
    const recto = first + 1 <= pages ? first + 1 : null;
    if (verso === null && recto === null) continue;
    result.push(direction === 'ltr' ? [verso, recto] : [recto, verso]);
  }
  return result;
}

/**
 * The layout rule: every spread is a cell two thumbnails wide (tw × th each, pages touching at the spine),
 * `spreadsPerRow` cells a row, `gap` between cells, between rows and around the sheet, and a
 * LABEL_HEIGHT band under each row for the page numbers and chapter names. So, with s spreads (1 + ⌊pages / 2⌋),
 * c = min(s, spreadsPerRow) columns and r = ⌈s / spreadsPerRow⌉ rows:
 *   width  = gap + c × (2·tw + gap)
 *   height = gap + r × (th + LABEL_HEIGHT + gap)      (no LABEL_HEIGHT without labels)
 * In `rtl` the whole sheet is mirrored: spreads run right to left along a row, as a vertical book is read.
 */
export function contactSheetLayout(pages: number, thumbWidth: number, thumbHeight: number, options: SheetLayoutOptions = {}): ContactSheetLayout {
  // `??`, not a spread: an option passed as undefined (e.g. from a CLI flag not given) means the default.
  const direction = options.direction ?? LAYOUT_DEFAULTS.direction;
  const spreadsPerRow = options.spreadsPerRow ?? LAYOUT_DEFAULTS.spreadsPerRow;
  const gap = options.gap ?? LAYOUT_DEFAULTS.gap;
  const labels = options.labels ?? LAYOUT_DEFAULTS.labels;
  const list = spreads(pages, direction);
  const columns = Math.min(list.length, spreadsPerRow);
  const rows = Math.ceil(list.length / spreadsPerRow);
  const rowHeight = thumbHeight + (labels ? LABEL_HEIGHT : 0) + gap;
  const slots: SheetSlot[] = [];
  const cells: SpreadCell[] = [];
  list.forEach((pair, index) => {
    const column = index % spreadsPerRow;
    const visual = direction === 'ltr' ? column : columns - 1 - column;
    const x = gap + visual * (2 * thumbWidth + gap);
    const y = gap + Math.floor(index / spreadsPerRow) * rowHeight;
    const numbers = pair.filter((page): page is number => page !== null);
    cells.push({ x, y, width: 2 * thumbWidth, firstPage: Math.min(...numbers), lastPage: Math.max(...numbers) });
    pair.forEach((page, half) => {
      if (page !== null) slots.push({ page, x: x + half * thumbWidth, y, width: thumbWidth, height: thumbHeight });
    });
  });
  slots.sort((a, b) => a.page - b.page);
  return { width: gap + columns * (2 * thumbWidth + gap), height: gap + rows * rowHeight, thumbWidth, thumbHeight, slots, cells };
}

/**
 * The chapter of each spread, from the PDF's bookmarks: the last chapter that starts on one of its
 * pages or before (so a spread on which a chapter opens bears that chapter's name; none before the
 * first chapter: title page, contents).
 */
export function chapterNames(cells: readonly SpreadCell[], chapters: readonly { title: string; page: number }[]): SheetCell[] {
  const sorted = [...chapters].sort((a, b) => a.page - b.page);
  return cells.map((cell) => {
    const chapter = sorted.filter((c) => c.page <= cell.lastPage).at(-1);
    return { x: cell.x, y: cell.y, width: cell.width, ...(chapter ? { chapter: chapter.title } : {}) };
  });
}
