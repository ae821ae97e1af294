import type { Root, Heading, Paragraph } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString as mdastText } from 'mdast-util-to-string';
import { HAN, URL_PATTERN } from '../normalize/chars.js';
import { collapseSpacedCharacters } from '../normalize/spaced.js';
import { LATIN_DOT_BETWEEN_HAN, yearRanges } from '../normalize/marks.js';
import { frontMatterProblems } from '../manuscript/front-matter.js';
import { opensFrontMatter } from '../manuscript/parse.js';
import { KNOWN_DIRECTIVES, textDirectiveProblem } from '../pipeline/directives.js';
import { checkImages, checkTableCells } from './lost-text.js';
import { messageAt, proseTexts, type ProseText } from './text-nodes.js';
import { chronicleOrder, entryOutsideSection, entryTitles, narrowColumns, type YearbookContext } from './yearbook.js';

export interface RuleContext extends YearbookContext {
  source: string;
  /** Images must lie inside this folder. */
  bookDir: string;
}

/** A check: looks at a manuscript's tree and adds messages to its file. Fixable rules name themselves in FIXABLE. */
export type Rule = (tree: Root, file: VFile, context: RuleContext) => void;

/** Rules whose problems `paiban check --fix` repairs (by normalizing the text of prose nodes). */
export const FIXABLE = new Set(['half-width-punctuation', 'space-between-han-and-latin', 'spaced-out-characters', 'hard-wrap', 'year-range-dash', 'interpunct']);

const HAN_CLASS = HAN;
const HALF_WIDTH = new RegExp(`(?<=${HAN_CLASS}[ ]?)[,;:?!()]|[,;:?!()](?=[ ]?${HAN_CLASS})`, 'gu');
const HAN_LATIN_SPACE = new RegExp(`${HAN_CLASS}( +)(?=[A-Za-z0-9])|[A-Za-z0-9%]( +)(?=${HAN_CLASS})`, 'gu');
const FULL_WIDTH_OF: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

/** Ranges of URLs in a text: rules leave them alone. */
function urlRanges(value: string): [number, number][] {
  return [...value.matchAll(URL_PATTERN)].map((m) => [m.index, m.index + m[0].length]);
}

function nearUrl(ranges: [number, number][], index: number, length = 1): boolean {
  return ranges.some(([start, end]) => index + length >= start && index <= end);
}

function eachProse(tree: Root, context: RuleContext, check: (text: ProseText) => void): void {
  for (const text of proseTexts(tree, context.source)) check(text);
}

export const halfWidthPunctuation: Rule = (tree, file, context) =>
  eachProse(tree, context, (text) => {
    const urls = urlRanges(text.node.value);
    for (const match of text.node.value.matchAll(HALF_WIDTH)) {
      if (nearUrl(urls, match.index)) continue;
      messageAt(file, text, match.index, `Half-width "${match[0]}" in Chinese text: use "${FULL_WIDTH_OF[match[0]]}"`, 'half-width-punctuation');
    }
  });

export const spaceBetweenHanAndLatin: Rule = (tree, file, context) =>
  eachProse(tree, context, (text) => {
    const urls = urlRanges(text.node.value);
    for (const match of text.node.value.matchAll(HAN_LATIN_SPACE)) {
      const spaceAt = match.index + 1;
      if (nearUrl(urls, spaceAt, (match[1] ?? match[2] ?? ' ').length)) continue;
      messageAt(file, text, spaceAt, 'Space between Han and Latin or digits: remove it (the stylesheet adds the gap)', 'space-between-han-and-latin');
    }
  });

export const spacedOutCharacters: Rule = (tree, file, context) =>
  eachProse(tree, context, (text) => {
    for (const line of text.node.value.split('\n')) {
      if (collapseSpacedCharacters(line) === line) continue;
      const at = text.node.value.indexOf(line);
      messageAt(file, text, at, `Characters spaced out like a justified newspaper column: “${collapseSpacedCharacters(line).slice(0, 16)}…”`, 'spaced-out-characters');
    }
  });

/** A range of years written with - or ~: GB/T 15834 §4.13 wants the 一字线 (see normalize/marks.ts). */
export const yearRangeDash: Rule = (tree, file, context) =>
  eachProse(tree, context, (text) => {
    const urls = urlRanges(text.node.value);
    for (const range of yearRanges(text.node.value)) {
      if (nearUrl(urls, range.index, range.text.length)) continue;
      messageAt(file, text, range.index, `Year range “${range.text}”: join years with the 一字线, “${range.fixed}” (GB/T 15834 §4.13)`, 'year-range-dash');
    }
  });

/** A Latin dot between Han characters where the 间隔号 · belongs (GB/T 15834 §4.15). */
export const interpunct: Rule = (tree, file, context) =>
  eachProse(tree, context, (text) => {
    const urls = urlRanges(text.node.value);
    for (const match of text.node.value.matchAll(LATIN_DOT_BETWEEN_HAN)) {
      if (nearUrl(urls, match.index)) continue;
      messageAt(file, text, match.index, `“${match[0]}” (U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) between Han characters: the 间隔号 is “·” (U+00B7, GB/T 15834 §4.15)`, 'interpunct');
    }
  });

export const hardWrap: Rule = (tree, file, context) => {
  visit(tree, 'paragraph', (paragraph: Paragraph) => {
    for (const text of proseTexts({ type: 'root', children: [paragraph] }, context.source)) {
      const index = text.node.value.indexOf('\n');
      if (index !== -1) messageAt(file, text, index, 'Line break inside a paragraph: a paragraph is one line (keep one blank line between paragraphs)', 'hard-wrap');
    }
    return 'skip';
  });
};

const PAIRS: [string, string][] = [
  ['“', '”'],
  ['《', '》'],
  ['（', '）'],
];

