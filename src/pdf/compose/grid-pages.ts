import type { Page } from 'playwright-core';
import { tablePagesInPage } from './table-pages.js';
import { paragraphLinesInPage } from './paragraph-lines.js';
import { flowBlocksInPage, type FlowBlock } from './flow-blocks.js';

/**
 * Page breaks on the line grid, inside the print page (Playwright's isolated world: the book's own
 * JavaScript stays off), before page.pdf. Chromium paginates only while printing, but on a line grid
 * every block takes whole lines (styles/book.css), so pages can be counted here in lines:
 * a page holds `--grid-lines` lines; a chapter starts a page; a paragraph may break anywhere (orphans
 * and widows 1) except that a heading keeps its own lines and two lines of text under it; a figure,
 * a section break and a chapter head do not break.
 *
 * A paragraph whose last line is a single character (孤字, “大。”) is first set a little tighter, so the
 * character joins the line above, or else a little looser, so the last line takes at least three.
 *
 * Where a page would end short of its last line because the next block (a heading with its two lines,
 * a figure) does not fit, one paragraph on that page is set a little tighter (it loses a line, 缩行)
 * or a little looser (it gains one, 伸行) with letter-spacing within a limit, so the page ends on its
 * last line and facing pages back up; the cheaper change wins. A page that cannot be fixed that way
 * is left as it is (the audit reports it), except a chapter's opening page, whose blank lines then go
 * above the title (a deeper sink), and a caption of a missing photo one line too tall, which gives up its
 * half lines. A chapter's last page that would hold only such captions is a short page of the page before
 * (see captionsAlone); when no spacing within the limits takes them back, the run of captions goes up
 * before the article's last paragraph (a figure floats, as a photo would). Figures with images are padded
 * to whole lines first.
 * Written by hand: no library paginates for Chromium's print.
 *
 * A titled table may end a page after any row and go on under a 续表 line (table-pages.ts).
 *
 * This function is serialized into the page with the table and paragraph factories, which it gets as arguments:
 * it must not use anything outside its own body.
 */
export interface GridPagesSettings {
  /** The title of a table's continuation on the next page (followed by the table's number). */
  continued: string;
  /** The most a paragraph is tightened or loosened, em per character. */
  maxTightenEm: number;
  maxLoosenEm: number;
  /** A loosened paragraph's new last line keeps at least this many characters (no 孤字). */
  minLastLineChars: number;
  /** The most lines added above a chapter title to fill its opening page. */
  maxSinkLines: number;
  maxFixes: number;
}

export interface GridPagesResult {
  pages: number;
  /** Short pages found before any change, and after. */
  shortBefore: number;
  shortAfter: number;
  tightened: number;
  loosened: number;
  /** Paragraphs whose last line was a 孤字, and how many of them were fixed. */
  orphans: number;
  orphansFixed: number;
  /** Chapter openers whose title was set lower to fill the page. */
  sunk: number;
  /** Captions of missing photos set without their half lines to end a page on its last line. */
  captionsClosed: number;
  /** Runs of captions of missing photos set before the article's last lines, not to stand alone on its last page. */
  captionsFloated: number;
  /** Blocks spanning the columns moved to the top of the next page (they did not fit where they stood). */
  spansMoved: number;
  /** Pages left short: what did not fit, the blank lines and lines needed, each paragraph's cost (tighter/looser, em). */
  unfixed?: { before: string; blank: number; need: number; costs: string[] }[];
  /** Figures padded to whole lines. */
  padded: number;
  /** Tables cut across pages (a 续表 part each). */
  tableParts: number;
  skipped?: string;
}

