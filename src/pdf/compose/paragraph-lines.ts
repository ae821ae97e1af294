/**
 * A paragraph's lines as the page fitting (grid-pages.ts) needs them: how many characters its last line
 * holds, the paragraph cut in two before one of its lines (a chapter's opening page is a named page
 * of its own, so the paragraph that runs on from it is split where the page breaks), and its spacing
 * made a little tighter or looser (缩行, 伸行) to gain or lose a line, within the book's limits.
 *
 * Serialized into the page with fitPagesInPage (it gets this factory as an argument): it must not use
 * anything outside its own body.
 */
/** What a paragraph is to the page fitting: its element, and its lines (kept up to date by `measure`). */
export interface FittedBlock {
  element: HTMLElement;
  lines: number;
  /** Characters a line of its column holds, when set in columns (else the type area's). */
  chars?: number;
}

export interface SpacingLimits {
  /** Characters a line of the type area holds. */
  chars: number;
  settings: { maxTightenEm: number; maxLoosenEm: number; minLastLineChars: number };
  /** Measures a block again (sets its `lines`). */
  measure(block: FittedBlock): void;
}

export interface ParagraphLines {
  /** Sets a paragraph's letter-spacing so it has `delta` lines more (+1) or fewer (−1); false if not within the limit. */
  change(block: FittedBlock, delta: 1 | -1): boolean;
  /** The cost of one line more or fewer for a paragraph, em per character (Infinity: it may not change). */
  cost(block: FittedBlock, delta: 1 | -1): number;
  /** Characters of a paragraph and of its last line, from the line boxes' client rects. */
  lastLine(element: HTMLElement): { total: number; last: number };
  /** Splits a paragraph before its line `lines` (0-based); returns the new second part. */
  splitParagraph(element: HTMLElement, lines: number): HTMLElement | undefined;
  /** Whether a line of the paragraph runs past its column (a squeezed mark's blank side does not count). */
  overflows(element: HTMLElement): boolean;
}

export function paragraphLinesInPage(vertical: boolean, pitch: number, em: number, spacing: SpacingLimits): ParagraphLines {
  const { chars, settings, measure } = spacing;
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

  const splitParagraph = (element: HTMLElement, lines: number): HTMLElement | undefined => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let firstAcross: number | undefined;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let offset = 0; offset < node.length; offset += 1) {
        if (!node.data[offset]!.trim()) continue;
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const across = vertical ? -rect.right : rect.top;
        firstAcross ??= across;
        if (Math.round((across - firstAcross) / pitch) < lines) continue;
        const rest = document.createRange();
        rest.setStart(node, offset);
        rest.setEndAfter(element.lastChild!);
        const tail = element.cloneNode(false) as HTMLElement;
        tail.append(rest.extractContents());
        element.after(tail);
        element.classList.add('grid-split-head');
        tail.classList.add('grid-split-tail');
        return tail;
      }
    }
    return undefined;
  };

  // A run that may not break (a number, a code) pushed past the line's end by the new spacing: Chromium would
  // shrink the whole print to make room for it. A character the line composition squeezed (a negative end
  // margin, compose/in-page.ts) keeps its em box past the line's end by what was taken, its blank side: not
  // an overflow (the print clips it, clipLinesToColumns), so each line's text is checked against its own
  // fragment of the paragraph (a column or band) without it.
  const overflows = (element: HTMLElement): boolean => {
    if (!(vertical ? element.scrollHeight > element.clientHeight + 0.5 : element.scrollWidth > element.clientWidth + 0.5)) return false;
    const fragments = Array.from(element.getClientRects());
    const end = (r: DOMRect) => (vertical ? r.bottom : r.right);
    const inside = (r: DOMRect, f: DOMRect) => {
      const [across, start] = vertical ? [(r.left + r.right) / 2, r.top] : [(r.top + r.bottom) / 2, r.left];
      return vertical ? across >= f.left && across <= f.right && start >= f.top - 0.5 && start <= f.bottom : across >= f.top && across <= f.bottom && start >= f.left - 0.5 && start <= f.right;
    };
    const range = document.createRange();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const margin = Number.parseFloat(node.parentElement?.style.marginInlineEnd ?? '');
      const squeezed = margin < 0 ? -margin : 0;
      range.selectNodeContents(node);
      for (const rect of Array.from(range.getClientRects())) {
        const fragment = fragments.find((f) => inside(rect, f));
        if (fragment && end(rect) - squeezed > end(fragment) + 0.5) return true;
      }
    }
    return false;
  };

  const change = (block: FittedBlock, delta: 1 | -1): boolean => {
    const { total, last } = lastLine(block.element);
    const otherChars = Math.max(1, total - last);
    // Characters that must move: the whole last line (tighten), or what fills the last line plus a few (loosen).
    const moved = delta < 0 ? last : (block.chars ?? chars) - last + settings.minLastLineChars;
    const base = (delta < 0 ? moved / otherChars : moved / total) * 1.02;
    const limit = delta < 0 ? settings.maxTightenEm : settings.maxLoosenEm;
    const before = block.lines;
    const original = block.element.style.letterSpacing;
    const tries: number[] = [];
    for (let spacing = base; spacing < limit; spacing += 0.005) tries.push(spacing);
    if (base <= limit) tries.push(limit);
    for (const spacing of tries) {
      block.element.style.letterSpacing = `${(delta * spacing).toFixed(4)}em`;
      measure(block);
      if (block.lines === before + delta && (delta < 0 || lastLine(block.element).last >= settings.minLastLineChars) && !overflows(block.element)) return true;
      if (block.lines !== before && block.lines !== before + delta) break;
    }
    block.element.style.letterSpacing = original;
    measure(block);
    return false;
  };

  // A paragraph with a URL, code, a line ended before a run, or a long run kept whole is left as the
  // line composition set it: spacing it anew would move its lines, and a line before such a run would spread.
  const fixedLines = (element: HTMLElement) =>
    element.querySelector('.url, code, br.pj-ragged') !== null || Array.from(element.querySelectorAll('.nobr')).some((run) => (run.textContent ?? '').length >= 6);
  const cost = (block: FittedBlock, delta: 1 | -1): number => {
    const { total, last } = lastLine(block.element);
    if (block.lines < 2 || block.element.style.letterSpacing || fixedLines(block.element)) return Infinity;
    return delta < 0 ? last / Math.max(1, total - last) : ((block.chars ?? chars) - last + settings.minLastLineChars) / total;
  };

  return { lastLine, splitParagraph, change, cost, overflows };
}
