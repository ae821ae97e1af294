import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { withBreaks } from './runs.js';

/** Columns a tab stands for in a code block. */
const TAB = 4;

/**
 * rehype plugin: a code block's lines, each its own block (`<span class="code-line">`), its leading
 * spaces turned into an indent (`--indent`, in columns of half an em: the code face's width), so that
 * a line too long for the measure wraps under its own first character rather than at the margin. The
 * break points are a URL's (after / . - _ ? & = and the like). Written by hand: code highlighters
 * colour code but do not wrap it for print.
 */
export default function rehypeCodeBlocks() {
  return (tree: Root) => {
    visit(tree, 'element', (pre: Element) => {
      if (pre.tagName !== 'pre') return;
      const code = pre.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (!code) return;
      const text = code.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
      code.children = codeLines(text);
    });
  };
}

/** The lines of a code block as elements (the last newline of the block is not a line). */
export function codeLines(text: string): ElementContent[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.map((line): Element => {
    const expanded = line.replace(/^[ \t]+/, (lead) => [...lead].map((c) => (c === '\t' ? ' '.repeat(TAB) : ' ')).join(''));
    const indent = expanded.length - expanded.trimStart().length;
    const rest = expanded.slice(indent);
    return {
      type: 'element',
      tagName: 'span',
      properties: { className: ['code-line'], ...(indent ? { style: `--indent: ${indent}` } : {}) },
      // An empty line keeps its height.
      children: rest ? withBreaks(rest) : [{ type: 'text', value: '\u200b' }],
    };
  });
}
