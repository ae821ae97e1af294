import type { Page } from 'playwright-core';

/**
 * Page breaks on the line grid, inside the print page (Playwright's isolated world: the book's own
 * JavaScript stays off), before page.pdf. Chromium paginates only while printing, but on a line grid
 * every block takes whole lines (styles/book.css), so pages can be counted here in lines:
 * a page holds `--grid-lines` lines; a chapter starts a page; a paragraph may break anywhere (orphans
 * and widows 1) except that a heading keeps its own lines and two lines of text under it; a figure,
 * a section break and a chapter head do not break.
 *
 * Where a page would end short of its last line because the next block (a heading with its two lines,
 * a figure) does not fit, one paragraph on that page is set a little tighter (it loses a line, 缩行)
 * or a little looser (it gains one, 伸行) with letter-spacing within a limit, so the page ends on its
 * last line and facing pages back up; the cheaper change wins. A page that cannot be fixed that way
 * is left as it is (the audit reports it). Figures with images are padded to whole lines first.
 * Written by hand: no library paginates for Chromium's print.
 *
 * This function is serialized into the page: it must not use anything outside its own body.
 */
export interface GridPagesSettings {
  /** The most a paragraph is tightened or loosened, em per character. */
  maxTightenEm: number;
  maxLoosenEm: number;
  /** A loosened paragraph's new last line keeps at least this many characters (no 孤字). */
  minLastLineChars: number;
  maxFixes: number;
}

export interface GridPagesResult {
  pages: number;
  /** Short pages found before any change, and after. */
  shortBefore: number;
  shortAfter: number;
  tightened: number;
  loosened: number;
  /** Figures padded to whole lines. */
  padded: number;
  skipped?: string;
}