export function fitPagesInPage(
  settings: GridPagesSettings,
  makeTablePages: typeof tablePagesInPage,
  makeParagraphLines: typeof paragraphLinesInPage,
  makeFlowBlocks: typeof flowBlocksInPage,
): GridPagesResult {
  const result: GridPagesResult = { pages: 0, shortBefore: 0, shortAfter: 0, tightened: 0, loosened: 0, orphans: 0, orphansFixed: 0, sunk: 0, captionsClosed: 0, captionsFloated: 0, spansMoved: 0, padded: 0, tableParts: 0 };
  const root = document.documentElement;
  const style = getComputedStyle(root);
  const pitch = Number.parseFloat(style.getPropertyValue('--line-pitch'));
  const capacity = Number.parseInt(style.getPropertyValue('--grid-lines'), 10);
  const chars = Number.parseInt(style.getPropertyValue('--grid-chars'), 10);
  const em = Number.parseFloat(style.fontSize);
  if (!(pitch > 0 && capacity > 0 && chars > 0 && em > 0)) {
    result.skipped = 'no line grid in the stylesheet';
    return result;
  }
  if (style.getPropertyValue('--paiban-fit').trim() === 'off') {
    result.skipped = 'switched off by the stylesheet';
    return result;
  }
  const vertical = style.writingMode.startsWith('vertical');
  const blockSize = (element: Element) => (vertical ? element.getBoundingClientRect().width : element.getBoundingClientRect().height);
  // Lay the book out at the print measure (the type area's line length) while measuring.
  const body = document.body;
  const previousInline = body.style.inlineSize;
  body.style.inlineSize = `${chars * em}px`;
  let restoreColumns = () => undefined as void;

  try {
    // Figures with an image: padded to whole lines, so the text after them stays on the grid.
    for (const figure of Array.from(document.querySelectorAll<HTMLElement>('.chapter-body figure'))) {
      if (!figure.querySelector('img')) continue;
      const size = blockSize(figure);
      const rest = Math.ceil(size / pitch - 0.01) * pitch - size;
      if (rest > 0.01) {
        figure.style.paddingBlockEnd = `calc(0.5 * var(--line-pitch) + ${rest.toFixed(3)}px)`;
        result.padded += 1;
      }
    }

    type Block = FlowBlock;
    const tablePages = makeTablePages(pitch, settings.continued);
    const flowBlocks = makeFlowBlocks(vertical, em, chars, tablePages, pitch);
    restoreColumns = flowBlocks.restore;
    const blocks = flowBlocks.blocks;
    const measure = flowBlocks.measure;
    blocks.forEach(measure);

    interface Short {
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
    interface Opener {
      blocks: Block[];
      split?: { block: Block; lines: number };
    }
    /** A block spanning the columns that does not fit where it stands: it goes to the top of the next page, before `block` (split after its first `lines`). */
    interface SpanFloat {
      span: Block;
      block: Block;
      lines: number;
    }
    const paginate = (): { pages: number; shorts: Short[]; openers: Opener[]; floats: SpanFloat[] } => {
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
       * (1-based within the chapter); a spanning block waiting for the next page's top.
       */
      let flow: { columns: number; col: number; rowTop: number; physical: number; pending?: Block } | undefined;
      /** The block being counted when a page ends, and its lines on the pages before. */
      let cursor: { block: Block; lines: number } | undefined;
      /** Each column's page within its chapter, the chapter's last page; columns in a row balanced above a spanning block. */
      const physicalOf = new Map<number, number>();
      const lastPhysical = new Map<string, number>();
      const balanced = new Set<number>();
      let onPage: Block[] = [];
      let previousPage: Block[] = [];
      let previousBlank = 0;
      /**
       * A chapter's last page that holds nothing but captions of missing photos (an article ending on its
       * photos' captions): the page before takes them back (its paragraphs set tighter, 缩行), or gives
       * two lines of its text to stand with them (looser: its blank, the captions at its end and two lines).
       */
      const isCaption = (b: Block) => b.element.matches('figure.caption-only');
      const captionsAlone = () => {
        if (!onPage.length || !previousPage.length || previousPage[0]!.chapter !== onPage[0]!.chapter) return;
        if (!onPage.every(isCaption)) return;
        const lines = onPage.reduce((sum, b) => sum + b.lines, 0);
        let before = 0;
        let k = previousPage.length - 1;
        for (; k >= 0 && isCaption(previousPage[k]!); k -= 1) before += previousPage[k]!.lines;
        const run = [...previousPage.slice(k + 1), ...onPage];
        shorts.push({ onPage: previousPage, blank: previousBlank, need: previousBlank + lines, pushed: (onPage[0]!.element.textContent ?? '').trim().slice(0, 12), page: pages - 1, chapter: current, spill: previousBlank + before + 2, run });
      };
      const newPage = (short?: { blank: number; need: number; pushed: string; block?: Block }, row = false) => {
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
        flow.col = row ? 0 : flow.col + 1;
        for (;;) {
          if (flow.col >= flow.columns || flow.rowTop >= capacity) {
            flow.col = 0;
            flow.rowTop = 0;
            flow.physical += 1;
            if (flow.pending && cursor) {
              // The spanning block that did not fit stands at this page's top; the text goes on under it.
              floats.push({ span: flow.pending, block: cursor.block, lines: cursor.lines });
              flow.rowTop = flow.pending.lines;
              flow.pending = undefined;
              continue;
            }
          }
          break;
        }
        cap = capacity - flow.rowTop;
        physicalOf.set(pages, flow.physical);
        lastPhysical.set(current, flow.physical);
      };
      let current = '';
      blocks.forEach((block, index) => {
        if (block.kind === 'chapter') captionsAlone();
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
        const room = cap - used;
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
            newPage({ blank: room, need: tablePages.partLines(t, 0, Math.min(2, total)), pushed: (block.element.textContent ?? '').trim().slice(0, 12) });
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
            newPage(blank > 0 ? { blank, need: t.rows[stop]!, pushed: (block.element.textContent ?? '').trim().slice(0, 12) } : undefined);
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
            onPage.push(block);
            opener?.blocks.push(block);
          } else {
            if (opener && room > 0) opener.split = { block, lines: room };
            let left = block.lines - room;
            cursor = { block, lines: room };
            newPage();
            while (left > cap) {
              left -= cap;
              cursor = { block, lines: block.lines - left };
              newPage();
            }
            used = left;
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
          if (block.span && flow) {
            // A block spanning the columns: Chromium balances the row of columns above it (their lines
            // shared evenly), then sets it, then a new row under it. Where it does not fit the page's rest,
            // it waits for the next page's top and the text fills this page.
            const rowLines = capacity - flow.rowTop;
            const above = Math.ceil((flow.col * rowLines + used) / flow.columns);
            if (flow.rowTop + above + block.lines <= capacity && !flow.pending) {
              for (let k = pages - flow.col; k <= pages; k += 1) balanced.add(k);
              onPage.push(block);
              flow.rowTop += above + block.lines;
              newPage(undefined, true);
            } else if (!flow.pending) flow.pending = block;
            return;
          }
          if (need > room && used > 0) {
            cursor = { block, lines: 0 };
            newPage({ blank: room, need, pushed: (block.element.textContent ?? '').trim().slice(0, 12), block });
          }
          used += block.lines;
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
      captionsAlone();
      // Chromium balances the columns of a chapter's last page, and those above a spanning block: none of them is short there.
      const onLastPage = (short: Short) => physicalOf.has(short.page) && physicalOf.get(short.page) === lastPhysical.get(short.chapter);
      return { pages, shorts: shorts.filter((short) => !onLastPage(short) && !balanced.has(short.page)), openers, floats };
    };

    const { lastLine, splitParagraph, change, cost } = makeParagraphLines(vertical, pitch, em, { chars, settings, measure });

    // 孤字 first: a paragraph whose last line is one character (and its mark) is set tighter so the
    // character joins the line above, or looser so the last line takes a few more; else it stays (reported).
    for (const block of blocks) {
      if (block.kind !== 'para' || block.lines < 2 || lastLine(block.element).last > 2) continue;
      result.orphans += 1;
      if (change(block, -1) || change(block, 1)) result.orphansFixed += 1;
    }

    const floated = new Set<Block>();
    let first = paginate();
    result.shortBefore = first.shorts.length;
    for (let fixes = 0; fixes < settings.maxFixes && first.shorts.length; fixes += 1) {
      let fixed = false;
      for (const short of first.shorts) {
        // Either gain lines so the pushed block fits, or add as many lines as the page has blank.
        const options: { delta: 1 | -1; count: number }[] = [
          { delta: -1, count: short.need - short.blank },
          { delta: 1, count: short.spill ?? short.blank },
        ];
        const paras = [...new Set(short.onPage.filter((b) => b.kind === 'para'))];
        const plans = options
          .map((option) => {
            const limit = option.delta < 0 ? settings.maxTightenEm : settings.maxLoosenEm;
            // The short page's own paragraphs first: a change on the page before may undo that page's fit.
            // All within the limit, cheapest first: one that cannot change after all (a run pushed past the
            // line's end) gives way to the next.
            const chosen = paras
              .map((b, order) => ({ b, c: cost(b, option.delta), order }))
              .filter((x) => x.c <= limit)
              .sort((x, y) => x.c * (1 + x.order / 100) - y.c * (1 + y.order / 100));
            return { ...option, chosen, worst: chosen.length >= option.count ? Math.max(...chosen.slice(0, option.count).map((x) => x.c)) : Infinity };
          })
          .filter((plan) => plan.worst < Infinity)
          // Tightening is the usual remedy (缩行); loosening spreads the text, so it counts double.
          .sort((a, b) => a.worst * (a.delta > 0 ? 2 : 1) - b.worst * (b.delta > 0 ? 2 : 1));
        for (const plan of plans) {
          const done: Block[] = [];
          for (const { b } of plan.chosen) {
            if (done.length === plan.count) break;
            if (change(b, plan.delta)) done.push(b);
          }
          if (done.length === plan.count) {
            if (plan.delta < 0) result.tightened += done.length;
            else result.loosened += done.length;
            fixed = true;
            break;
          }
          for (const b of done) {
            b.element.style.letterSpacing = '';
            measure(b);
          }
        }
        // Captions of missing photos that would still stand alone on the article's last page go up before its
        // last lines of text (a figure may float before the paragraph it follows, as a photo does): at least
        // two lines of text then end the article after them. Stacked as before: half a line above and below the run.
        const run = short.run;
        if (!fixed && run && !floated.has(run[0]!)) {
          const start = blocks.indexOf(run[0]!);
          let k = start;
          let text = 0;
          while (k > 0 && text < 2 && blocks[k - 1]!.kind === 'para' && blocks[k - 1]!.chapter === run[0]!.chapter) text += blocks[--k]!.lines;
          if (text >= 2) {
            blocks[k]!.element.before(...run.map((b) => b.element));
            blocks.splice(start, run.length);
            blocks.splice(k, 0, ...run);
            run.forEach((b, i) => {
              floated.add(b);
              b.element.style.paddingBlockStart = i > 0 ? '0' : '';
              b.element.style.paddingBlockEnd = i < run.length - 1 ? '0' : '';
              measure(b);
            });
            result.captionsFloated += 1;
            fixed = true;
          }
        }
        // A caption whose photo is missing, a line too tall for the page's end: it gives up its half lines
        // above and below (its space is a convention, not a picture's).
        const caption = short.block;
        if (!fixed && caption?.element.matches('figure.caption-only') && short.need - short.blank === 1 && !caption.element.style.paddingBlock) {
          caption.element.style.paddingBlock = '0';
          measure(caption);
          if (caption.lines <= short.blank) {
            result.captionsClosed += 1;
            fixed = true;
          } else {
            caption.element.style.paddingBlock = '';
            measure(caption);
          }
        }
        // On a chapter's opening page the blank lines can go above the title instead (a deeper sink).
        if (!fixed && short.head && short.blank <= settings.maxSinkLines && !short.head.element.style.paddingBlockStart) {
          const start = Number.parseFloat(getComputedStyle(short.head.element).paddingBlockStart) / pitch;
          short.head.element.style.paddingBlockStart = `calc(${Math.round(start) + short.blank} * var(--line-pitch))`;
          measure(short.head);
          result.sunk += 1;
          fixed = true;
        }
        if (fixed) break;
      }
      if (!fixed) break;
      first = paginate();
    }
    result.pages = first.pages;
    result.shortAfter = first.shorts.length;
    result.unfixed = first.shorts.map((short) => ({ before: short.pushed, blank: short.blank, need: short.need, costs: short.onPage.filter((b) => b.kind === 'para').map((b) => `${(b.element.textContent ?? '').slice(0, 6)} ${b.lines} ${[cost(b, -1), cost(b, 1)].map((c) => Math.round(c * 1000) / 1000).join('/')}`) }));

    // Tables cut where the pages were counted to end: each part after the first starts a page (styles: .table-continued).
    for (const block of blocks) {
      if (block.kind !== 'table' || !block.cuts?.length) continue;
      result.tableParts += tablePages.cut(block.element, block.cuts).length;
    }

    // Blocks spanning the columns that did not fit where they stood go to the top of the next page: after the
    // text that fills this one, the paragraph that runs on split where the page ends (its tail after the block).
    for (const float of first.floats) {
      const tail = float.lines > 0 ? splitParagraph(float.block.element, float.lines) : undefined;
      (tail ?? float.block.element).before(float.span.element);
      result.spansMoved += 1;
    }

    // A chapter's opening page is its own named page (<chapter>-open: folio, no running head; Chromium
    // matches @page :first only on the document's first page). A change of page name forces a break, so
    // the paragraph that runs on from the opening page is split where its page break falls: the first
    // part's last line justified, the second part without indent.
    for (const opener of first.openers) {
      for (const block of opener.blocks) block.element.style.setProperty('page', `${block.chapter}-open`);
      if (!opener.split) continue;
      const tail = splitParagraph(opener.split.block.element, opener.split.lines);
      if (tail) opener.split.block.element.style.setProperty('page', `${opener.split.block.chapter}-open`);
    }
    return result;
  } finally {
    restoreColumns();
    body.style.inlineSize = previousInline;
  }
}

export const GRID_PAGES_DEFAULTS: GridPagesSettings = { continued: '续表', maxTightenEm: 0.08, maxLoosenEm: 0.08, minLastLineChars: 3, maxSinkLines: 6, maxFixes: 200 };

/** Fits page breaks to the line grid (see fitPagesInPage); one call before page.pdf. */
export async function fitPagesToGrid(page: Page, settings: GridPagesSettings = GRID_PAGES_DEFAULTS): Promise<GridPagesResult> {
  // The fitting and its factories go into the page as one expression (all serialized).
  return (await page.evaluate(`(${fitPagesInPage.toString()})(${JSON.stringify(settings)}, ${tablePagesInPage.toString()}, ${paragraphLinesInPage.toString()}, ${flowBlocksInPage.toString()})`)) as GridPagesResult;
}
