import type { PageChar, PrintedLine } from '../page-chars.js';
import { CLOSING, DEFAULT_PUNCTUATION, OPENING, PAUSE_STOP, pairOfMarks, type PunctuationSettings } from '../../pipeline/punctuation.js';

/**
 * The punctuation part of the composition audit: pure functions over printed lines (characters with
 * their positions, from `mutool draw -F stext`). It measures what a print editor looks at (clreq §3.1,
 * GB/T 15834): adjacent full-width marks and their advance (2 em uncompressed, 1.5 em compressed),
 * full-width ，。、；： at line end, and the extra spacing justification put between characters.
 * Positions are along the line: x in horizontal text, y (top to bottom) in vertical text.
 */

/** Marks that may be half width at line end when that lets the line fit. */
export const LINE_END_MARKS = PAUSE_STOP;

/** Vertical presentation forms some extractors report, mapped back to the marks they stand for. */
const VERTICAL_FORMS: Record<string, string> = {
  '︐': '，', '︑': '、', '︒': '。', '︓': '：', '︔': '；', '︵': '（', '︶': '）', '︽': '《', '︾': '》',
  '︿': '〈', '﹀': '〉', '﹁': '「', '﹂': '」', '﹃': '『', '﹄': '』', '︻': '【', '︼': '】', '︹': '〔', '︺': '〕',
};
const mark = (char: string) => VERTICAL_FORMS[char] ?? char;
const isClosingClass = (char: string) => CLOSING.includes(mark(char)) || PAUSE_STOP.includes(mark(char));
const isOpening = (char: string) => OPENING.includes(mark(char));


const HAN = /^\p{Script=Han}$/u;

export interface PairFinding {
  page: number;
  /** The two marks, as printed ("”，"). */
  pair: string;
  /** Their advance together, in em of the first mark's font size (2 uncompressed, 1.5 compressed). */
  advanceEm: number;
  /**
   * The advance of the mark that should be half width (1 uncompressed, 0.5 compressed), measured to the
   * next character's origin: a halved opening mark is drawn half an em earlier, so its own advance reads
   * 1 and its neighbour's 0.5; the pair's sum is what counts.
   */
  trimmedEm: number;
  font: string;
  /** The printed line, for the report. */
  line: string;
}

export interface LineEndFinding {
  page: number;
  char: string;
  /** Room the mark takes from its origin to the line's end edge, in em (1 full, 0.5 half). */
  widthEm: number;
  /** The line's extra spacing per gap, in em: a full-width mark on a line that is not spread had no reason to be halved. */
  lineExtraEm: number;
  line: string;
}

export interface LineSpacing {
  page: number;
  line: string;
  /** Extra space justification put in each gap between two Han characters, in em (median over the line). */
  extraEm: number;
  /** The same in points. */
  extraPt: number;
  /** A full-width mark was on the line (one that compression could have squeezed instead of spreading). */
  compressibleMark: boolean;
}

export interface PunctuationAudit {
  pairs: PairFinding[];
  lineEnds: LineEndFinding[];
  lines: LineSpacing[];
}

export interface PunctuationSummary {
  /** Adjacent pairs that could be compressed, and how many still take (about) 2 em. */
  pairs: number;
  uncompressedPairs: number;
  /** Uncompressed pairs by kind, most frequent first ("”，×9"). */
  uncompressedKinds: string[];
  /** ，。、；： ending a full line, and how many of them are full width. */
  lineEndMarks: number;
  fullLineEndMarks: number;
  /** Full-width line-end marks on a line that is spread: halving the mark should have let the line take more (the fault). */
  spreadFullLineEnds: number;
  lines: number;
  /** Lines spread by at least 0.35 pt a gap (the issue's measure) and the largest spread. */
  spreadLines: number;
  maxExtraEm: number;
  maxExtraPt: number;
  maxExtraPage: number | undefined;
  /** Lines with a full-width mark spread by more than 0.15 em a gap (squeeze-before-spread says none). */
  spreadOverLimit: number;
}

