import type { Element, ElementContent, Root } from 'hast';
import { toString as toText } from 'hast-util-to-string';

/**
 * rehype plugin: in a yearbook's 类目 (role part) a `###` heading is a 条目 title, set run-in as a
 * yearbook sets it: 【标题】 in the heading face at the start of the entry's first paragraph, its text
 * following on the same line. The title keeps the heading's id (section-ids.ts gave it one), so the
 * TOC (toc.depth: 3), the outline and the index link to it. An entry whose text is not a paragraph (a
 * table, a list) gets its title on a line of its own. Runs after section-ids.
 */
export default function rehypeEntries() {
  return (tree: Root) => {
    const out: (typeof tree.children)[number][] = [];
    for (let i = 0; i < tree.children.length; i += 1) {
      const node = tree.children[i]!;
      if (node.type !== 'element' || node.tagName !== 'h3') {
        out.push(node);
        continue;
      }
      const title = entryTitle(node);
      // The paragraph right after the heading (white space between them aside).
      let j = i + 1;
      while (j < tree.children.length && tree.children[j]!.type === 'text' && !(tree.children[j] as { value: string }).value.trim()) j += 1;
      const next = tree.children[j];
      if (next?.type === 'element' && next.tagName === 'p') {
        const classes = Array.isArray(next.properties.className) ? next.properties.className : [];
        next.properties.className = [...classes, 'entry'];
        next.children = [title, ...next.children];
        if (node.properties.dataLine !== undefined) next.properties.dataLine = node.properties.dataLine;
        out.push(next);
        i = j;
      } else {
        out.push({ type: 'element', tagName: 'p', properties: { className: ['entry', 'entry-alone'], dataLine: node.properties.dataLine }, children: [title], ...(node.position ? { position: node.position } : {}) });
      }
    }
    markEntryEnds(out);
    tree.children = out;
  };
}

/**
 * An empty span at the end of each 条目's last block, `<id>-end`: its named destination says where the
 * 条目 ends, for the index's page ranges (123a–124b). A 条目 runs to the next 条目 or heading.
 */
function markEntryEnds(blocks: Root['children']): void {
  let open: string | undefined;
  let last: Element | undefined;
  const close = () => {
    if (open && last) last.children.push({ type: 'element', tagName: 'span', properties: { className: ['entry-end'], id: `${open}-end` }, children: [] });
    open = undefined;
  };
  for (const node of blocks) {
    if (node.type !== 'element') continue;
    const title = node.tagName === 'p' ? node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'span' && (child.properties.className as string[] | undefined)?.includes('entry-title') === true) : undefined;
    if (title || /^h[1-6]$/.test(node.tagName)) close();
    if (title?.properties.id) open = String(title.properties.id);
    last = node;
  }
  close();
}

/** 【title】 as a span with the heading's id; brackets the manuscript already wrote are not doubled. */
function entryTitle(heading: Element): Element {
  const text = toText(heading).trim();
  const bracketed = /^【.*】$/u.test(text);
  const children: ElementContent[] = bracketed ? heading.children : [{ type: 'text', value: '【' }, ...heading.children, { type: 'text', value: '】' }];
  return { type: 'element', tagName: 'span', properties: { className: ['entry-title'], ...(heading.properties.id ? { id: heading.properties.id } : {}) }, children };
}
