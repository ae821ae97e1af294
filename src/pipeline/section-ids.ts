import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toString as toText } from 'hast-util-to-string';

/** A heading inside a chapter, as the TOC and the PDF outline need it. */
export interface SectionHeading {
  id: string;
  /** 2 for `##`, 3 for `###`, … */
  level: number;
  text: string;
}

declare module 'vfile' {
  interface DataMap {
    sections: SectionHeading[];
  }
}

/**
 * rehype plugin: gives every h2–h6 a stable ASCII id (`<chapter>-s<n>`) and records the headings in
 * `file.data.sections`. Ids come from position, not from the text, because slugs of Chinese are
 * unreadable and would change with every edit of a heading.
 */
export default function rehypeSectionIds(options: { prefix: string }) {
  return (tree: Root, file: VFile) => {
    const sections: SectionHeading[] = [];
    visit(tree, 'element', (node: Element) => {
      const match = /^h([2-6])$/.exec(node.tagName);
      if (!match) return;
      const id = `${options.prefix}-s${sections.length + 1}`;
      node.properties = { ...node.properties, id };
      sections.push({ id, level: Number(match[1]), text: toText(node).trim() });
    });
    file.data.sections = sections;
  };
}