/** A pair that advances by more than this (em) is uncompressed (2 em; compressed 1.5, or 1 inside a run like ）》， or for ？！). */
const UNCOMPRESSED_EM = 1.75;
export const isUncompressed = (pair: PairFinding) => pair.advanceEm > UNCOMPRESSED_EM;
/** Squeeze before spread: the most a line with a compressible mark may be spread, em per gap. */
export const MAX_SPREAD_EM = 0.15;
const SPREAD_REPORT_PT = 0.35;
const MIN_GAPS = 10;
/** Extra spacing below this (em per gap) is rounding, not a spread line. */
const UNSPREAD_EM = 0.01;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
};

/** The most frequent value, rounded to 0.1 pt (the end edge of full lines on a page). */
function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value * 10) / 10, (counts.get(Math.round(value * 10) / 10) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] > best[0])) best = entry;
  return best && best[1] >= 2 ? best[0] : undefined;
}

/**
 * Audits the printed lines of a book. `writing` says which axis the lines run along; lines are as
 * printedLines makes them (rows left to right, or columns top to bottom).
 */
export function auditPunctuation(lines: readonly PrintedLine[], writing: 'horizontal' | 'vertical', settings: PunctuationSettings = DEFAULT_PUNCTUATION): PunctuationAudit {
  const halvedOfPair = (a: string, b: string) => pairOfMarks(mark(a), mark(b), writing, settings);
  const pos = (c: PageChar) => (writing === 'horizontal' ? c.left : c.top);
  const em = (c: PageChar) => c.fontSize || c.width;
  const audit: PunctuationAudit = { pairs: [], lineEnds: [], lines: [] };

  // The end edge of full lines, per page: where lines ending in a Han character end (their most common end).
  const ends = new Map<number, number[]>();
  for (const line of lines) {
    const last = line.chars[line.chars.length - 1];
    if (last && HAN.test(last.char) && line.chars.length > 4) {
      const edges = ends.get(line.page);
      if (edges) edges.push(pos(last) + em(last));
      else ends.set(line.page, [pos(last) + em(last)]);
    }
  }
  const bookEdge = mode([...ends.values()].flat());
  // Once per page, not once per line.
  const edges = new Map<number, number | undefined>();
  const edgeOf = (page: number) => {
    if (!edges.has(page)) edges.set(page, mode(ends.get(page) ?? []) ?? bookEdge);
    return edges.get(page);
  };

  for (const line of lines) {
    const chars = line.chars.filter((c) => c.char.trim());
    if (chars.length < 2) continue;
    // Tate-chu-yoko digits stand side by side at one height: they are one unit along the column.
    const units = writing === 'vertical' ? chars.filter((c, i) => i === 0 || Math.abs(pos(c) - pos(chars[i - 1]!)) > 0.5) : chars;
    const gaps: number[] = [];
    for (let i = 0; i + 1 < units.length; i += 1) {
      const a = units[i]!;
      const b = units[i + 1]!;
      if (HAN.test(a.char) && HAN.test(b.char) && Math.abs(em(a) - em(b)) < 0.01) gaps.push(pos(b) - pos(a) - em(a));
    }
    const extra = gaps.length ? Math.max(0, median(gaps)) : 0;
    const size = em(units[0]!);
    const edge = edgeOf(line.page);
    const last = units[units.length - 1]!;
    const advance = (i: number) => {
      const c = units[i]!;
      const next = units[i + 1];
      if (next) return pos(next) - pos(c) - extra;
      return edge !== undefined ? edge - pos(c) : em(c);
    };
    let compressible = false;
    for (let i = 0; i + 1 < units.length; i += 1) {
      const a = units[i]!;
      const b = units[i + 1]!;
      const which = halvedOfPair(a.char, b.char);
      if (which === undefined) continue;
      if (which === 'both') {
        // In vertical text the pair stands side by side in one em (tate-chu-yoko): one unit here, nothing to measure along the column.
        if (writing === 'vertical') continue;
        // ？！ in one em (both marks halved): 2 em uncompressed, 1 compressed. After it the next mark pairs anew.
        const pairEm = (advance(i) + (i + 2 < units.length ? advance(i + 1) : em(b))) / em(a);
        audit.pairs.push({ page: line.page, pair: mark(a.char) + mark(b.char), advanceEm: round(pairEm), trimmedEm: round(pairEm / 2), font: a.font, line: line.text });
        if (pairEm > UNCOMPRESSED_EM) compressible = true;
        continue;
      }
      // The mark that should lose its blank half decides (in ”）》， the ” and ） are halved, so ）》 is 1 em).
      const trimmedEm = advance(i + which) / em(units[i + which]!);
      const otherEm = i + 1 - which + 1 < units.length || which === 1 ? advance(i + 1 - which) / em(a) : 1;
      audit.pairs.push({ page: line.page, pair: mark(a.char) + mark(b.char), advanceEm: round(trimmedEm + Math.min(otherEm, 1)), trimmedEm: round(trimmedEm), font: a.font, line: line.text });
      if (trimmedEm + Math.min(otherEm, 1) > UNCOMPRESSED_EM) compressible = true;
    }
    if (LINE_END_MARKS.includes(mark(last.char)) && edge !== undefined) {
      const widthEm = (edge - pos(last)) / em(last);
      // Wider than a full em: the line ends short of the edge (a paragraph's last line), not at the line end.
      if (widthEm < 1.2 && widthEm > 0.3) {
        audit.lineEnds.push({ page: line.page, char: mark(last.char), widthEm: round(widthEm), lineExtraEm: round(extra / size), line: line.text });
        if (widthEm > 0.75) compressible = true;
      }
    }
    if (!compressible) compressible = units.some((c, i) => i + 1 < units.length && (isClosingClass(c.char) || isOpening(c.char)) && advance(i) / em(c) > 0.75);
    // Spread is measured on full lines of running text (titles and table cells are spaced on purpose).
    if (gaps.length >= MIN_GAPS) audit.lines.push({ page: line.page, line: line.text, extraEm: round(extra / size), extraPt: round(extra), compressibleMark: compressible });
  }
  return audit;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function summarizePunctuation(audit: PunctuationAudit): PunctuationSummary {
  const uncompressed = audit.pairs.filter(isUncompressed);
  const kinds = new Map<string, number>();
  for (const p of uncompressed) kinds.set(p.pair, (kinds.get(p.pair) ?? 0) + 1);
  const widest = audit.lines.reduce<LineSpacing | undefined>((best, l) => (!best || l.extraEm > best.extraEm ? l : best), undefined);
  return {
    pairs: audit.pairs.length,
    uncompressedPairs: uncompressed.length,
    uncompressedKinds: [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind}×${n}`),
    lineEndMarks: audit.lineEnds.length,
    fullLineEndMarks: audit.lineEnds.filter((l) => l.widthEm > 0.75).length,
    spreadFullLineEnds: audit.lineEnds.filter((l) => l.widthEm > 0.75 && l.lineExtraEm > UNSPREAD_EM).length,
    lines: audit.lines.length,
    spreadLines: audit.lines.filter((l) => l.extraPt >= SPREAD_REPORT_PT).length,
    maxExtraEm: widest?.extraEm ?? 0,
    maxExtraPt: widest?.extraPt ?? 0,
    maxExtraPage: widest?.page,
    spreadOverLimit: audit.lines.filter((l) => l.compressibleMark && l.extraEm > MAX_SPREAD_EM).length,
  };
}

/** One paragraph of plain text for the proof index and the terminal. */
export function formatPunctuationSummary(summary: PunctuationSummary): string {
  return [
    `adjacent marks: ${summary.pairs} pairs, ${summary.uncompressedPairs} uncompressed${summary.uncompressedKinds.length ? ` (${summary.uncompressedKinds.join(' ')})` : ''}`,
    `line-end ，。、；：: ${summary.lineEndMarks}, ${summary.fullLineEndMarks} full width, ${summary.spreadFullLineEnds} of them on a spread line`,
    `spacing: ${summary.spreadLines} of ${summary.lines} lines spread ≥ ${SPREAD_REPORT_PT} pt a gap; widest ${summary.maxExtraPt} pt = ${summary.maxExtraEm} em${summary.maxExtraPage ? ` (p${summary.maxExtraPage})` : ''}; ${summary.spreadOverLimit} lines with a full-width mark spread > ${MAX_SPREAD_EM} em`,
  ].join('\n');
}
