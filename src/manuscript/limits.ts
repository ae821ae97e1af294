/**
 * The limits of one manuscript and of one book, checked on the text before any parser sees it, by
 * `paiban check` and by every command that parses a manuscript (the build runs the check first, so it
 * stops exactly where the check does). Each is far above what a real book needs and far below what
 * costs minutes or gigabytes; past one, the check reports one error (rule `limits`) at the line where
 * the limit is crossed and checks nothing else in that file, and every other command stops with that
 * line. Measured on this machine (2 cores, Node 20, remark-parse 11 with GFM, directives, CJK emphasis):
 *
 * - MAX_MANUSCRIPT_BYTES (decode.ts), 4 MB a file: a whole 1,000-page yearbook is about 3 MB.
 * - MAX_LINES, 30,000 lines a file: the parser holds about 20 KB a block (40,000 table rows, list
 *   items or footnotes took 6–21 s and 0.7–1 GB); 30,000 lines are 15,000 paragraphs.
 * - MAX_NESTING, 32 levels of lists, quotes or HTML elements: a list 1,500 deep took 207 s and 2.3 GB,
 *   3,000 nested `>` or `<div>` overflowed the stack.
 * - MAX_MARKS_PER_PARAGRAPH, 1,000 runs of emphasis marks (`*`, `_`, `~`) or closing brackets (`]`)
 *   in one paragraph: the parser pairs them in time that grows with the square of their number in a
 *   paragraph (16,000 `*a` took 10.5 s, 40 KB of them over 60 s); a fully annotated paragraph of
 *   500 ruby characters is 500. A backslash-escaped mark (`\*`) does not count: it is text.
 * - MAX_MARKS, 50,000 such runs a file: each costs about 35 µs even when paragraphs are short.
 * - MAX_HEADINGS, 5,000 headings (`#`–`######`) in the whole book: every heading is a link target,
 *   a bookmark and most are TOC entries; 5,000 took 200 s to print on a busy machine, 50,000 did not
 *   print in 120 s and held 1.9 GB.
 *
 * Written by hand: the scans must not themselves parse.
 */
export const MAX_LINES = 30_000;
export const MAX_NESTING = 32;
export const MAX_MARKS_PER_PARAGRAPH = 1_000;
export const MAX_MARKS = 50_000;
export const MAX_HEADINGS = 5_000;

/** The rule id of every limit in `paiban check`'s report. */
export const LIMITS_RULE = 'limits';

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export interface NestingProblem {
  line: number;
  reason: string;
}

/** A limit crossed: the line, what is wrong and what to do, in the user's words. */
export interface LimitProblem extends NestingProblem {
  hint: string;
}

const number = (value: number) => value.toLocaleString('en-US');

/** The block prefix of a line: indentation, quote markers, list markers. */
const BLOCK_PREFIX = /^(?:[ \t]|>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*/;

/**
 * The first line where block containers (quotes `>`, list items, by marker or by indentation) or raw
 * HTML elements nest deeper than MAX_NESTING, or undefined.
 */
export function nestingProblem(source: string): NestingProblem | undefined {
  const lines = source.split(/\r\n?|\n/);
  let htmlDepth = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const prefix = BLOCK_PREFIX.exec(line)![0];
    const markers = (prefix.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
    const indent = [...prefix].reduce((width, char) => width + (char === '\t' ? 4 : char === ' ' ? 1 : 0), 0);
    // Indentation nests only together with a marker (a nested list item); plain indented text is left alone.
    const depth = markers + (markers > 0 ? Math.floor(indent / 2) : 0);
    if (depth > MAX_NESTING) {
      return { line: index + 1, reason: `Lists or quotes are nested about ${depth} levels deep here; paiban accepts at most ${MAX_NESTING}` };
    }
    if (!line.includes('<')) continue;
    for (const match of line.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = match;
      if (selfClosing || VOID_ELEMENTS.has(name!.toLowerCase())) continue;
      htmlDepth = closing ? Math.max(0, htmlDepth - 1) : htmlDepth + 1;
      if (htmlDepth > MAX_NESTING) {
        return { line: index + 1, reason: `HTML elements are nested more than ${MAX_NESTING} levels deep here` };
      }
    }
  }
  return undefined;
}

/** Runs of emphasis marks or closing brackets in a line's text; an escaped character (`\*`) is text. */
function marksIn(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/\\.|[*_~]+|\]+/g)) if (match[0][0] !== '\\') count += 1;
  return count;
}

