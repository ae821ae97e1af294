import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Element } from 'hast';
import { verticalNumbers } from '../pipeline/vertical-numbers.js';
import { compressPunctuation } from '../pipeline/punctuation.js';
import { toString as toText } from 'hast-util-to-string';
import type { BookConfig } from '../config/schema.js';
import type { Chapter } from '../pipeline/transform.js';
import { chapterElement, type ChapterLayout } from './chapter.js';
import { colophonCipElements, colophonFields, colophonNoteElements, colophonNotes, colophonRows, colophonStyle } from './colophon.js';
import { fontVariables, pageRules, type RunningHead } from './page-rules.js';
import { fillTemplate, readAsset } from './template.js';
import { TOC_ID, tocElement, tocEntries, type TocEntry } from './toc.js';
import { platesPageRules } from './plates.js';
import { indexElement, INDEX_ID } from './index-pages.js';
import type { IndexItem, IndexSpot } from '../book-index/collect.js';
import { fillRefs } from './refs.js';

/** Everything the book's HTML is made from that comes from files: read once, used by both passes. */
export interface Shell {
  book: { file: string; text: string };
  colophon: { file: string; text: string };
  stylesheet: string;
  /** The @font-face rules of the book's font subsets (see src/fonts/); empty until they are made. */
  fontFaces: string;
}

export async function loadShell(bookDir: string, config: BookConfig): Promise<Shell> {
  const [book, colophon, stylesheet] = await Promise.all([
    readAsset(bookDir, 'templates', 'book.html'),
    readAsset(bookDir, 'templates', 'colophon.html'),
    readAsset(bookDir, 'styles', 'book.css'),
  ]);
  return { book, colophon, stylesheet: stylesheet.text, fontFaces: '' };
}

export interface BookContent {
  config: BookConfig;
  chapters: Chapter[];
  /** YYYY-MM-DD, the book's date (colophon and PDF dates). */
  date: string;
  generator: string;
  /** The index (索引) at the end of the book, when book.yaml asks for one (book-index/). */
  index?: { title: string; columns: number; items: IndexItem[] };
  /** What the cross-references (:ref) point to: their pages are read from the print as the index's are. */
  refs?: IndexSpot[];
}

export interface Pagination {
  /** Folio of each TOC entry, by id. */
  tocPages: ReadonlyMap<string, string>;
  /** Physical page (1-based) on which the first chapter starts. */
  firstBodyPage: number;
  /** Chapters preceded by a blank page so that they open on a recto. */
  blanks: ReadonlySet<string>;
  /** Pages of the book as the next print will have them (for the colophon's 印张 and 字数). */
  pages?: number;
  /** The index's locators (123a) by spot id, read from a print; absent: placeholders. */
  locators?: ReadonlyMap<string, string>;
}

/**
 * The entries of the TOC and the outline: the chapters before the TOC (front: not listed), the TOC's own
 * entry when any stand before it, then the body's chapters with their sections.
 */
export function bookTocEntries(content: BookContent): TocEntry[] {
  const { config, chapters } = content;
  const { preface, body } = splitPreface(config, chapters);
  const front = tocEntries(preface, config.toc.depth).map((entry) => ({ ...entry, front: true }));
  const toc: TocEntry[] = preface.length ? [{ id: TOC_ID, chapterId: TOC_ID, level: 1, title: config.toc.title, front: true }] : [];
  const index: TocEntry[] = content.index ? [{ id: INDEX_ID, chapterId: INDEX_ID, level: 1, title: content.index.title }] : [];
  return [...front, ...toc, ...tocEntries(body, config.toc.depth), ...index];
}

/**
 * A yearbook's 编辑说明 and 图片专辑 stand before its TOC (the frame: 书名页, 版权页, 编辑说明, 图片专辑,
 * 目录, 特载…): the manuscripts at the head of the list whose role is front or plates. They are front
 * matter: no folio, no running head; the body's folio 1 is the first chapter after the TOC.
 */
export function splitPreface(config: BookConfig, chapters: readonly Chapter[]): { preface: Chapter[]; body: Chapter[] } {
  let count = 0;
  while (count < chapters.length - 1 && ['front', 'plates'].includes(chapterLayout(config, chapters[count]!).role ?? '')) count += 1;
  return { preface: chapters.slice(0, count), body: chapters.slice(count) };
}

/** Number of characters of running text (the 字数 of the colophon): the chapters' text without spaces. */
export function countCharacters(chapters: readonly Chapter[]): number {
  return chapters.reduce((sum, chapter) => sum + toText(chapter.body).replace(/\s/g, '').length, 0);
}

/**
 * The whole book as one HTML document. Without `pagination` this is the first pass: TOC numbers are
 * placeholders and folios count from the title page; with it, the numbers read from the first print.
 */
/** A page left blank so that the next chapter opens on a recto (a named page without folio or head). */
const RECTO_BLANK = '<div class="recto-blank" aria-hidden="true"></div>\n';

/**
 * A chapter's columns and role: its front matter's `columns`, else one for a yearbook's front matter,
 * plates and 特载 (set across the page), else book.yaml's layout.columns.
 */
