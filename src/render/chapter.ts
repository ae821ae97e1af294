import { h } from 'hastscript';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Chapter } from '../pipeline/transform.js';
import { PAGE_BREAK_ID } from '../pipeline/section-ids.js';
import { isPlates, platesElement } from './plates.js';
import { anchorLinks } from './toc.js';

/** How a chapter is set: its columns (1, 2 or 3) and its role in a yearbook's frame. */
export interface ChapterLayout {
  columns: number;
  role?: string | undefined;
}

/** One chapter: its opening (title, subtitle, byline) and the manuscript's body. */
export function chapterElement(chapter: Chapter, layout: ChapterLayout = { columns: 1 }): Element {
  // 图片专辑: pages of photos, no chapter head (render/plates.ts).
  if (isPlates(chapter)) return platesElement(chapter);
  const { title, subtitle, author, byline } = chapter.manuscript.meta;
  const head = [h('h1.chapter-title', title)];
  if (subtitle) head.push(h('p.chapter-subtitle', subtitle));
  if (author) head.push(h('p.byline', [byline ? h('span.byline-role', byline) : '', byline ? ' ' : '', h('span.author', author)]));
  // A yearbook's 类目 opens on a page of its own (隔页): its name and the list of its 分目.
  if (layout.role === 'part') {
    const sections = chapter.sections.filter((section) => section.level === 2);
    if (sections.length) head.push(h('ol.part-contents', sections.map((section) => h('li', section.text))));
  }
  // The anchor (and so the PDF destination) is the chapter's opening, not the whole section: Chromium puts
  // an element's destination at its top-left corner, which for a vertical-rl section is its last page.
  // Deliberate page breaks are linked (no size) so that the PDF names the page each one ends.
  const breaks: string[] = [];
  visit(chapter.body, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string' && PAGE_BREAK_ID.test(node.properties.id)) breaks.push(node.properties.id);
  });
  const links = anchorLinks(breaks);
  return h('section.chapter', { dataPage: chapter.id, dataSource: chapter.manuscript.name, dataColumns: String(layout.columns), ...(layout.role ? { dataRole: layout.role } : {}) }, [
    h('header.chapter-head', { id: chapter.id }, head),
    h('div.chapter-body', chapter.body.children as Element[]),
    ...(links ? [links] : []),
  ]);
}
