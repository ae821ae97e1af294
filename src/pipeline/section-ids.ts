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

/** The id of a chapter's n-th deliberate page break (::pagebreak): its destination is the page it ends. */
export const pageBreakId = (prefix: string, n: number): string => `${prefix}-pb${n}`;
export const PAGE_BREAK_ID = /-pb\d+$/;

/**
 * rehype plugin: gives every h2–h6 a stable ASCII id (`<chapter>-s<n>`) and records the headings in
 * `file.data.sections`; every deliberate page break gets one too (`<chapter>-pb<n>`: the layout checks
 * leave the page it ends short on purpose). Ids come from position, not from the text, because slugs of
 * Chinese are unreadable and would change with every edit of a heading.
 */
export default function rehypeSectionIds(options: { prefix: string }) {
  return (tree: Root, file: VFile) => {
    const sections: SectionHeading[] = [];
    let breaks = 0;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'div' && Array.isArray(node.properties.className) && node.properties.className.includes('page-break')) {
        breaks += 1;
        node.properties = { ...node.properties, id: pageBreakId(options.prefix, breaks) };
        return;
      }
      const match = /^h([2-6])$/.exec(node.tagName);
      if (!match) return;
      const id = `${options.prefix}-s${sections.length + 1}`;
      node.properties = { ...node.properties, id };
      sections.push({ id, level: Number(match[1]), text: toText(node).trim() });
    });
    file.data.sections = sections;
  };
}
