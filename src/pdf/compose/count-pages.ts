import type { FlowBlock, FlowBlocks } from './flow-blocks.js';
import type { TablePages } from './table-pages.js';

/**
 * The page fitting's count of a book's pages in lines (grid-pages.ts): each block in its chapter, in
 * print order, on pages of the type area's lines (in a chapter counted column by column, each column a
 * page, rows of columns balanced above a block spanning them); where a page ends short and why; what
 * stands on each chapter's opening page; the blocks that wait for the next page or column. Counting
 * only: the fitting changes the blocks and counts again.
 *
 * Serialized into the page with fitPagesInPage (it gets this factory as an argument): it must not use
 * anything outside its own body.
 */
type Block = FlowBlock;

export interface Short {
  /** Paragraphs that may give or take a line: the short page's, then the page before's. */
  onPage: Block[];
  blank: number;
  /** Lines the pushed block needed on that page. */
  need: number;
  /** The chapter head, when the short page is a chapter's opening page. */
  head?: Block;
  /** What did not fit: its first characters; the block, when a whole one (a heading, a figure). */
  pushed: string;
  block?: Block;
  /** The page (a column, in a chapter counted column by column) that ends short, 1-based. */
  page: number;
  chapter: string;
  /**
   * The page after holds only captions whose photos are missing: the lines the page before must lose
   * (tighter: `need` − `blank`) or gain (looser) so that two lines of text go over to stand with them.
   */
  spill?: number;
  /** Those captions, with the ones that end the page before: the run that may float up (see captionsAlone). */
  run?: Block[];
}
/** What stands on a chapter's opening page: whole blocks, and the first lines of the paragraph that runs on. */
export interface Opener {
  blocks: Block[];
  split?: { block: Block; lines: number };
}
/**
 * A block that does not fit where it stands, in a chapter counted column by column: one spanning the
 * columns goes to the top of the next page, a figure or table to the top of the next column, before
 * `block` (split after its first `lines`): the text after it fills the page or column first.
 */
export interface SpanFloat {
  /** After `block` rather than before it (figures still waiting when their chapter ends). */
  after?: boolean;
  span: Block;
  block: Block;
  lines: number;
}

/** A count of the pages: how many, the short ones, the opening pages, the blocks moved to a page's or column's top. */
export interface Pagination {
  pages: number;
  shorts: Short[];
  openers: Opener[];
  floats: SpanFloat[];
}