/**
 * The first limit of one manuscript's text that is crossed (size in lines, nesting, emphasis marks),
 * or undefined. Linear in the text; run before any parser.
 */
export function manuscriptLimitProblem(source: string): LimitProblem | undefined {
  const lines = source.split(/\r\n?|\n/);
  if (lines.length > MAX_LINES) {
    return { line: MAX_LINES + 1, reason: `The manuscript has ${number(lines.length)} lines; paiban reads at most ${number(MAX_LINES)} lines in one file`, hint: 'Split it into one manuscript per chapter (or per article) and list them in book.yaml.' };
  }
  const deep = nestingProblem(source);
  if (deep) return { ...deep, hint: 'Flatten the nesting: a book needs a few levels of lists or quotes at most.' };
  let total = 0;
  let paragraph = 0;
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const prefix = BLOCK_PREFIX.exec(line)![0];
    const text = line.slice(prefix.length);
    // Fenced code is text to the parser: no emphasis is paired inside it.
    const fenceMark = /^(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    // A paragraph ends at a blank line; a list item, table row or heading starts a block of its own.
    if (text.trim() === '' || /[-*+]|\d[.)]/.test(prefix) || /^[|#]/.test(text)) paragraph = 0;
    const marks = marksIn(text);
    paragraph += marks;
    total += marks;
    if (paragraph > MAX_MARKS_PER_PARAGRAPH) {
      return {
        line: index + 1,
        reason: `This paragraph has more than ${number(MAX_MARKS_PER_PARAGRAPH)} emphasis marks (*, _, ~) or closing brackets (]); paiban accepts at most ${number(MAX_MARKS_PER_PARAGRAPH)} in one paragraph`,
        hint: 'Write marks that are meant as text with a backslash (\\* \\_ \\~ \\]) or as full-width ＊ ＿, or split the paragraph.',
      };
    }
    if (total > MAX_MARKS) {
      return {
        line: index + 1,
        reason: `The manuscript has more than ${number(MAX_MARKS)} emphasis marks (*, _, ~) or closing brackets (]); paiban accepts at most ${number(MAX_MARKS)} in one file`,
        hint: 'Split it into several manuscripts, or write marks meant as text with a backslash (\\*).',
      };
    }
  }
  return undefined;
}

/** The headings of a parsed manuscript (Markdown and raw HTML `<h2>`…`<h6>`, which the sanitizer keeps), as the line of each. */
export function headingLines(tree: { children: unknown[] }): number[] {
  const lines: number[] = [];
  const stack: unknown[] = [tree];
  while (stack.length) {
    const node = stack.pop() as { type?: string; value?: string; children?: unknown[]; position?: { start: { line: number } } };
    const line = node.position?.start.line ?? 1;
    if (node.type === 'heading') lines.push(line);
    else if (node.type === 'html' && node.value) for (const _ of node.value.matchAll(/<h[1-6][\s>]/gi)) lines.push(line);
    if (node.children) stack.push(...node.children);
  }
  return lines.sort((a, b) => a - b);
}

/** The problem when `count` headings, following `before` in the book, are too many; `lineOf(n)` is the line of the n-th (1-based). */
export function headingLimitProblem(count: number, before: number, lineOf: (n: number) => number): LimitProblem | undefined {
  // Over the limit already before: reported on the manuscript that crossed it.
  if (before >= MAX_HEADINGS || before + count <= MAX_HEADINGS) return undefined;
  return {
    line: lineOf(MAX_HEADINGS - before + 1),
    reason: `This is heading ${number(MAX_HEADINGS + 1)} of the book; paiban prints at most ${number(MAX_HEADINGS)} (each is a link target and a bookmark)`,
    hint: 'Set minor headings as bold text (**…**) instead of #-headings, or split the book into volumes.',
  };
}
