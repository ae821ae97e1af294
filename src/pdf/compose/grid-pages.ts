import type { Page } from 'playwright-core';
import { tablePagesInPage } from './table-pages.js';
import { paragraphLinesInPage } from './paragraph-lines.js';
import { flowBlocksInPage, type FlowBlock } from './flow-blocks.js';
import { countPagesInPage } from './count-pages.js';

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
  /** Blocks moved to the top of the next page (spanning the columns) or column (a figure), or after their chapter's end: they did not fit where they stood. */
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
  makeCountPages: typeof countPagesInPage,
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

    const paginate = makeCountPages(blocks, capacity, tablePages, flowBlocks.balance);

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

    // Blocks that did not fit where they stood go to the top of the next page (spanning the columns) or column (a
    // figure): after the text that fills this one, the paragraph that runs on split there (its tail after the block).
    const tails = new Map<Block, Map<number, HTMLElement | undefined>>();
    const ends = new Map<Block, HTMLElement>();
    // A paragraph split for several figures (they went to the tops of successive columns) is split from its
    // last line up, so that each split finds the lines it was counted at.
    const splitAt = new Map<Block, Set<number>>();
    for (const float of first.floats) if (!float.after && float.lines > 0) splitAt.set(float.block, (splitAt.get(float.block) ?? new Set()).add(float.lines));
    for (const [block, lines] of splitAt) {
      const splits = new Map<number, HTMLElement | undefined>();
      for (const at of [...lines].sort((x, y) => y - x)) splits.set(at, splitParagraph(block.element, at));
      tails.set(block, splits);
    }
    for (const float of first.floats) {
      if (float.after) {
        // Figures still waiting at their chapter's end: after its last block, in their order.
        const last = ends.get(float.block) ?? float.block.element;
        last.after(float.span.element);
        ends.set(float.block, float.span.element);
      } else (tails.get(float.block)?.get(float.lines) ?? float.block.element).before(float.span.element);
      result.spansMoved += 1;
    }

    // A chapter's opening page is its own named page (<chapter>-open: folio, no running head; Chromium
    // matches @page :first only on the document's first page). A change of page name forces a break, so
    // the paragraph that runs on from the opening page is split where its page break falls: the first
    // part's last line justified, the second part without indent.
    for (const opener of first.openers) {
      for (const block of opener.blocks) block.element.style.setProperty('page', `${block.chapter}-open`);
      if (!opener.split) continue;
      // (Split already where a figure went to the next page's top.)
      const split = tails.get(opener.split.block);
      const tail = split?.has(opener.split.lines) ? split.get(opener.split.lines) : splitParagraph(opener.split.block.element, opener.split.lines);
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
  return (await page.evaluate(`(${fitPagesInPage.toString()})(${JSON.stringify(settings)}, ${tablePagesInPage.toString()}, ${paragraphLinesInPage.toString()}, ${flowBlocksInPage.toString()}, ${countPagesInPage.toString()})`)) as GridPagesResult;
}