export function countPagesInPage(blocks: Block[], capacity: number, tablePages: TablePages, balance: FlowBlocks['balance']): () => Pagination {
  return (): Pagination => {
    const shorts: Short[] = [];
    const openers: Opener[] = [];
    const floats: SpanFloat[] = [];
    let opener: Opener | undefined;
    let pages = 0;
    let used = capacity; // forces a new page at the first chapter
    // The lines of the page (a column, in a chapter counted column by column) now filled: fewer than the
    // type area's under a block spanning the columns.
    let cap = capacity;
    /**
     * A chapter counted column by column: its columns; the column now filled (0-based) in the row of columns
     * now filled, which starts `rowTop` lines down the page (under a block spanning the columns); the page
     * (1-based within the chapter); a block waiting for the next page's top (spanning) or column's (a figure).
     */
    let flow: { columns: number; col: number; rowTop: number; physical: number; pending?: { blocks: Block[]; page: boolean } } | undefined;
    /** The block being counted when a page ends, and its lines on the pages before. */
    let cursor: { block: Block; lines: number } | undefined;
    /** Each column's page within its chapter, the chapter's last page; columns in a row balanced above a spanning block. */
    const physicalOf = new Map<number, number>();
    const lastPhysical = new Map<string, number>();
    const balanced = new Set<number>();
    /** The figures waiting for this column's top: as many as it holds. */
    const placeWaiting = (queue: Block[]) => {
      if (!cursor) return;
      while (queue.length && (used === 0 || used + queue[0]!.lines <= cap)) {
        const figure = queue.shift()!;
        floats.push({ span: figure, block: cursor.block, lines: cursor.lines });
        used += figure.lines;
        onPage.push(figure);
        row.push({ block: figure, lines: figure.lines });
      }
    };
    /** What the row of columns now filled holds, in order (a paragraph's part with its lines here). */
    let row: { block: Block; lines: number }[] = [];
    let onPage: Block[] = [];
    let previousPage: Block[] = [];
    let previousBlank = 0;
    const isCaption = (b: Block) => b.element.matches('figure.caption-only');
    /** What may float: a figure or a table (a figure element), never a list, a quotation, code or a page break. */
    const isFigure = (b: Block) => b.kind === 'whole' && b.element.tagName === 'FIGURE' && !b.breakAfter;
    /** What did not fit, as a short page names it: its first characters. */
    const label = (b: Block) => (b.element.textContent ?? '').trim().slice(0, 12);
    /**
     * A chapter's last page that holds nothing but captions of missing photos (an article ending on its
     * photos' captions): the page before takes them back (its paragraphs set tighter, 缩行), or gives
     * two lines of its text to stand with them (looser: its blank, the captions at its end and two lines).
     */
    const captionsAlone = () => {
      if (!onPage.length || !previousPage.length || previousPage[0]!.chapter !== onPage[0]!.chapter) return;
      if (!onPage.every(isCaption)) return;
      const lines = onPage.reduce((sum, b) => sum + b.lines, 0);
      let before = 0;
      let k = previousPage.length - 1;
      for (; k >= 0 && isCaption(previousPage[k]!); k -= 1) before += previousPage[k]!.lines;
      const run = [...previousPage.slice(k + 1), ...onPage];
      shorts.push({ onPage: previousPage, blank: previousBlank, need: previousBlank + lines, pushed: label(onPage[0]!), page: pages - 1, chapter: current, spill: previousBlank + before + 2, run });
    };
    const newPage = (short?: { blank: number; need: number; pushed: string; block?: Block }, newRow = false) => {
      // A paragraph of the page before (same chapter) may give or take the line too: the text flows on.
      if (short && short.blank > 0) shorts.push({ onPage: opener ? onPage : [...onPage, ...previousPage.filter((b) => !onPage.includes(b))], ...short, ...(opener ? { head: opener.blocks[0]! } : {}), page: pages, chapter: current });
      opener = undefined;
      pages += 1;
      previousBlank = Math.max(0, cap - used);
      used = 0;
      previousPage = onPage;
      onPage = [];
      if (!flow) return;
      // The next column of the row, a new row under a spanning block (`row`), or the next page's first column.
      flow.col = newRow ? 0 : flow.col + 1;
      if (newRow) row = [];
      for (;;) {
        if (flow.col >= flow.columns || flow.rowTop >= capacity) {
          row = [];
          flow.col = 0;
          flow.rowTop = 0;
          flow.physical += 1;
          if (flow.pending?.page && cursor) {
            // The spanning block that did not fit stands at this page's top; the text goes on under it.
            floats.push({ span: flow.pending.blocks[0]!, block: cursor.block, lines: cursor.lines });
            flow.rowTop = flow.pending.blocks[0]!.lines;
            onPage.push(flow.pending.blocks[0]!);
            flow.pending = undefined;
            continue;
          }
        }
        break;
      }
      cap = capacity - flow.rowTop;
      physicalOf.set(pages, flow.physical);
      lastPhysical.set(current, flow.physical);
      if (flow.pending && !flow.pending.page) {
        // The figures that did not fit stand at this column's top, in their order, as many as it holds.
        placeWaiting(flow.pending.blocks);
        if (!flow.pending.blocks.length) flow.pending = undefined;
      }
    };
    /**
     * Figures still waiting when their chapter ends (its last block is `blocks[end]`) go after its last block
     * that is not one of them: on this page when they fit its rest, else at the next one's top.
     */
    const flush = (end: number) => {
      const queue = flow?.pending && !flow.pending.page ? [...flow.pending.blocks] : [];
      if (flow) flow.pending = undefined;
      let at = end;
      while (at >= 0 && queue.includes(blocks[at]!)) at -= 1;
      const last = blocks[at];
      while (queue.length && last) {
        if (used > 0 && used + queue[0]!.lines > cap) newPage();
        const figure = queue.shift()!;
        floats.push({ span: figure, block: last, lines: 0, after: true });
        used += figure.lines;
        onPage.push(figure);
      }
    };
    /** A figure or table after a block waiting for the next page or column: the waiting one is set first, this one after it (their order kept). */
    const settle = (block: Block) => {
      const pending = flow!.pending!;
      cursor = { block, lines: 0 };
      const first = pending.blocks[0]!;
      const short = { blank: cap - used, need: first.lines, pushed: label(first), block: first };
      const at = flow!.physical;
      newPage(short);
      while (flow?.pending && (pending.page ? flow.physical === at : true)) newPage();
    };
    let current = '';
    blocks.forEach((block, index) => {
      if (block.kind === 'chapter') {
        flush(index - 1);
        captionsAlone();
      }
      current = block.chapter;
      if (block.kind === 'chapter') {
        flow = undefined;
        cap = capacity;
        newPage();
        used = block.lines;
        if (block.ownPage) {
          // A 类目's opener (隔页) fills its page; the body starts on the next, in its columns.
          used = capacity;
          const columns = blocks[index + 1]?.chapter === block.chapter ? blocks[index + 1]!.columns : undefined;
          if (columns) flow = { columns, col: columns - 1, rowTop: 0, physical: 0 };
          return;
        }
        opener = { blocks: [block] };
        openers.push(opener);
        return;
      }
      let room = cap - used;
      if (block.kind === 'table' && block.table && block.lines > room) {
        // A table longer than the page's rest: as many rows as fit (after its title, header and two rows), the rest under 续表.
        const t = block.table;
        const total = t.rows.length;
        /** The end of the longest part from `from` that fits `lines`, leaving no single row for the next part; undefined if not two rows. */
        const fitting = (from: number, lines: number): number | undefined => {
          let end: number | undefined;
          for (let k = from + 2; k <= total; k += 1) if (tablePages.partLines(t, from, k) <= lines && (k === total || total - k >= 2)) end = k;
          return end;
        };
        block.cuts = [];
        let from = 0;
        let end = fitting(0, room);
        if (end === undefined && used > 0) {
          newPage({ blank: room, need: tablePages.partLines(t, 0, Math.min(2, total)), pushed: label(block) });
          end = fitting(0, cap);
        }
        for (;;) {
          // A row taller than a page: it goes alone.
          const stop = end ?? Math.min(total, from + 1);
          used += tablePages.partLines(t, from, stop);
          if (from === 0) {
            onPage.push(block);
            opener?.blocks.push(block);
          }
          if (stop >= total) break;
          const blank = cap - used;
          block.cuts.push(stop);
          newPage(blank > 0 ? { blank, need: t.rows[stop]!, pushed: label(block) } : undefined);
          onPage.push(block);
          from = stop;
          end = fitting(from, cap);
        }
        if (block.breakAfter) newPage();
        return;
      }
      if (block.kind === 'para') {
        if (block.lines <= room) {
          used += block.lines;
          row.push({ block, lines: block.lines });
          onPage.push(block);
          opener?.blocks.push(block);
        } else {
          if (opener && room > 0) opener.split = { block, lines: room };
          let left = block.lines - room;
          if (room > 0) row.push({ block, lines: room });
          cursor = { block, lines: room };
          newPage();
          // (A column may open with figures that waited for it: the paragraph goes on under them.)
          while (left > cap - used) {
            if (cap - used > 0) row.push({ block, lines: cap - used });
            left -= Math.max(0, cap - used);
            cursor = { block, lines: block.lines - left };
            newPage();
          }
          used += left;
          row.push({ block, lines: left });
          // The paragraph's tail is on this page too: setting it tighter or looser moves this page's lines.
          onPage.push(block);
        }
      } else {
        // A heading (or section break) keeps its lines and two lines of what follows; a figure keeps itself.
        // Two lines of text under a heading: from the paragraphs that follow it (the first may have one line).
        const next = blocks[index + 1];
        let text = 0;
        for (let k = index + 1; k < blocks.length && blocks[k]!.kind === 'para' && text < 2; k += 1) text += blocks[k]!.lines;
        const need = block.kind === 'keep' && next && next.kind !== 'chapter' ? block.lines + (next.kind === 'para' ? Math.min(2, text) : next.lines) : block.lines;
        // (Past a heading and its text a waiting block may go; past another figure or table it may not.)
        if (flow?.pending && !flow.pending.page && isFigure(block) && !block.span) {
          // Another figure waits behind the first.
          flow.pending.blocks.push(block);
          return;
        }
        if (flow?.pending && block.kind !== 'keep') {
          settle(block);
          room = cap - used;
        }
        if (block.span && flow) {
          // A block spanning the columns: Chromium balances the row of columns above it (their lines
          // shared evenly), then sets it, then a new row under it. Where it does not fit the page's rest,
          // it waits for the next page's top and the text fills this page.
          const rowLines = capacity - flow.rowTop;
          const above = balance(row, flow.columns, rowLines);
          if (flow.rowTop + above + block.lines <= capacity) {
            for (let k = pages - flow.col; k <= pages; k += 1) balanced.add(k);
            onPage.push(block);
            flow.rowTop += above + block.lines;
            newPage(undefined, true);
          } else flow.pending = { blocks: [block], page: true };
          return;
        }
        // A figure or table that does not fit its column's rest (text above it) waits for the next column's top.
        if (flow && isFigure(block) && block.lines > room && used > 0 && block.lines <= capacity - flow.rowTop) {
          flow.pending = { blocks: [block], page: false };
          return;
        }
        if (need > room && used > 0) {
          cursor = { block, lines: 0 };
          newPage({ blank: room, need, pushed: label(block), block });
        }
        // A column that opens with figures that waited for it may have no room left for this block either.
        while (flow && used > 0 && need > cap - used) {
          cursor = { block, lines: 0 };
          newPage();
        }
        used += block.lines;
        row.push({ block, lines: block.lines });
        if (used <= cap) {
          onPage.push(block);
          opener?.blocks.push(block);
        }
        while (used > cap) {
          cursor = { block, lines: 0 };
          newPage();
          used = Math.max(0, used - cap);
        }
      }
      if (block.breakAfter) newPage();
    });
    flush(blocks.length - 1);
    captionsAlone();
    // Chromium balances the columns of a chapter's last page, and those above a spanning block: none of them is short there.
    const onLastPage = (short: Short) => physicalOf.has(short.page) && physicalOf.get(short.page) === lastPhysical.get(short.chapter);
    return { pages, shorts: shorts.filter((short) => !onLastPage(short) && !balanced.has(short.page)), openers, floats };
  };
}
