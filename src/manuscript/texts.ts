import type { Nodes } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Manuscript } from './load.js';

/** Where a cross-reference stands in a block: its words are not the manuscript's, so the block is looked for in two pieces. */
const REFERENCE = '\u0000';

/**
 * The text blocks a reader sees, in order: the title, then every paragraph, heading and figure caption.
 * What `verify` and the tests look for in a printed PDF. A footnote reference reads as the number
 * printed for it (remark-rehype numbers notes in the order they are first referenced); an index mark
 * with {hidden} prints nothing; a cross-reference prints （见第123页）, not the title it names
 * (render/refs.ts), so the block around it is two texts, before and after it.
 */
/** The ruby annotations (:ruby[吴忠]{rt="wú zhōng"}) of a manuscript: printed above or beside their text, anywhere in its line's text layer. */
export function rubyAnnotations(manuscript: Pick<Manuscript, 'tree'>): string[] {
  const found: string[] = [];
  visit(manuscript.tree, 'textDirective', (node) => {
    const rt = node.name === 'ruby' ? node.attributes?.rt : undefined;
    if (typeof rt === 'string' && rt.trim()) found.push(rt);
  });
  return found;
}

export function manuscriptTexts(manuscript: Pick<Manuscript, 'meta' | 'tree'>, options: { title?: boolean } = {}): string[] {
  const texts: string[] = options.title === false ? [] : [manuscript.meta.title];
  const numbers = new Map<string, number>();
  visit(manuscript.tree, 'footnoteReference', (node) => {
    if (!numbers.has(node.identifier)) numbers.set(node.identifier, numbers.size + 1);
  });
  const text = (node: Nodes): string => {
    if (node.type === 'footnoteReference') return String(numbers.get(node.identifier) ?? '');
    if (node.type === 'textDirective' && node.name === 'index' && node.attributes?.hidden != null) return '';
    if (node.type === 'textDirective' && node.name === 'ref') return REFERENCE;
    if (!('children' in node)) return mdastText(node);
    return node.children.map((child) => text(child as Nodes)).join('');
  };
  visit(manuscript.tree, (node: Nodes) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'leafDirective') {
      texts.push(...text(node).split(REFERENCE));
      return 'skip';
    }
    return undefined;
  });
  return texts.filter((text) => text.trim());
}
