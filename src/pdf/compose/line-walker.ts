/**
 * The lines of a paragraph as Chromium laid them out, measured inside the print page for the line
 * composition (in-page.ts): where each line ends, and each character's box when a line is tried.
 * Serialized into the page with composeInPage: it uses nothing outside its own body.
 */
export interface Char {
  node: Text;
  offset: number;
  length: number;
  char: string;
  start: number;
  end: number;
  block: number;
  em: number;
  halved: boolean;
}

export interface Line {
  chars: Char[];
  /** Where the line's text ends (natural spacing). */
  end: number;
}

/**
 * A character's place as a plain node and offset, not a live Range: live ranges make every DOM
 * change update them all (quadratic in a big book). It stays valid because text nodes are only ever
 * split after it (see lastFirst in in-page.ts).
 */
export interface Point {
  node: Text;
  offset: number;
}

export interface LineWalker {
  linesFrom(p: HTMLParagraphElement, from: Point | undefined): Generator<Line>;
  /** A character's box along the line (start, end) and across it (block), measured when needed. */
  boxOf(c: Char): Char;
  /** Where a paragraph's lines end (its content box's inline end). */
  lineEnd(p: HTMLParagraphElement): number;
  /** The shared Range, for the caller's own measurements; detach it when done. */
  range: Range;
}

/** `halvedClasses`: the classes of marks already set half width or squeezed (their characters are marked `halved`). */
export function lineWalkerInPage(vertical: boolean, halvedClasses: readonly string[]): LineWalker {
  const range = document.createRange();
  const emOf = new Map<Element, number>();
  const fontSize = (element: Element) => {
    let size = emOf.get(element);
    if (size === undefined) {
      size = parseFloat(getComputedStyle(element).fontSize);
      emOf.set(element, size);
    }
    return size;
  };
  const skipText = (node: Node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (el.tagName === 'RT' || el.tagName === 'RP') return true;
      if (el.tagName === 'P') return false;
    }
    return false;
  };
  const boxOf = (c: Char): Char => {
    if (Number.isNaN(c.start)) {
      range.setStart(c.node, c.offset);
      range.setEnd(c.node, c.offset + c.length);
      const rects = range.getClientRects();
      const r = rects[rects.length - 1];
      if (r) {
        c.start = vertical ? r.top : r.left;
        c.end = vertical ? r.bottom : r.right;
        c.block = vertical ? r.left + r.width / 2 : r.top + r.height / 2;
      }
    }
    return c;
  };
  /** Lines found but not yet yielded (a text node's fragments can complete several). */
  const pending: Line[] = [];
  /**
   * The lines of a paragraph from a given character on (or its start), one at a time: a line is
   * yielded when the next one's first character is seen, so a round measures a paragraph only up to
   * the line it changes. Cheap: one Range.getClientRects per text node gives its fragment on each
   * line; where a node runs over several lines, the break is found by bisection, one character's box
   * per step; the characters themselves are measured only when a line is tried (boxOf).
   */
  function* linesFrom(p: HTMLParagraphElement, from: Point | undefined): Generator<Line> {
    pending.length = 0;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let line: Line = { chars: [], end: -Infinity };
    let lineBlock = NaN;
    let node: Text | null;
    let i = 0;
    if (from && p.contains(from.node) && from.offset < from.node.length) {
      node = from.node;
      walker.currentNode = node;
      i = from.offset;
    } else {
      node = walker.nextNode() as Text | null;
    }
    for (; node; node = walker.nextNode() as Text | null, i = 0) {
      if (skipText(node) || i >= node.data.length) continue;
      const text = node.data;
      const parent = node.parentElement!;
      const em = fontSize(parent);
      // Already set by the pair pass (in this writing mode) or by this step.
      const halved = halvedClasses.some((name) => parent.classList.contains(name)) || parent.classList.contains(vertical ? 'pj-half-v' : 'pj-half-h');
      range.setStart(node, i);
      range.setEnd(node, text.length);
      // The node's fragment on each line (rects on one line merged).
      const fragments: { block: number; end: number }[] = [];
      for (const r of Array.from(range.getClientRects())) {
        if (!r.width && !r.height) continue;
        const block = vertical ? r.left + r.width / 2 : r.top + r.height / 2;
        const end = vertical ? r.bottom : r.right;
        const last = fragments[fragments.length - 1];
        if (last && Math.abs(last.block - block) < em / 2) last.end = Math.max(last.end, end);
        else fragments.push({ block, end });
      }
      if (!fragments.length) continue;
      // Which fragment a character stands on (whitespace has no box: the next character's is taken).
      const fragmentAt = (offset: number): number => {
        for (let o = offset; o < text.length; o += 1) {
          range.setStart(node!, o);
          range.setEnd(node!, o + 1);
          const r = range.getClientRects()[0];
          if (!r || /\s/.test(text[o]!)) continue;
          const block = vertical ? r.left + r.width / 2 : r.top + r.height / 2;
          let best = 0;
          fragments.forEach((f, k) => {
            if (Math.abs(f.block - block) < Math.abs(fragments[best]!.block - block)) best = k;
          });
          return best;
        }
        return fragments.length;
      };
      // Offsets where each fragment starts, by bisection.
      const starts = [i];
      for (let k = 1; k < fragments.length; k += 1) {
        let lo = starts[k - 1]! + 1;
        let hi = text.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (fragmentAt(mid) >= k) hi = mid;
          else lo = mid + 1;
        }
        // Never split a surrogate pair.
        if (lo < text.length && (text.charCodeAt(lo) & 0xfc00) === 0xdc00) lo += 1;
        starts.push(lo);
      }
      fragments.forEach((fragment, k) => {
        if (!(Math.abs(fragment.block - lineBlock) < em / 2) && line.chars.length) {
          pending.push(line);
          line = { chars: [], end: -Infinity };
        }
        lineBlock = fragment.block;
        line.end = Math.max(line.end, fragment.end);
        const stop = starts[k + 1] ?? text.length;
        for (let o = starts[k]!; o < stop; ) {
          const length = text.codePointAt(o)! > 0xffff ? 2 : 1;
          const char = text.slice(o, o + length);
          if (!/\s/.test(char)) line.chars.push({ node: node!, offset: o, length, char, start: NaN, end: NaN, block: NaN, em, halved });
          o += length;
        }
      });
      while (pending.length) yield pending.shift()!;
    }
    if (line.chars.length) yield line;
  }
  const lineEnd = (p: HTMLParagraphElement) => {
    const box = p.getBoundingClientRect();
    const cs = getComputedStyle(p);
    const inset = parseFloat(cs.paddingInlineEnd) + parseFloat(cs.borderInlineEndWidth);
    return (vertical ? box.bottom : box.right) - inset;
  };

  return { linesFrom, boxOf, lineEnd, range };
}
