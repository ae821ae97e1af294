import type { TableLines, TablePages } from './table-pages.js';

/**
 * The blocks the page fitting (grid-pages.ts) counts, chapter by chapter, in the order they print.
 *
 * A chapter set in columns (a yearbook's 类目) is counted column by column: each column is a page of
 * the same lines, so it is measured at the width of one column (its multicol layout is switched off
 * while measuring: in the measuring view, which is not paged, Chromium would balance the whole chapter
 * into two tall columns). Only a chapter whose head stands on a page of its own (a 类目's opener) is so
 * counted; another chapter in columns is left to Chromium alone. A block spanning the columns is
 * measured across the type area (grid-pages.ts counts the rows of columns above and under it).
 *
 * Serialized into the page with fitPagesInPage (it gets this factory as an argument): it must not use
 * anything outside its own body.
 */
export interface FlowBlock {
  element: HTMLElement;
  /** The chapter's named page (section[data-page]). */
  chapter: string;
  lines: number;
  kind: 'para' | 'keep' | 'whole' | 'chapter' | 'table';
  breakAfter: boolean;
  /** A table's lines, part by part; and the body rows before which the last pagination cut it. */
  table?: TableLines;
  cuts?: number[];
  /** Columns of its chapter when counted column by column; absent: one. */
  columns?: number;
  /** Characters a line of its column holds, when in columns. */
  chars?: number;
  /** A chapter head that fills a page of its own (a 类目's opener, 隔页). */
  ownPage?: boolean;
  /** A block spanning its chapter's columns (measured at the type area's width). */
  span?: boolean;
}

export interface FlowBlocks {
  blocks: FlowBlock[];
  /** Sets a block's `lines` from its size now. */
  measure(block: FlowBlock): void;
  /** Gives the chapters counted column by column their columns back. */
  restore(): void;
  /**
   * The lines of a row of columns that Chromium balances (above a block spanning them): the fewest in which
   * its blocks fit `columns` columns, a paragraph breaking at any line, a heading kept with two lines of
   * what follows, a figure whole; at most `limit`.
   */
  balance(row: readonly { block: FlowBlock; lines: number }[], columns: number, limit: number): number;
}

export function flowBlocksInPage(vertical: boolean, em: number, lineChars: number, tablePages: TablePages, pitch: number): FlowBlocks {
  const blocks: FlowBlock[] = [];
  const restores: (() => void)[] = [];
  // 图片专辑 (section.plates: pages of photos, render/plates.ts) stand outside the line grid.
  for (const chapter of Array.from(document.querySelectorAll<HTMLElement>('section.chapter:not(.plates)'))) {
    const name = chapter.dataset['page'] ?? '';
    const flow = chapter.querySelector<HTMLElement>('.chapter-body');
    const head = chapter.querySelector<HTMLElement>('.chapter-head');
    const columns = Number(chapter.dataset['columns'] ?? '1');
    const ownPage = chapter.dataset['role'] === 'part';
    let inColumns: { columns: number; chars: number } | undefined;
    if (columns > 1) {
      // Columns under a title that shares their page: Chromium's filling alone.
      if (!ownPage || !flow) continue;
      // The column's width, where the line composition set its lines: a pixel narrower, a line squeezed to
      // fit broke a line earlier here than in print (measured). A vertical book's bands print a fraction
      // shorter than laid out: measured at their full length, a paragraph set tighter to the pixel here
      // ran past the band in print; there they are measured a pixel shorter.
      const gap = Number.parseFloat(getComputedStyle(flow).columnGap) || em;
      const width = (lineChars * em - (columns - 1) * gap) / columns - (vertical ? 1 : 0);
      const previous = flow.getAttribute('style');
      flow.style.columnCount = 'auto';
      flow.style.columnWidth = 'auto';
      flow.style.inlineSize = `${width}px`;
      restores.push(() => (previous === null ? flow.removeAttribute('style') : flow.setAttribute('style', previous)));
      inColumns = { columns, chars: Math.floor((width + 1) / em + 0.01) };
    }
    if (head) blocks.push({ element: head, chapter: name, lines: 0, kind: 'chapter', breakAfter: false, ...(ownPage ? { ownPage } : {}) });
    for (const child of flow ? Array.from(flow.children) : []) {
      const element = child as HTMLElement;
      const tag = element.tagName;
      // A table in a column goes whole (its 续表 parts start pages, not columns).
      const table = !vertical && !inColumns && tag === 'FIGURE' && element.classList.contains('table') ? tablePages.measure(element) : undefined;
      const kind = tag === 'P' ? 'para' : /^H[2-6]$/.test(tag) || tag === 'HR' ? 'keep' : table ? 'table' : 'whole';
      const span = inColumns !== undefined && element.classList.contains('span');
      if (span && !vertical) {
        // Across the type area, as it prints, while its chapter is measured at a column's width (a vertical
        // book's table is as wide as the type area by its own style: a page of its own).
        const previous = element.getAttribute('style');
        element.style.inlineSize = `${lineChars * em}px`;
        restores.push(() => (previous === null ? element.removeAttribute('style') : element.setAttribute('style', previous)));
      }
      blocks.push({ element, chapter: name, lines: 0, kind, breakAfter: element.classList.contains('page-break'), ...(table ? { table } : {}), ...(inColumns ?? {}), ...(span ? { span } : {}) });
    }
  }
  const measure = (block: FlowBlock) => {
    const rect = block.element.getBoundingClientRect();
    let size = vertical ? rect.width : rect.height;
    if (block.element.matches('figure.caption-only')) {
      // Captions stacked as one block (styles: figure.caption-only) have half a line above the first and
      // below the last: moved onto the first, each caption counts whole lines and the run's sum is exact.
      const padding = getComputedStyle(block.element);
      size += Number.parseFloat(padding.paddingBlockStart) - Number.parseFloat(padding.paddingBlockEnd);
    }
    block.lines = Math.round(size / pitch);
  };
  const fits = (row: readonly { block: FlowBlock; lines: number }[], columns: number, height: number): boolean => {
    let column = 0;
    let used = 0;
    for (let k = 0; k < row.length; k += 1) {
      const { block, lines } = row[k]!;
      if (block.kind === 'para') {
        let rest = lines;
        while (used + rest > height) {
          rest -= height - used;
          column += 1;
          used = 0;
          if (column >= columns) return false;
        }
        used += rest;
        continue;
      }
      const need = block.kind === 'keep' && row[k + 1] ? lines + Math.min(2, row[k + 1]!.lines) : lines;
      if (used > 0 && used + need > height) {
        column += 1;
        used = 0;
        if (column >= columns) return false;
      }
      if (lines > height) return false;
      used += lines;
    }
    return true;
  };
  const balance = (row: readonly { block: FlowBlock; lines: number }[], columns: number, limit: number): number => {
    const total = row.reduce((sum, item) => sum + item.lines, 0);
    for (let height = Math.max(1, Math.ceil(total / columns)); height < limit; height += 1) if (fits(row, columns, height)) return height;
    return limit;
  };
  return { blocks, measure, restore: () => restores.forEach((restore) => restore()), balance };
}
