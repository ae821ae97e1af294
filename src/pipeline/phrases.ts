import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** The elements whose lines break only between phrases: captions, table titles and notes, headings. */
const PHRASED = new Set(['figcaption', 'caption', 'th', 'h1', 'h2', 'h3', 'h4']);
const PHRASED_CLASSES = ['table-title', 'table-unit'];

interface PhraseParser {
  parse(text: string): string[];
}

let parser: PhraseParser | undefined;

/**
 * BudouX's Simplified Chinese model (Apache-2.0): where a phrase may end. Loaded from the package's
 * parser and model files alone: its index also loads an HTML toolkit (half a second at start-up) that
 * this does not need.
 */
function phraseParser(): PhraseParser {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('budoux'));
    const { Parser } = require(path.join(dir, 'parser.js')) as { Parser: new (model: unknown) => PhraseParser };
    const { model } = require(path.join(dir, 'data', 'models', 'zh-hans.js')) as { model: unknown };
    parser = new Parser(model);
  }
  return parser;
}

/** The text split at phrase boundaries (a <wbr> between phrases); text without Han is left as it is. */
export function phraseBreaks(text: string): ElementContent[] {
  if (!/\p{Script=Han}/u.test(text)) return [{ type: 'text', value: text }];
  const phrases = phraseParser().parse(text);
  return phrases.flatMap((phrase, i): ElementContent[] => (i === 0 ? [{ type: 'text', value: phrase }] : [{ type: 'element', tagName: 'wbr', properties: {}, children: [] }, { type: 'text', value: phrase }]));
}

const phrased = (element: Element) =>
  PHRASED.has(element.tagName) || (Array.isArray(element.properties?.className) && PHRASED_CLASSES.some((name) => (element.properties.className as string[]).includes(name)));

/**
 * rehype plugin: captions, table titles and headings break only between phrases (the stylesheet sets
 * them `word-break: keep-all`, so a <wbr> is their only break between Han characters), so “七一” or
 * 协商议事室 is never cut across two lines. Runs already marked (numbers, URLs) are left whole.
 */
export default function rehypePhrases() {
  return (tree: Root) => {
    visit(tree, 'element', (element: Element) => {
      if (!phrased(element)) return undefined;
      visit(element, (node, index, parent) => {
        if (node.type === 'element' && (node.tagName === 'rt' || node.tagName === 'rp' || node.tagName === 'code')) return SKIP;
        if (node.type === 'element' && Array.isArray(node.properties?.className) && (node.properties.className.includes('nobr') || node.properties.className.includes('url'))) return SKIP;
        if (node.type !== 'text' || !parent || index === undefined) return undefined;
        const pieces = phraseBreaks(node.value);
        if (pieces.length === 1) return undefined;
        parent.children.splice(index, 1, ...(pieces as never[]));
        return [SKIP, index + pieces.length];
      });
      return SKIP;
    });
  };
}