export const unbalancedPairs: Rule = (tree, file, context) => {
  visit(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading') return undefined;
    const texts = proseTexts({ type: 'root', children: [node as Paragraph] }, context.source);
    for (const [open, close] of PAIRS) {
      const stack: { text: ProseText; index: number }[] = [];
      let stray: { text: ProseText; index: number } | undefined;
      for (const text of texts) {
        [...text.node.value].reduce((offset, char) => {
          if (char === open) stack.push({ text, index: offset });
          else if (char === close && !stack.pop()) stray ??= { text, index: offset };
          return offset + char.length;
        }, 0);
      }
      const first = stray ?? stack[0];
      if (first) messageAt(file, first.text, first.index, stray ? `“${close}” closes nothing before it in this paragraph` : `“${open}” is not closed in this paragraph`, 'unbalanced-pairs');
    }
    return 'skip';
  });
};

export const headingOrder: Rule = (tree, file) => {
  let previous = 1;
  visit(tree, 'heading', (heading: Heading) => {
    if (heading.depth === 1) {
      file.message('A "#" heading inside a chapter: the chapter title comes from the front matter; use "##" for sections', { place: heading.position, ruleId: 'heading-order', source: 'paiban' }).fatal = false;
    } else if (heading.depth > previous + 1) {
      file.message(`Heading level jumps from ${'#'.repeat(previous)} to ${'#'.repeat(heading.depth)}: use ${'#'.repeat(previous + 1)}`, { place: heading.position, ruleId: 'heading-order', source: 'paiban' }).fatal = false;
    }
    previous = Math.max(heading.depth, 1);
  });
};

/** Images the build would refuse (missing, outside the book, on the web), from Markdown, ::figure and raw HTML: see lost-text.ts. */
export const missingImages: Rule = checkImages;

/** Table rows with more cells than their header: the extra cells would not print. */
export const tableCells: Rule = checkTableCells;

export const unknownDirectives: Rule = (tree, file) => {
  visit(tree, (node) => {
    if ((node.type === 'leafDirective' || node.type === 'containerDirective') && !(node.name in KNOWN_DIRECTIVES)) {
      file.message(`Unknown directive "::${node.name}"; known: ${Object.keys(KNOWN_DIRECTIVES).join(', ')}`, { place: node.position, ruleId: 'unknown-directive', source: 'paiban' }).fatal = true;
    }
    // A misspelt text directive (:rubi[…]{…}) or a wrong attribute (:ruby[…]{pinyin=…}): the build stops there too.
    const problem = node.type === 'textDirective' ? textDirectiveProblem(node) : undefined;
    if (problem) file.message(`${problem.reason}. ${problem.hint}`, { place: node.position, ruleId: 'unknown-directive', source: 'paiban' }).fatal = true;
  });
};

/** An index mark without a term (`:index[]`): the build stops there too (pipeline/directives.ts). */
export const emptyIndexMarks: Rule = (tree, file) => {
  visit(tree, (node) => {
    if (node.type === 'textDirective' && node.name === 'index' && !mdastText(node).trim()) {
      file.message('An index mark without a term (:index[]): write the term between the brackets, e.g. :index[奶产业]', { place: node.position, ruleId: 'empty-index-mark', source: 'paiban' }).fatal = true;
    }
  });
};

/** Every front matter problem (not only the first, unlike the build), each on its own line. */
export const frontMatter: Rule = (tree, file) => {
  const yaml = tree.children[0];
  if (yaml?.type !== 'yaml') {
    const unclosed = opensFrontMatter(String(file.value));
    const reason = unclosed ? 'The front matter is not closed: add a line "---" after its last line' : 'No front matter: start the file with "---", "title: 标题", "---"';
    file.message(reason, { place: { line: 1, column: 1 }, ruleId: 'front-matter', source: 'paiban' }).fatal = true;
    return;
  }
  const firstLine = (yaml.position?.start.line ?? 1) + 1;
  for (const problem of frontMatterProblems(yaml.value, firstLine).problems) {
    const reason = problem.kind === 'yaml' ? `Front matter is not valid YAML: ${problem.reason}` : problem.reason;
    file.message(reason, { place: { line: problem.line, column: 1 }, ruleId: 'front-matter', source: 'paiban' }).fatal = true;
  }
};

export const emptyManuscript: Rule = (tree, file) => {
  const body = tree.children.filter((node) => node.type !== 'yaml');
  if (body.length === 0) {
    file.message('The manuscript has no text after its front matter', { place: { line: 1, column: 1 }, ruleId: 'empty-manuscript', source: 'paiban' }).fatal = true;
  }
};

/** A paragraph this long without one sentence end is not prose: most likely a broken paste or import. */
const LONG_RUN = 3000;

export const longParagraph: Rule = (tree, file) => {
  visit(tree, 'paragraph', (paragraph: Paragraph) => {
    const text = mdastText(paragraph);
    const longest = Math.max(...text.split(/[。！？.!?]/u).map((part) => [...part].length));
    if (longest > LONG_RUN) {
      file.message(`A paragraph runs ${longest} characters without ending a sentence: check that the text was pasted or imported whole`, { place: paragraph.position, ruleId: 'long-paragraph', source: 'paiban' }).fatal = false;
    }
    return 'skip';
  });
};

/** All rules, in report order. */
export const RULES: Rule[] = [frontMatter, emptyManuscript, longParagraph, unknownDirectives, emptyIndexMarks, missingImages, tableCells, headingOrder, hardWrap, halfWidthPunctuation, spaceBetweenHanAndLatin, spacedOutCharacters, yearRangeDash, interpunct, unbalancedPairs, entryOutsideSection, entryTitles, chronicleOrder, narrowColumns];
