import type { Nodes } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Manuscript } from './load.js';

/**
 * The text blocks a reader sees, in order: the title, then every paragraph, heading and figure caption.
 * What `verify` and the tests look for in a printed PDF. A footnote reference reads as the number
 * printed for it (remark-rehype numbers notes in the order they are first referenced).
 */
export function manuscriptTexts(manuscript: Pick<Manuscript, 'meta' | 'tree'>, options: { title?: boolean } = {}): string[] {
  const texts: string[] = options.title === false ? [] : [manuscript.meta.title];
  const numbers = new Map<string, number>();
  visit(manuscript.tree, 'footnoteReference', (node) => {
    if (!numbers.has(node.identifier)) numbers.set(node.identifier, numbers.size + 1);
  });
  const text = (node: Nodes): string => {
    if (node.type === 'footnoteReference') return String(numbers.get(node.identifier) ?? '');
    if (!('children' in node)) return mdastText(node);
    return node.children.map((child) => text(child as Nodes)).join('');
  };
  visit(manuscript.tree, (node: Nodes) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'leafDirective') {
      texts.push(numbers.size ? text(node) : mdastText(node));
      return 'skip';
    }
    return undefined;
  });
  return texts.filter((text) => text.trim());
}
