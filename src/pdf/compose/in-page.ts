/**
 * Line composition Chromium cannot do in CSS (DESIGN: no value of text-spacing-trim trims a mark at
 * line end; `justify` spreads every gap): squeeze punctuation before spreading a line. Runs inside the
 * print page (an isolated world; the book's own JavaScript stays off), after the fonts have loaded and
 * before page.pdf, in every pass.
 *
 * For each justified paragraph, lines are measured character by character (Range.getClientRects)
 * with the print measure and natural (start-aligned) spacing. A line that justification would spread
 * by `minSlackEm` or more takes the next line's first unbreakable chunk (a character and the marks that
 * may not start a line) when squeezing full-width marks makes room: first the chunk's own closing or
 * pause/stop mark (a ，。、；： that then ends the line half width, with the class of the adjacent-pair
 * pass: `halt`/`vhal`), then what is still missing evenly from the line's marks (in-line squeeze,
 * 标点挤压: a quarter em each when there are marks enough, never more than half). Each change is re-measured and undone when Chromium's line breaking did not take the
 * chunk; paragraphs are handled in rounds (one layout per round for all of them), so the cost stays
 * linear. Written by hand: no library composes lines inside Chromium.
 *
 * This function is serialized into the page: it must not use anything outside its own body.
 */
export interface ComposeSettings {
  /** Class of a half-width mark (styled with the font's halt/vhal feature). */
  halfClass: string;
  /** Opening brackets at the start of a line that is not a paragraph's first: full width or half. */
  lineStartOpening: 'full' | 'half';
  /** A line is squeezed only when justification would spread it by at least this much (em). */
  minSlackEm: number;
  maxRounds: number;
}

export interface ComposeResult {
  paragraphs: number;
  /** Lines that took the next line's first chunk thanks to halved marks. */
  pulled: number;
  /** Marks set half width at line end, or squeezed in-line, by this step. */
  halved: number;
  /** Opening brackets at line start set half width (lineStartOpening: half). */
  lineStarts: number;
  /** Tries that Chromium's line breaking did not follow (undone). */
  undone: number;
  rounds: number;
  ms: number;
  /** Why nothing was done, when nothing could be. */
  skipped?: string;
}

