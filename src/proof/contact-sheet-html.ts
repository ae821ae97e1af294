import type { Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { CHAPTER_LINE, NUMBER_LINE, type ContactSheetLayout, type SheetCell, type SheetSlot } from './contact-sheet-layout.js';

export interface ContactSheetPage {
  layout: ContactSheetLayout;
  /** Thumbnail image of each page, as a URL relative to the HTML file. */
  thumbnail: (page: number) => string;
  cells: readonly SheetCell[];
  /** @font-face rules and the family to set the labels in (the book's own). */
  fontCss: string;
  fontFamily: string;
  labels: boolean;
}

/**
 * The contact sheet as an HTML page for Chromium to lay out and screenshot: each thumbnail absolutely
 * positioned at its slot (so the image map in index.html lines up), the page number under it, the
 * chapter name under its spread. Built as hast, so every text is escaped; no script.
 */
export function contactSheetHtml(sheet: ContactSheetPage): string {
  const { layout } = sheet;
  const px = (value: number) => `${value}px`;
  const box = (x: number, y: number, width: number, height: number) => `left:${px(x)};top:${px(y)};width:${px(width)};height:${px(height)}`;
  const thumb = (slot: SheetSlot) => h('img', { src: sheet.thumbnail(slot.page), alt: '', style: box(slot.x, slot.y, slot.width, slot.height) });
  const number = (slot: SheetSlot) => h('div', { class: 'number', style: box(slot.x, slot.y + slot.height + 2, slot.width, NUMBER_LINE) }, String(slot.page));
  const chapter = (cell: SheetCell) => h('div', { class: 'chapter', style: box(cell.x, cell.y + layout.thumbHeight + 2 + NUMBER_LINE, cell.width, CHAPTER_LINE) }, cell.chapter ?? '');
  const css = `${sheet.fontCss}
html, body { margin: 0; padding: 0; }
body { position: relative; width: ${px(layout.width)}; height: ${px(layout.height)}; background: #d0d0d0; color: #282828;
  font-family: '${sheet.fontFamily.replace(/['\\]/g, '')}'; font-size: 12px; line-height: 1; overflow: hidden; }
img { position: absolute; box-sizing: border-box; object-fit: contain; border: 1px solid #969696; background: #fff; }
.number, .chapter { position: absolute; text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.number { line-height: ${px(NUMBER_LINE)}; }
.chapter { line-height: ${px(CHAPTER_LINE)}; font-size: 12px; }`;
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'zh-Hans' }, [
        h('head', [h('meta', { charset: 'utf-8' }), h('style', css)]),
        h('body', [...layout.slots.map(thumb), ...(sheet.labels ? [...layout.slots.map(number), ...sheet.cells.map(chapter)] : [])]),
      ]),
    ],
  };
  return toHtml(tree);
}
