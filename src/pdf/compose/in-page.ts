import type { Char, Line, lineWalkerInPage, Point } from './line-walker.js';

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
 * This function is serialized into the page with its line walker (line-walker.ts), which it gets as
 * `makeWalker`: it must not use anything outside its own body.
 */
export interface ComposeSettings {
  /** Class of a half-width mark (styled with the font's halt/vhal feature). */
  halfClass: string;
  /** Class of a character set closer by a negative margin on its blank side. */
  squeezeClass: string;
  /** Opening brackets at the start of a line that is not a paragraph's first: full width or half. */
  lineStartOpening: 'full' | 'half';
  /** A line is squeezed only when justification would spread it by at least this much (em). */
  minSlackEm: number;
  /** The most a line's characters are set closer to take the next line's unbreakable run (em each). */
  maxTightenEm: number;
  /** The most a line before an unbreakable run may be spread (em per gap); beyond it the line ends ragged. */
  maxSpreadEm: number;
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
  /** Lines set closer (within maxTightenEm) to take the next line's unbreakable run. */
  tightened: number;
  /** Lines before an unbreakable run left unjustified, rather than spread beyond maxSpreadEm. */
  ragged: number;
  /** Tries that Chromium's line breaking did not follow (undone). */
  undone: number;
  rounds: number;
  ms: number;
  /** Why nothing was done, when nothing could be. */
  skipped?: string;
}

export function composeInPage(settings: ComposeSettings & { measure: number | undefined }, makeWalker: typeof lineWalkerInPage): ComposeResult {
  const started = performance.now();
  const result: ComposeResult = { paragraphs: 0, pulled: 0, halved: 0, lineStarts: 0, tightened: 0, ragged: 0, undone: 0, rounds: 0, ms: 0 };
  const OPENING = '“‘（《〈「『【〔〖［｛';
  const CLOSING = '”’）》〉」』】〕〗］｝，。、；：';
  /** Characters that may not start a line (GB/T 15834, clreq §3.8 prohibition rules). */
  const NO_START = `${CLOSING}？！…·～—%‰℃`;
  const root = document.documentElement;
  const vertical = getComputedStyle(root).writingMode.startsWith('vertical');

  const measure = settings.measure;
  if (!measure || measure <= 0) return { ...result, skipped: 'no @page size', ms: performance.now() - started };
  // A stylesheet may switch the step off (`--paiban-compose: off`): the layout checks' own tests show raw Chromium lines so.
  if (getComputedStyle(root).getPropertyValue('--paiban-compose').trim() === 'off') return { ...result, skipped: 'switched off by the stylesheet', ms: performance.now() - started };

  // Paragraphs, and list items that hold only text (an item with paragraphs or a sub-list is composed through those).
  const paragraphs = Array.from(document.querySelectorAll<HTMLParagraphElement>('p, .chapter-body li:not(:has(p, ul, ol, table, pre))')).filter((p) => getComputedStyle(p).textAlign === 'justify');
  result.paragraphs = paragraphs.length;
  // Measuring mode: the print measure on the root, natural spacing (line breaks do not depend on alignment).
  const style = document.createElement('style');
  style.textContent = `:root { ${vertical ? 'block-size' : 'inline-size'}: auto !important; ${vertical ? 'height' : 'width'}: ${measure}px !important; } p, li { text-align: start !important; text-align-last: auto !important; }`;
  document.head.append(style);

  const SQUEEZE_CLASS = settings.squeezeClass;
  const { linesFrom, boxOf, lineEnd, range } = makeWalker(vertical, [settings.halfClass, SQUEEZE_CLASS]);
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
    /** The line cannot take the run and would be spread too far: it ends here, unjustified. */
    ragged?: boolean;
    /** Every character of the line set closer, not only its marks. */
    tight?: boolean;
    /** The next line starts with an unbreakable run and this line, left as it is, would be spread beyond the limit. */
    spreadTooFar?: boolean;
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
    // An unbreakable run is taken whole: a number with its unit or a phone number (.nobr, pipeline/runs.ts),
    // a Latin word or a URL's piece between two break points (one text node, no break inside).
    const runOf = (c: Char | undefined) => c?.node.parentElement?.closest('.nobr') ?? null;
    const latin = (c: Char | undefined) => !!c && /[A-Za-z0-9]/.test(c.char);
    const run = runOf(next[0]);
    if (run) while (n < next.length && runOf(next[n]) === run) n += 1;
    else if (latin(next[0])) while (n < next.length && next[n]!.node === next[n - 1]!.node && /[^\s\u00ad\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(next[n]!.char)) n += 1;
    while (n < next.length && NO_START.includes(next[n]!.char)) n += 1;
    const isRun = n > 1 && (run !== null || latin(next[0]));
    // Justification spreads the gaps between Han characters and marks, not the letters of a Latin word.
    const cjkGaps = Math.max(1, line.filter((c) => /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(c.char)).length - 1);
    const spreadTooFar = isRun && slack / cjkGaps > settings.maxSpreadEm * em;
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
      if (count && each <= em / 2) {
        for (const c of order.slice(0, count)) chosen.push({ char: c, by: each });
      } else {
        // Not enough from the marks: every character of the line a little closer, within the book's limit.
        // (Not the line's first character: its place is where the line is measured from.)
        const closer = line.slice(1, -1).filter((c) => !c.halved);
        const all = needed / Math.max(1, closer.length);
        if (closer.length && all <= settings.maxTightenEm * em) {
          for (const c of closer) chosen.push({ char: c, by: all });
          return { chosen, chunk: pointAt(chunk[0]!), lineStart: pointAt(line[0]!), tight: true, spreadTooFar };
        }
        // Before an unbreakable run that cannot come up, a line spread beyond the limit ends unjustified instead.
        if (spreadTooFar) return { chosen: [], chunk: pointAt(chunk[0]!), lineStart: pointAt(line[0]!), ragged: true };
        return undefined;
      }
    }
    return { chosen, chunk: pointAt(chunk[0]!), lineStart: pointAt(line[0]!), spreadTooFar };
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
        if (t.ragged) {
          // A forced break before the run: the line before it is set unjustified (text-align-last).
          let node = t.chunk.node;
          if (t.chunk.offset > 0) node = node.splitText(t.chunk.offset);
          const br = document.createElement('br');
          br.className = 'pj-ragged';
          node.before(br);
          t.spans = [];
          t.chunk = { node, offset: 0 };
          continue;
        }
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
        if (t.ragged) {
          result.ragged += 1;
          // Resume at the run, the first character of the next line.
          state.set(p, t.chunk);
          continue;
        }
        if (t.lineStartOnly) {
          result.lineStarts += 1;
        } else if (Math.abs(blockOf(t.probe!.firstChild!, 0, 1) - blockOf(t.lineStart.node, t.lineStart.offset, 1)) < 1) {
          result.pulled += 1;
          if (t.tight) result.tightened += 1;
          else result.halved += t.spans!.length;
        } else {
          for (const span of t.spans!) span.replaceWith(...Array.from(span.childNodes));
          if (t.spreadTooFar) {
            // The run would not come up: rather than spread this line beyond the limit, it ends unjustified.
            const br = document.createElement('br');
            br.className = 'pj-ragged';
            t.probe!.before(br);
            result.ragged += 1;
          } else result.undone += 1;
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
