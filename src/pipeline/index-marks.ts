import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString as toText } from 'hast-util-to-string';
import { classesOf } from './classes.js';

/** A spot the index (索引) may point to: a marked term, a table's title or a figure's caption. */
export interface IndexAnchor {
  /** The element's id (`<chapter>-ix<n>`, `-t<n>`, `-f<n>`): its named destination gives page and place. */
  id: string;
  kind: 'mark' | 'table' | 'figure';
  /** The term: the marked text, the table's title, the caption. */
  term: string;
  sub?: string;
  see?: string;
  /** The manuscript line it was written on. */
  line?: number;
}

declare module 'vfile' {
  interface DataMap {
    indexAnchors: IndexAnchor[];
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * rehype plugin: gives each index mark (`span.index-mark`, from `:index[…]`), each table title and each
 * figure caption a stable ASCII id by position (`<chapter>-ix<n>`, `-t<n>`, `-f<n>`), and records them in
 * `file.data.indexAnchors` for the index (book-index/). Captions of 图片专辑 plates are left out: they
 * stand in the front matter, which has no folios.
 */
export default function rehypeIndexAnchors(options: { prefix: string }) {
  return (tree: Root, file: VFile) => {
    const anchors: IndexAnchor[] = [];
    const counts = { mark: 0, table: 0, figure: 0 };
    const add = (node: Element, kind: IndexAnchor['kind'], fields: Omit<IndexAnchor, 'id' | 'kind' | 'line'>) => {
      if (!fields.term) return;
      counts[kind] += 1;
      const id = `${options.prefix}-${kind === 'mark' ? 'ix' : kind === 'table' ? 't' : 'f'}${counts[kind]}`;
      node.properties = { ...node.properties, id };
      const line = node.position?.start.line;
      anchors.push({ id, kind, ...fields, ...(line !== undefined ? { line } : {}) });
    };
    visit(tree, 'element', (node: Element, _index, parent) => {
      const classes = classesOf(node);
      if (node.tagName === 'span' && classes.includes('index-mark')) {
        const sub = text(node.properties['dataIndexSub']);
        const see = text(node.properties['dataIndexSee']);
        add(node, 'mark', { term: text(node.properties['dataIndexTerm']), ...(sub ? { sub } : {}), ...(see ? { see } : {}) });
      } else if (node.tagName === 'p' && classes.includes('table-title')) {
        add(node, 'table', { term: toText(node).trim() });
      } else if (node.tagName === 'figcaption' && parent?.type === 'element' && !classesOf(parent).includes('plate') && !classesOf(parent).includes('table')) {
        add(node, 'figure', { term: toText(node).replace(/\s+/g, '').trim() });
      }
    });
    file.data.indexAnchors = anchors;
  };
}