export function fitPagesInPage(settings: GridPagesSettings): GridPagesResult {
  const result: GridPagesResult = { pages: 0, shortBefore: 0, shortAfter: 0, tightened: 0, loosened: 0, padded: 0 };
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
  const vertical = style.writingMode.startsWith('vertical');
  const blockSize = (element: Element) => {
    const rect = element.getBoundingClientRect();
    return vertical ? rect.width : rect.height;
  };
  // Lay the book out at the print measure (the type area's line length) while measuring.
  const body = document.body;
  const previousInline = body.style.inlineSize;
  body.style.inlineSize = `${chars * em}px`;

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

    interface Block {
      element: HTMLElement;
      lines: number;
      kind: 'para' | 'keep' | 'whole' | 'chapter';
      breakAfter: boolean;
    }
    const blocks: Block[] = [];
    for (const chapter of Array.from(document.querySelectorAll<HTMLElement>('section.chapter'))) {
      const head = chapter.querySelector<HTMLElement>('.chapter-head');
      if (head) blocks.push({ element: head, lines: 0, kind: 'chapter', breakAfter: false });
      const flow = chapter.querySelector('.chapter-body');
      for (const child of flow ? Array.from(flow.children) : []) {
        const element = child as HTMLElement;
        const tag = element.tagName;
        const kind = tag === 'P' ? 'para' : /^H[2-6]$/.test(tag) || tag === 'HR' ? 'keep' : 'whole';
        blocks.push({ element, lines: 0, kind, breakAfter: element.classList.contains('page-break') });
      }
    }
    const measure = (block: Block) => {
      block.lines = Math.round(blockSize(block.element) / pitch);
    };
    blocks.forEach(measure);

    interface Short {
      /** Blocks wholly on the short page. */
      onPage: Block[];
      blank: number;
      /** Lines the pushed block needed on that page. */
      need: number;
    }
    const paginate = (): { pages: number; shorts: Short[] } => {
      const shorts: Short[] = [];
      let pages = 0;
      let used = capacity; // forces a new page at the first chapter
      let onPage: Block[] = [];
      const newPage = (short?: { blank: number; need: number }) => {
        if (short && short.blank > 0) shorts.push({ onPage, ...short });
        pages += 1;
        used = 0;
        onPage = [];
      };
      blocks.forEach((block, index) => {
        if (block.kind === 'chapter') {
          newPage();
          used = block.lines;
          return;
        }
        const room = capacity - used;
        if (block.kind === 'para') {
          if (block.lines <= room) {
            used += block.lines;
            onPage.push(block);
          } else {
            let left = block.lines - room;
            while (left > capacity) {
              newPage();
              left -= capacity;
            }
            newPage();
            used = left;
          }
        } else {
          // A heading (or section break) keeps its lines and two lines of what follows; a figure keeps itself.
          const next = blocks[index + 1];
          const need = block.kind === 'keep' && next && next.kind !== 'chapter' ? block.lines + (next.kind === 'para' ? Math.min(2, next.lines) : next.lines) : block.lines;
          if (need > room && used > 0) newPage({ blank: room, need });
          used += block.lines;
          if (used <= capacity) onPage.push(block);
          while (used > capacity) {
            newPage();
            used = Math.max(0, used - capacity);
          }
        }
        if (block.breakAfter) newPage();
      });
      return { pages, shorts };
    };

    /** Characters of a paragraph and of its last line, from the line boxes' client rects. */
    const lastLine = (element: HTMLElement): { total: number; last: number } => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const text = (element.textContent ?? '').replace(/\s+/g, '');
      const rects = Array.from(range.getClientRects());
      const across = (r: DOMRect) => (vertical ? -r.left : r.top);
      const lastAcross = Math.max(...rects.map(across));
      const along = (r: DOMRect) => (vertical ? r.height : r.width);
      const lastLength = rects.filter((r) => Math.abs(across(r) - lastAcross) < pitch / 2).reduce((sum, r) => sum + along(r), 0);
      return { total: text.length, last: Math.max(1, Math.round(lastLength / em)) };
    };

    /** Sets a paragraph's letter-spacing so it has `delta` lines more (+1) or fewer (−1); false if not within the limit. */
    const change = (block: Block, delta: 1 | -1): boolean => {
      const { total, last } = lastLine(block.element);
      const otherChars = Math.max(1, total - last);
      // Characters that must move: the whole last line (tighten), or what fills the last line plus a few (loosen).
      const moved = delta < 0 ? last : chars - last + settings.minLastLineChars;
      const base = (delta < 0 ? moved / otherChars : moved / total) * 1.02;
      const limit = delta < 0 ? settings.maxTightenEm : settings.maxLoosenEm;
      const before = block.lines;
      const original = block.element.style.letterSpacing;
      for (let spacing = base; spacing <= limit; spacing += 0.005) {
        block.element.style.letterSpacing = `${(delta * spacing).toFixed(4)}em`;
        measure(block);
        if (block.lines === before + delta && (delta < 0 || lastLine(block.element).last >= settings.minLastLineChars)) return true;
        if (block.lines !== before && block.lines !== before + delta) break;
      }
      block.element.style.letterSpacing = original;
      measure(block);
      return false;
    };

    /** The cheaper of tightening and loosening for one paragraph, as em per character. */
    const cost = (block: Block, delta: 1 | -1): number => {
      const { total, last } = lastLine(block.element);
      if (block.lines < 2 || block.element.style.letterSpacing) return Infinity;
      return delta < 0 ? last / Math.max(1, total - last) : (chars - last + settings.minLastLineChars) / total;
    };

    let first = paginate();
    result.shortBefore = first.shorts.length;
    for (let fixes = 0; fixes < settings.maxFixes && first.shorts.length; fixes += 1) {
      let fixed = false;
      for (const short of first.shorts) {
        // Either gain lines so the pushed block fits, or add as many lines as the page has blank.
        const options: { delta: 1 | -1; count: number }[] = [
          { delta: -1, count: short.need - short.blank },
          { delta: 1, count: short.blank },
        ];
        const paras = short.onPage.filter((b) => b.kind === 'para');
        const plans = options
          .map((option) => {
            const limit = option.delta < 0 ? settings.maxTightenEm : settings.maxLoosenEm;
            const chosen = paras
              .map((b) => ({ b, c: cost(b, option.delta) }))
              .filter((x) => x.c <= limit)
              .sort((x, y) => x.c - y.c)
              .slice(0, option.count);
            return { ...option, chosen, worst: chosen.length === option.count ? Math.max(...chosen.map((x) => x.c)) : Infinity };
          })
          .filter((plan) => plan.worst < Infinity)
          // Tightening is the usual remedy (缩行); loosening spreads the text, so it counts double.
          .sort((a, b) => a.worst * (a.delta > 0 ? 2 : 1) - b.worst * (b.delta > 0 ? 2 : 1));
        for (const plan of plans) {
          const done: Block[] = [];
          for (const { b } of plan.chosen) {
            if (change(b, plan.delta)) done.push(b);
            else break;
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
        if (fixed) break;
      }
      if (!fixed) break;
      first = paginate();
    }
    result.pages = first.pages;
    result.shortAfter = first.shorts.length;
    return result;
  } finally {
    body.style.inlineSize = previousInline;
  }
}

export const GRID_PAGES_DEFAULTS: GridPagesSettings = { maxTightenEm: 0.06, maxLoosenEm: 0.08, minLastLineChars: 3, maxFixes: 200 };

/** Fits page breaks to the line grid (see fitPagesInPage); one call before page.pdf. */
export async function fitPagesToGrid(page: Page, settings: GridPagesSettings = GRID_PAGES_DEFAULTS): Promise<GridPagesResult> {
  return page.evaluate(fitPagesInPage, settings);
}
