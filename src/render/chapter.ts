import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Chapter } from '../pipeline/transform.js';
import { isPlates, platesElement } from './plates.js';

/** One chapter: its opening (title, subtitle, byline) and the manuscript's body. */
export function chapterElement(chapter: Chapter): Element {
  // 图片专辑: pages of photos, no chapter head (render/plates.ts).
  if (isPlates(chapter)) return platesElement(chapter);
  const { title, subtitle, author, byline } = chapter.manuscript.meta;
  const head = [h('h1.chapter-title', title)];
  if (subtitle) head.push(h('p.chapter-subtitle', subtitle));
  if (author) head.push(h('p.byline', [byline ? h('span.byline-role', byline) : '', byline ? ' ' : '', h('span.author', author)]));
  // The anchor (and so the PDF destination) is the chapter's opening, not the whole section: Chromium puts
  // an element's destination at its top-left corner, which for a vertical-rl section is its last page.
  return h('section.chapter', { dataPage: chapter.id, dataSource: chapter.manuscript.name }, [
    h('header.chapter-head', { id: chapter.id }, head),
    h('div.chapter-body', chapter.body.children as Element[]),
  ]);
}
