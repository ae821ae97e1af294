import type { Covered } from './covered.js';
import { foldText, type SourceText } from './source-text.js';

/** Where a comment lands in the manuscripts. */
export interface Placement {
  source: SourceText;
  /** Offsets in source.raw: the marked span (start === end for a point). */
  start: number;
  end: number;
  line: number;
  column: number;
  /** The text around it matched too (false: found by its own text only, e.g. a PDF of an older build). */
  contextMatched: boolean;
  /** The span is the marked text, literally, in the file (no markup inside): safe to edit. */
  literal: boolean;
  /** Set when the marked text is no longer there: what the manuscript has at that place instead. */
  changedTo?: string;
}

/** How far apart the PDF's context may skip characters the manuscript lacks (running heads, numbering). */
const MAX_SKIPS = 3;

/** How many characters of `context` match `text` backwards from `at` (skipping a few the PDF has extra). */
function suffixScore(context: string, text: string, at: number): number {
  let score = 0;
  let skips = 0;
  for (let p = context.length - 1, m = at - 1; p >= 0 && m >= 0; p--) {
    if (context[p] === text[m]) {
      score++;
      m--;
    } else if (++skips > MAX_SKIPS) break;
  }
  return score;
}

function prefixScore(context: string, text: string, at: number): number {
  let score = 0;
  let skips = 0;
  for (let p = 0, m = at; p < context.length && m < text.length; p++) {
    if (context[p] === text[m]) {
      score++;
      m++;
    } else if (++skips > MAX_SKIPS) break;
  }
  return score;
}

function indexesOf(text: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

export function lineColumn(raw: string, offset: number): { line: number; column: number } {
  const before = raw.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

interface Candidate {
  source: SourceText;
  /** Printed-character indexes of the span. */
  from: number;
  to: number;
  score: number;
}

function best(candidates: Candidate[]): Candidate | undefined {
  return candidates.sort((a, b) => b.score - a.score)[0];
}

function rawSpan(source: SourceText, from: number, to: number): { start: number; end: number; literal: boolean } {
  if (from === to) {
    // A point: just after the previous printed character, or at the next one.
    const start = from > 0 && from <= source.offsets.length ? source.offsets[from - 1]! + lengthAt(source, from - 1) : (source.offsets[from] ?? source.raw.length);
    return { start, end: start, literal: (from === 0 || source.literal[from - 1]!) };
  }
  const start = source.offsets[from]!;
  const end = source.offsets[to - 1]! + lengthAt(source, to - 1);
  const literal = source.literal.slice(from, to).every(Boolean) && foldText(source.raw.slice(start, end)) === source.chars.slice(from, to);
  return { start, end, literal };
}

function lengthAt(source: SourceText, index: number): number {
  const code = source.raw.codePointAt(source.offsets[index]!) ?? 0;
  return code > 0xffff ? 2 : 1;
}

/**
 * Finds the marked text in the manuscripts' printed text, by itself and by the text around it:
 * the occurrence whose surroundings match best wins. Written by hand: a fuzzy matcher library
 * would not know that the PDF's context may carry running heads and numbering the manuscript lacks.
 */
export function place(covered: Covered, sources: readonly SourceText[]): Placement | undefined {
  const needle = foldText(covered.text);
  const before = foldText(covered.before);
  const after = foldText(covered.after);
  const candidates: Candidate[] = [];
  for (const source of sources) {
    if (needle) {
      for (const at of indexesOf(source.chars, needle)) {
        candidates.push({ source, from: at, to: at + needle.length, score: suffixScore(before, source.chars, at) + prefixScore(after, source.chars, at + needle.length) });
      }
    } else {
      const anchors = new Set<number>();
      const tail = before.slice(-4);
      const head = after.slice(0, 4);
      for (const at of indexesOf(source.chars, tail)) anchors.add(at + tail.length);
      for (const at of indexesOf(source.chars, head)) anchors.add(at);
      for (const at of anchors) candidates.push({ source, from: at, to: at, score: suffixScore(before, source.chars, at) + prefixScore(after, source.chars, at) });
    }
  }
  const chosen = best(candidates);
  const wanted = Math.min(8, before.length + after.length);
  if (chosen && chosen.score >= wanted) {
    const span = rawSpan(chosen.source, chosen.from, chosen.to);
    return { source: chosen.source, ...span, ...lineColumn(chosen.source.raw, span.start), contextMatched: true };
  }
  // The surroundings did not match: the text under the comment may have changed at its real place.
  const changed = needle ? changedPlace(needle, before, after, sources) : undefined;
  if (changed || !chosen) return changed;
  const span = rawSpan(chosen.source, chosen.from, chosen.to);
  return { source: chosen.source, ...span, ...lineColumn(chosen.source.raw, span.start), contextMatched: false };
}

/** The marked text is gone: find its place by the text around it, and what stands there now. */
function changedPlace(needle: string, before: string, after: string, sources: readonly SourceText[]): Placement | undefined {
  const tail = before.slice(-6);
  const head = after.slice(0, 6);
  if (tail.length < 2 || head.length < 2) return undefined;
  const candidates: Candidate[] = [];
  for (const source of sources) {
    for (const at of indexesOf(source.chars, tail)) {
      const from = at + tail.length;
      const to = source.chars.indexOf(head, from);
      if (to < 0 || to - from > needle.length + 40) continue;
      candidates.push({ source, from, to, score: suffixScore(before, source.chars, from) + prefixScore(after, source.chars, to) });
    }
  }
  const chosen = best(candidates);
  if (!chosen) return undefined;
  const span = rawSpan(chosen.source, chosen.from, chosen.to);
  return { source: chosen.source, ...span, ...lineColumn(chosen.source.raw, span.start), contextMatched: true, literal: false, changedTo: chosen.source.chars.slice(chosen.from, chosen.to) };
}