export function composeInPage(settings: ComposeSettings): ComposeResult {
  const started = performance.now();
  const result: ComposeResult = { paragraphs: 0, pulled: 0, halved: 0, lineStarts: 0, undone: 0, rounds: 0, ms: 0 };
  const OPENING = '“‘（《〈「『【〔〖［｛';
  const CLOSING = '”’）》〉」』】〕〗］｝，。、；：';
  /** Characters that may not start a line (GB/T 15834, clreq §3.8 prohibition rules). */
  const NO_START = `${CLOSING}？！…·～—%‰℃`;
  const root = document.documentElement;
  const vertical = getComputedStyle(root).writingMode.startsWith('vertical');

  // The print measure: the generic @page rule's size less its margins, in CSS pixels.
  const toPx = (value: string): number | undefined => {
    const match = /^\s*(-?[\d.]+)(mm|cm|in|pt|px)\s*$/.exec(value);
    if (!match) return undefined;
    const factor: Record<string, number> = { mm: 96 / 25.4, cm: 96 / 2.54, in: 96, pt: 96 / 72, px: 1 };
    return Number(match[1]) * factor[match[2]!]!;
  };
  let measure: number | undefined;
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
      const size = rule.style.getPropertyValue('size').split(/\s+/).map(toPx);
      const m = (side: string) => toPx(rule.style.getPropertyValue(`margin-${side}`) || '0px');
      const length = vertical ? size[1] : size[0];
      const a = vertical ? m('top') : m('left');
      const b = vertical ? m('bottom') : m('right');
      if (length !== undefined && a !== undefined && b !== undefined) measure = length - a - b;
    }
  }
  if (!measure || measure <= 0) return { ...result, skipped: 'no @page size', ms: performance.now() - started };

  const paragraphs = Array.from(document.querySelectorAll('p')).filter((p) => getComputedStyle(p).textAlign === 'justify');
  result.paragraphs = paragraphs.length;
  // Measuring mode: the print measure on the root, natural spacing (line breaks do not depend on alignment).
  const style = document.createElement('style');
  style.textContent = `:root { ${vertical ? 'block-size' : 'inline-size'}: auto !important; ${vertical ? 'height' : 'width'}: ${measure}px !important; } p { text-align: start !important; text-align-last: auto !important; }`;
  document.head.append(style);

  interface Char {
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
  /**
   * The lines of a paragraph from a given character on (or its start), one at a time: a line is
   * yielded when the next one's first character is seen, so a round measures a paragraph only up to
   * the line it changes.
   */
  function* linesFrom(p: HTMLParagraphElement, from: Range | undefined): Generator<Char[]> {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let line: Char[] = [];
    let node: Text | null;
    let i = 0;
    if (from && from.startContainer instanceof Text) {
      node = from.startContainer;
      walker.currentNode = node;
      i = from.startOffset;
    } else if (from) {
      // The character's own node was moved (wrapped or unwrapped): resume at what now stands there.
      const child = from.startContainer.childNodes[from.startOffset];
      walker.currentNode = child ?? from.startContainer;
      node = child instanceof Text ? child : (walker.nextNode() as Text | null);
    } else {
      node = walker.nextNode() as Text | null;
    }
    for (; node; node = walker.nextNode() as Text | null, i = 0) {
      if (skipText(node)) continue;
      const text = node.data;
      const parent = node.parentElement!;
      const halved = parent.classList.contains(settings.halfClass) || parent.classList.contains(SQUEEZE_CLASS);
      while (i < text.length) {
        const length = text.codePointAt(i)! > 0xffff ? 2 : 1;
        const char = text.slice(i, i + length);
        if (!/\s/.test(char)) {
          range.setStart(node, i);
          range.setEnd(node, i + length);
          const rects = range.getClientRects();
          const r = rects[rects.length - 1];
          if (r) {
            const c: Char = { node, offset: i, length, char, start: vertical ? r.top : r.left, end: vertical ? r.bottom : r.right, block: vertical ? r.left + r.width / 2 : r.top + r.height / 2, em: fontSize(parent), halved };
            const previous = line[line.length - 1];
            if (previous && (c.start < previous.start - 0.5 || Math.abs(c.block - previous.block) > c.em)) {
              yield line;
              line = [];
            }
            line.push(c);
          }
        }
        i += length;
      }
    }
    if (line.length) yield line;
  }
  const lineEnd = (p: HTMLParagraphElement) => {
    const box = p.getBoundingClientRect();
    const cs = getComputedStyle(p);
    const inset = parseFloat(cs.paddingInlineEnd) + parseFloat(cs.borderInlineEndWidth);
    return (vertical ? box.bottom : box.right) - inset;
  };

  /**
   * Wraps one character in a span of its own: half width (the font's halt/vhal), or squeezed by `by`
   * pixels taken from its blank side (after a closing mark, before an opening one). Returns the span (to undo).
   */
  const halve = ({ char: c, by }: Squeeze): HTMLSpanElement => {
    let node = c.node;
    if (c.offset > 0) node = node.splitText(c.offset);
    if (node.length > c.length) node.splitText(c.length);
    const span = document.createElement('span');
    span.className = by === undefined ? settings.halfClass : SQUEEZE_CLASS;
    if (by !== undefined) span.style.setProperty(isOpening(c) ? 'margin-inline-start' : 'margin-inline-end', `${-by.toFixed(3)}px`);
    node.replaceWith(span);
    span.append(node);
    return span;
  };
  const pointAt = (c: Char) => {
    const r = document.createRange();
    r.setStart(c.node, c.offset);
    r.setEnd(c.node, c.offset + c.length);
    return r;
  };
  const blockOf = (r: Range) => {
    const rect = r.getClientRects()[0];
    return rect ? (vertical ? rect.left + rect.width / 2 : rect.top + rect.height / 2) : NaN;
  };
  const isClosing = (c: Char) => CLOSING.includes(c.char);
  const PAUSE_STOP = '，。、；：';
  const SQUEEZE_CLASS = 'pj-squeeze';
  const isOpening = (c: Char) => OPENING.includes(c.char);

  interface Squeeze {
    char: Char;
    /** Pixels taken off the mark's blank side; undefined: the whole blank half (half width). */
    by?: number;
  }
  interface Try {
    chosen: Squeeze[];
    spans?: HTMLSpanElement[];
    /** The first character of the next line's chunk, and of the line (live ranges: they follow DOM changes). */
    chunk: Range;
    lineStart: Range;
    lineStartOnly?: boolean;
  }
  /** What to halve so that `line` takes the first chunk of `next`, or undefined when nothing worth it can be done. */
  const tryLine = (line: Char[], next: Char[], end: number, paragraphStart: boolean): Try | undefined => {
    const em = line[0]!.em;
    if (settings.lineStartOpening === 'half' && !paragraphStart && isOpening(line[0]!) && !line[0]!.halved) {
      return { chosen: [{ char: line[0]! }], chunk: pointAt(line[0]!), lineStart: pointAt(line[0]!), lineStartOnly: true };
    }
    const slack = end - line[line.length - 1]!.end;
    if (slack < settings.minSlackEm * em) return undefined;
    // The next line's first unbreakable chunk: opening marks with what follows them, a character, the marks that may not start a line.
    let n = 0;
    while (n < next.length - 1 && isOpening(next[n]!)) n += 1;
    n += 1;
    while (n < next.length && NO_START.includes(next[n]!.char)) n += 1;
    // A chunk that is a lone closing mark (Chromium let a line start with it) is left alone.
    if (n >= next.length || (n === 1 && isClosing(next[0]!))) return undefined;
    const chunk = next.slice(0, n);
    let width = chunk[chunk.length - 1]!.end - chunk[0]!.start;
    const chosen: Squeeze[] = [];
    const last = chunk[chunk.length - 1]!;
    if (isClosing(last) && !last.halved) {
      chosen.push({ char: last });
      width -= last.em / 2;
    }
    // What is still missing is taken evenly from the line's marks, at most a quarter em from each when
    // there are marks enough, never more than half: pause and stop marks first, then closing, then
    // opening ones, each from the line's end (clreq §3.8: 标点挤压).
    const needed = width + 0.01 * em - slack;
    if (needed > 0) {
      // A mark beside another one is part of a pair, already 1.5 em with its neighbour: left as it is.
      const mark = (c: Char | undefined) => !!c && (isClosing(c) || isOpening(c));
      const free = line.filter((c, i) => !c.halved && (isClosing(c) || (isOpening(c) && i > 0)) && !mark(line[i - 1]) && !mark(line[i + 1])).reverse();
      const order = [...free.filter((c) => PAUSE_STOP.includes(c.char)), ...free.filter((c) => isClosing(c) && !PAUSE_STOP.includes(c.char)), ...free.filter(isOpening)];
      const count = Math.min(order.length, Math.max(1, Math.ceil(needed / (em / 4))));
      const each = needed / count;
      if (!count || each > em / 2) return undefined;
      for (const c of order.slice(0, count)) chosen.push({ char: c, by: each });
    }
    return { chosen, chunk: pointAt(chunk[0]!), lineStart: pointAt(line[0]!) };
  };

  /** Where each paragraph still to compose resumes: undefined at its start (its first line is the paragraph's). */
  const state = new Map<HTMLParagraphElement, Range | undefined>(paragraphs.map((p) => [p, undefined]));
  try {
    for (let round = 0; round < settings.maxRounds && state.size; round += 1) {
      result.rounds = round + 1;
      const tries = new Map<HTMLParagraphElement, Try>();
      for (const [p, from] of state) {
        const end = lineEnd(p);
        let tried: Try | undefined;
        let line: Char[] | undefined;
        let first = !from;
        for (const next of linesFrom(p, from)) {
          if (!line) {
            line = next;
            continue;
          }
          tried = tryLine(line, next, end, first);
          if (tried) break;
          line = next;
          first = false;
        }
        if (tried) tries.set(p, tried);
        else state.delete(p);
      }
      // All reads first, then all writes: one layout a round for the whole book, not one a paragraph.
      // Last character first: splitting a text node leaves the offsets before the split as they were.
      const lastFirst = (a: Squeeze, b: Squeeze) => (a.char.node === b.char.node ? b.char.offset - a.char.offset : a.char.node.compareDocumentPosition(b.char.node) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1);
      for (const t of tries.values()) t.spans = [...t.chosen].sort(lastFirst).map(halve);
      // Keep the changes Chromium's line breaking followed, undo the others.
      for (const [p, t] of tries) {
        if (t.lineStartOnly) {
          result.lineStarts += 1;
        } else if (Math.abs(blockOf(t.chunk) - blockOf(t.lineStart)) < 1) {
          result.pulled += 1;
          result.halved += t.spans!.length;
        } else {
          for (const span of t.spans!) span.replaceWith(...Array.from(span.childNodes));
          result.undone += 1;
          // Resume at the next line, which the undone try left where it was.
          state.set(p, t.chunk);
          continue;
        }
        // Resume at the changed line: its new end, and the lines after it, are measured again.
        state.set(p, t.lineStart);
      }
    }
  } finally {
    style.remove();
    range.detach();
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
