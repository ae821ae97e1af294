import type { Element, Root } from 'hast';

/**
 * rehype plugin: each block of a chapter carries the manuscript line it starts on (`data-line`), so
 * what the print page finds about a block (a table set smaller to fit, a figure that cannot) is
 * reported at its file:line. Only the chapter's top-level blocks: they are what pages are made of.
 */
export default function rehypeSourceLines() {
  return (tree: Root) => {
    for (const child of tree.children) {
      if (child.type !== 'element') continue;
      const line = child.position?.start.line ?? firstLine(child);
      if (line !== undefined) child.properties.dataLine = String(line);
    }
  };
}

function firstLine(element: Element): number | undefined {
  for (const child of element.children) {
    if (child.position) return child.position.start.line;
    if (child.type === 'element') {
      const line = firstLine(child);
      if (line !== undefined) return line;
    }
  }
  return undefined;
}