export function chapterLayout(config: BookConfig, chapter: Chapter): ChapterLayout {
  const role = chapter.manuscript.meta.role ?? (config.kind === 'yearbook' ? 'part' : undefined);
  const columns = chapter.manuscript.meta.columns ?? (role === 'front' || role === 'plates' || role === 'special' ? 1 : config.layout.columns);
  return { columns, role };
}

export function runningHeads(chapters: readonly Chapter[], config?: BookConfig): RunningHead[] {
  return chapters.map((chapter) => ({ pageName: chapter.id, title: chapter.manuscript.meta.title, ...(config && chapterLayout(config, chapter).role === 'part' && config.kind === 'yearbook' ? { part: true } : {}) }));
}

/** The back of the title page holds the colophon (the default) or stays blank, and the colophon goes last. */
const BLANK_PAGE = '<section class="blank-page" aria-hidden="true"></section>';
function colophonSlots(config: BookConfig, colophon: string): { titleVerso: string; colophon: string } {
  return config.colophon.placement === 'end' ? { titleVerso: BLANK_PAGE, colophon } : { titleVerso: colophon, colophon: '' };
}

/**
 * The front matter alone (title page, its back — the colophon by default —, the TOC), printed apart to
 * learn how many pages it takes and to draw the TOC with its numbers (and the colophon with the page
 * count) into a book printed with placeholders. Each TOC link keeps a target (an anchor after a page
 * break), so the TOC is laid out and tagged as in the book. A colophon placed last is left out.
 */
export function renderFrontHtml(shell: Shell, content: BookContent, pagination?: Pagination): string {
  const anchors = h('div.front-anchors', { style: 'break-before: page' }, bookTocEntries(content).filter((entry) => !entry.front).map((entry) => h('span', { id: entry.id }, '0')));
  return renderBookHtml(shell, content, pagination, { chapters: toHtml(anchors) });
}

export function renderBookHtml(shell: Shell, content: BookContent, pagination?: Pagination, front?: { chapters: string }): string {
  const { config } = content;
  const { preface, body: chapters } = splitPreface(config, content.chapters);
  const heads = [...runningHeads(chapters, config), ...(content.index ? [{ pageName: INDEX_ID, title: content.index.title }] : [])];
  const entries = bookTocEntries(content);
  const chapterHtml = (chapter: Chapter) => (pagination?.blanks.has(chapter.id) ? RECTO_BLANK : '') + toHtml(orient(fillRefs(chapterElement(chapter, chapterLayout(config, chapter)), pagination?.locators)));
  const rows = colophonRows(config, { date: content.date, ...(pagination?.pages ? { pages: pagination.pages } : {}) });
  // In a vertical book, numbers get their orientation (upright in one em, or sideways) on every page.
  const orient = <T extends Element | Element[]>(tree: T): T => {
    // Adjacent punctuation compressed in what the manuscripts pass did not see: chapter heads, the TOC, the colophon.
    for (const element of Array.isArray(tree) ? tree : [tree]) compressPunctuation(element, config.punctuation);
    if (config.writing === 'vertical') for (const element of Array.isArray(tree) ? tree : [tree]) verticalNumbers(element, config.vertical.digits);
    return tree;
  };
  return fillTemplate(
    shell.book.text,
    {
      language: config.language,
      writing: config.writing,
      title: config.title,
      subtitle: config.subtitle,
      editor: config.editor,
      publisher: config.publisher,
      year: config.year === undefined ? undefined : String(config.year),
      fontFaces: shell.fontFaces,
      stylesheet: `${fontVariables(config)}\n:root { --line-start-opening: ${config.punctuation.lineStart}; }\n${shell.stylesheet}`,
      pageRules: `${pageRules(config, heads, pagination?.firstBodyPage)}\n${platesPageRules(config, { folio: !preface.some((chapter) => chapterLayout(config, chapter).role === 'plates') })}`,
      // What stands before the TOC is printed with it (the front matter printed apart has it too).
      toc: [
        ...preface.map(chapterHtml),
        pagination?.blanks.has(TOC_ID) ? RECTO_BLANK : '',
        toHtml(orient(tocElement(config.toc.title, entries, pagination?.tocPages))),
      ].join('\n'),
      chapters: front?.chapters ?? [...chapters.map(chapterHtml), ...(content.index ? [(pagination?.blanks.has(INDEX_ID) ? RECTO_BLANK : '') + toHtml(orient(indexElement(content.index.title, content.index.items, content.index.columns, pagination?.locators)))] : [])].join('\n'),
      ...(() => {
        const slots = colophonSlots(config, fillTemplate(shell.colophon.text, { style: colophonStyle(config, content.date), cip: toHtml(orient(colophonCipElements(config.colophon.cip, config))), fields: toHtml(orient(colophonFields(rows, config))), notes: toHtml(orient(colophonNoteElements(colophonNotes(config)))) }, shell.colophon.file));
        return front ? { ...slots, colophon: '' } : slots;
      })(),
    },
    shell.book.file,
  );
}
