import type { Root } from 'mdast';
import { parseFragment } from 'parse5';
import { visit } from 'unist-util-visit';
import { markdownParser } from '../manuscript/parse.js';
import { parse as parseYaml } from 'yaml';
import { characterClasses } from './messages.js';

/** The characters the report accounts for: Han, Latin letters (full width too), digits (full width too). */
export interface Counts {
  han: number;
  latin: number;
  digits: number;
}

export const NO_CHARACTERS: Counts = { han: 0, latin: 0, digits: 0 };

export function countCharacters(text: string): Counts {
  return {
    han: text.match(/\p{Script=Han}/gu)?.length ?? 0,
    latin: text.match(/\p{Script=Latin}/gu)?.length ?? 0,
    digits: text.match(/\p{Nd}/gu)?.length ?? 0,
  };
}

export function addCounts(...all: Counts[]): Counts {
  return all.reduce((sum, c) => ({ han: sum.han + c.han, latin: sum.latin + c.latin, digits: sum.digits + c.digits }), NO_CHARACTERS);
}

export function subtractCounts(a: Counts, b: Counts): Counts {
  return { han: a.han - b.han, latin: a.latin - b.latin, digits: a.digits - b.digits };
}

export const total = (c: Counts) => c.han + c.latin + c.digits;

/**
 * The text a manuscript prints, as the build reads it: the title and subtitle of the front matter,
 * text, inline code, figure captions, footnotes and the text of raw HTML tables. Paths (`source:`,
 * image `src`), footnote labels and markup are not text.
 */
export function manuscriptText(markdown: string): string {
  const tree = markdownParser.parse(markdown) as Root;
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'yaml') {
      const data = (parseYaml(node.value) ?? {}) as Record<string, unknown>;
      for (const key of ['title', 'subtitle', 'author', 'byline']) if (typeof data[key] === 'string') parts.push(data[key] as string);
    } else if (node.type === 'text' || node.type === 'inlineCode') {
      parts.push(node.value);
    } else if (node.type === 'html') {
      parts.push(htmlText(node.value));
    }
  });
  return parts.join('\n');
}

/** The text nodes of an HTML fragment (a table), entities decoded. */
function htmlText(html: string): string {
  const texts: string[] = [];
  const stack: unknown[] = [parseFragment(html)];
  while (stack.length) {
    const node = stack.pop() as { nodeName: string; value?: string; childNodes?: unknown[] };
    if (node.nodeName === '#text') texts.push(node.value ?? '');
    if (node.childNodes) stack.push(...[...node.childNodes].reverse());
  }
  return texts.join(' ');
}

/** Where characters of the source went when they are not in the manuscript (or came from outside the text). */
export interface Difference {
  /** Plain words: "tracked deletions removed", "comments (not carried)". */
  where: string;
  /** Characters taken out of the source's count (positive), or added to the manuscript (negative). */
  counts: Counts;
}

export interface Accounting {
  source: Counts;
  manuscript: Counts;
  differences: Difference[];
  /** source − manuscript − every listed difference: zero when every character is accounted for. */
  unaccounted: Counts;
}

export function account(source: Counts, manuscript: Counts, differences: Difference[]): Accounting {
  const explained = addCounts(...differences.map((d) => d.counts));
  return { source, manuscript, differences: differences.filter((d) => d.counts.han || d.counts.latin || d.counts.digits), unaccounted: subtractCounts(subtractCounts(source, manuscript), explained) };
}

const shownCounts = (c: Counts) => (['han', 'latin', 'digits'] as const).map((k) => `${characterClasses[k]} ${c[k]}`).join(', ');
/** Only the classes that differ: "Han 4, digits 1". */
const shownDifference = (c: Counts) => (['han', 'latin', 'digits'] as const).filter((k) => c[k]).map((k) => `${characterClasses[k]} ${c[k]}`).join(', ');

/** The report's lines: the counts in and out, then each difference and where it went. */
export function accountingLines(accounting: Accounting): { summary: string; differences: string[]; unaccounted?: string } {
  const summary = `source ${shownCounts(accounting.source)} → manuscript ${shownCounts(accounting.manuscript)}`;
  const differences = accounting.differences.map((d) => `${d.where}: ${shownDifference(d.counts)}`);
  const u = accounting.unaccounted;
  return u.han || u.latin || u.digits ? { summary, differences, unaccounted: shownDifference(u) } : { summary, differences };
}
