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
  /** A character's box along the line (start, end) and across it (block), measured when needed. */
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
  interface Line {
    chars: Char[];
    /** Where the line's text ends (natural spacing). */
    end: number;
  }
  /**
   * The lines of a paragraph from a given character on (or its start), one at a time: a line is
   * yielded when the next one's first character is seen, so a round measures a paragraph only up to
   * the line it changes. Cheap: one Range.getClientRects per text node gives its fragment on each
   * line; where a node runs over several lines, the break is found by bisection, one character's box
   * per step; the characters themselves are measured only when a line is tried (boxOf).
   */
  function* linesFrom(p: HTMLParagraphElement, from: Point | undefined): Generator<Line> {
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
      const halved = parent.classList.contains(settings.halfClass) || parent.classList.contains(SQUEEZE_CLASS) || parent.classList.contains(vertical ? 'pj-half-v' : 'pj-half-h');
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
  const pending: Line[] = [];
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
  const halve = ({ char: c, by, probe }: Squeeze): HTMLSpanElement => {
    let node = c.node;
    if (c.offset > 0) node = node.splitText(c.offset);
    if (node.length > c.length) node.splitText(c.length);
    const span = document.createElement('span');
    if (!probe) span.className = by === undefined ? settings.halfClass : SQUEEZE_CLASS;
    if (by !== undefined) span.style.setProperty(isOpening(c) ? 'margin-inline-start' : 'margin-inline-end', `${-by.toFixed(3)}px`);
    node.replaceWith(span);
    span.append(node);
    return span;
  };
  /**
   * A character's place as a plain node and offset, not a live Range: live ranges make every DOM
   * change update them all (quadratic in a big book). It stays valid because text nodes are only ever
   * split after it (see lastFirst).
   */
  interface Point {
    node: Text;
    offset: number;
  }
  const pointAt = (c: Char): Point => ({ node: c.node, offset: c.offset });
  const blockOf = (node: Node, offset: number, length: number) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + length);
    const rect = range.getClientRects()[0];
    return rect ? (vertical ? rect.left + rect.width / 2 : rect.top + rect.height / 2) : NaN;
  };
  // In vertical text ：； are centred in their em: nothing to squeeze.
  const isClosing = (c: Char) => CLOSING.includes(c.char) && !(vertical && '：；'.includes(c.char));
  const PAUSE_STOP = '，。、；：';
  const SQUEEZE_CLASS = 'pj-squeeze';
  const isOpening = (c: Char) => OPENING.includes(c.char);

  interface Squeeze {
    char: Char;
    /** Pixels taken off the mark's blank side; undefined: the whole blank half (half width). */
    by?: number;
    /** A plain span around the next line's first character, to see where it went (removed at the end). */
    probe?: boolean;
  }
  interface Try {
    chosen: Squeeze[];
    spans?: HTMLSpanElement[];
    /** The first character of the next line's chunk, and of the line (live ranges: they follow DOM changes). */
    chunk: Point;
    lineStart: Point;
    lineStartOnly?: boolean;
    probe?: HTMLSpanElement;
  }
  /** What to halve so that `line` takes the first chunk of `next`, or undefined when nothing worth it can be done. */
  const tryLine = (lineBox: Line, nextBox: Line, end: number): Try | undefined => {
    const line = lineBox.chars;
    const next = nextBox.chars;
    if (!line.length || !next.length) return undefined;
    const em = line[0]!.em;
    // `next` is never a paragraph's first line: its opening mark follows the book's line-start setting.
    if (settings.lineStartOpening === 'half' && isOpening(next[0]!) && !next[0]!.halved) {
      return { chosen: [{ char: next[0]! }], chunk: pointAt(line[0]!), lineStart: pointAt(line[0]!), lineStartOnly: true };
    }
    const slack = end - lineBox.end;
    if (slack < settings.minSlackEm * em) return undefined;
    // The next line's first unbreakable chunk: opening marks with what follows them, a character, the marks that may not start a line.
    let n = 0;
    while (n < next.length - 1 && isOpening(next[n]!)) n += 1;
    n += 1;
    while (n < next.length && NO_START.includes(next[n]!.char)) n += 1;
    // A chunk that is a lone closing mark (Chromium let a line start with it) is left alone.
    if (n >= next.length || (n === 1 && isClosing(next[0]!))) return undefined;
    const chunk = next.slice(0, n);
    let width = boxOf(chunk[chunk.length - 1]!).end - boxOf(chunk[0]!).start;
    if (!(width > 0)) return undefined;
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
  const state = new Map<HTMLParagraphElement, Point | undefined>(paragraphs.map((p) => [p, undefined]));
  const probes: HTMLSpanElement[] = [];
  try {
    for (let round = 0; round < settings.maxRounds && state.size; round += 1) {
      result.rounds = round + 1;
      const tries = new Map<HTMLParagraphElement, Try>();
      for (const [p, from] of state) {
        const end = lineEnd(p);
        let tried: Try | undefined;
        let line: Line | undefined;
        pending.length = 0;
        for (const next of linesFrom(p, from)) {
          if (!line) {
            line = next;
            continue;
          }
          tried = tryLine(line, next, end);
          if (tried) break;
          line = next;
        }
        if (tried) tries.set(p, tried);
        else state.delete(p);
      }
      // All reads first, then all writes: one layout a round for the whole book, not one a paragraph.
      // Last character first: splitting a text node leaves the offsets before the split as they were.
      const lastFirst = (a: Squeeze, b: Squeeze) => (a.char.node === b.char.node ? b.char.offset - a.char.offset : a.char.node.compareDocumentPosition(b.char.node) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1);
      for (const t of tries.values()) {
        if (t.lineStartOnly) {
          t.spans = t.chosen.map(halve);
          continue;
        }
        const chunkChar = { node: t.chunk.node, offset: t.chunk.offset, length: 1 } as Char;
        const spans = [...t.chosen, { char: chunkChar, probe: true }].sort(lastFirst).map((squeeze) => ({ squeeze, span: halve(squeeze) }));
        t.spans = spans.filter((s) => !s.squeeze.probe).map((s) => s.span);
        t.probe = spans.find((s) => s.squeeze.probe)!.span;
        probes.push(t.probe);
      }
      // Keep the changes Chromium's line breaking followed, undo the others.
      for (const [p, t] of tries) {
        if (t.lineStartOnly) {
          result.lineStarts += 1;
        } else if (Math.abs(blockOf(t.probe!.firstChild!, 0, 1) - blockOf(t.lineStart.node, t.lineStart.offset, 1)) < 1) {
          result.pulled += 1;
          result.halved += t.spans!.length;
        } else {
          for (const span of t.spans!) span.replaceWith(...Array.from(span.childNodes));
          result.undone += 1;
          // Resume at the next line, which the undone try left where it was.
          state.set(p, { node: t.probe!.firstChild as Text, offset: 0 });
          continue;
        }
        // Resume at the changed line: its new end, and the lines after it, are measured again.
        state.set(p, t.lineStart);
      }
    }
    // The probes go: a plain span changes nothing printed, but the HTML stays as the build wrote it.
    for (const probe of probes) probe.replaceWith(...Array.from(probe.childNodes));
  } finally {
    style.remove();
    range.detach();
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
