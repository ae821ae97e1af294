import type { Element, Root } from 'hast';

/**
 * rehype plugin: the list of notes after a chapter (GFM footnotes, remark-rehype's list under its 注释
 * line) is marked `footnotes`, so the stylesheet numbers it as the references in the text are
 * numbered (1, 2, 3 …), not as the manuscript's own lists (一、 （一）…).
 */
export default function rehypeFootnoteList() {
  return (tree: Root) => {
    tree.children.forEach((child, index) => {
      if (child.type !== 'element' || child.tagName !== 'p') return;
      const classes = Array.isArray(child.properties.className) ? child.properties.className : [];
      if (!classes.includes('footnotes-label')) return;
      const list = tree.children.slice(index + 1).find((node): node is Element => node.type === 'element');
      if (list?.tagName === 'ol') list.properties.className = ['footnotes'];
    });
  };
}
