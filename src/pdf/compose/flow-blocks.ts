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
      const gap = Number.parseFloat(getComputedStyle(flow).columnGap) || em;
      // A pixel narrower than the printed column: a paragraph set tighter here to the pixel overflowed the
      // printed column by a fraction of one, and Chromium shrank the whole print to make room (measured).
      const width = (lineChars * em - (columns - 1) * gap) / columns - 1;
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
  return { blocks, measure, restore: () => restores.forEach((restore) => restore()) };
}
