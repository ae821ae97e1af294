import type { Nodes } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Manuscript } from './load.js';

/**
 * The text blocks a reader sees, in order: the title, then every paragraph, heading and figure caption.
 * What `verify` and the tests look for in a printed PDF.
 */
export function manuscriptTexts(manuscript: Pick<Manuscript, 'meta' | 'tree'>, options: { title?: boolean } = {}): string[] {
  const texts: string[] = options.title === false ? [] : [manuscript.meta.title];
  visit(manuscript.tree, (node: Nodes) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'leafDirective') {
      texts.push(mdastText(node));
      return 'skip';
    }
    return undefined;
  });
  return texts.filter((text) => text.trim());
}
