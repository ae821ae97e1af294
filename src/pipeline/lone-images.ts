import type { Element, Root } from 'hast';

/**
 * rehype plugin: a paragraph that holds nothing but an image (Markdown `![](…)` on a line of its own,
 * or a raw `<img>`, in a paragraph or on its own) becomes a figure without caption, so it is centred, kept whole on one page and
 * padded to whole lines like any figure, instead of a paragraph line stretched to the image's height
 * that moves the rest of the page off the line grid.
 */
export default function rehypeLoneImages() {
  return (tree: Root) => {
    tree.children.forEach((child, index) => {
      if (child.type !== 'element' || (child.tagName !== 'p' && child.tagName !== 'img')) return;
      // A raw <img> on a line of its own is an HTML block: no paragraph around it.
      const content = child.tagName === 'img' ? [child] : child.children.filter((node) => !(node.type === 'text' && !node.value.trim()));
      const only = content[0];
      if (content.length !== 1 || only?.type !== 'element' || only.tagName !== 'img') return;
      const figure: Element = { type: 'element', tagName: 'figure', properties: { className: ['figure', 'has-image'] }, children: [only], ...(child.position ? { position: child.position } : {}) };
      tree.children[index] = figure;
    });
  };
}
