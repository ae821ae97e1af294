import type { BookConfig } from '../config/schema.js';
import { typeArea } from '../config/grid.js';
import { CAPTION_FAMILY, CODE_FAMILY, familyList } from './fonts.js';
import { cssString } from '../util/escape.js';


export interface RunningHead {
  /** The named page of the chapter (its id). */
  pageName: string;
  /** The chapter title shown on its recto pages. */
  title: string;
  /** A yearbook's 类目: its title on the versos, the 分目 on the rectos (drawn after the print: make/running-heads.ts). */
  part?: boolean;
}

/** Weight of folios and running heads, set in the heading font. */
export const MARGIN_BOX_WEIGHT = 400;

/** Everything margin boxes print, with the CSS font it is set in (see PrintOptions.marginText). */
export function marginBoxText(config: BookConfig, heads: readonly RunningHead[]): { font: string; text: string } {
  return { font: `${MARGIN_BOX_WEIGHT} 10px ${cssString(config.fonts.heading)}`, text: `${config.title}${heads.map((h) => h.title).join('')}0123456789` };
}

/**
 * The @page rules of a book: trim size and margins from book.yaml (inner/outer swap between left and
 * right pages), folios at the outer foot, the book title as the verso running head and each chapter's
 * title as the recto running head (one named page per chapter: Chromium has no string-set).
 * Front matter (`front`) and the colophon (`back`) carry neither.
 *
 * `firstBodyPage`: the physical page on which the first chapter starts, known after the first print;
 * it makes the folios count from 1 there. Without it (first pass) folios count from the cover.
 */
export function pageRules(config: BookConfig, heads: readonly RunningHead[], firstBodyPage?: number): string {
  const { size } = config.page;
  // The type area decides the bottom and outer margins (see config/grid.ts).
  const area = typeArea(config);
  const margins = area.margins;
  const mm = (value: number) => `${value}mm`;
  const vertical = config.writing === 'vertical';
  const yearbook = config.kind === 'yearbook';
  // Margin boxes stay horizontal in a vertical book (they would inherit vertical-rl).
  const marginBox = `font-family: var(--heading-font); font-weight: ${MARGIN_BOX_WEIGHT}; font-size: 7.5pt; color: #333; writing-mode: horizontal-tb;`;
  // Chromium gives odd pages :right in both writing modes. Odd pages are rectos: right-hand pages in a
  // left-to-right book, left-hand pages in a right-to-left (vertical) book, whose spine is on the right.
  const odd = vertical ? 'left' : 'right';
  const even = vertical ? 'right' : 'left';
  const sideMargins = (side: 'left' | 'right') =>
    side === 'right' ? `margin-left: ${mm(margins.inner)}; margin-right: ${mm(margins.outer)};` : `margin-left: ${mm(margins.outer)}; margin-right: ${mm(margins.inner)};`;
  const head = (side: 'left' | 'right', content: string) =>
    `@top-${side} { content: ${content}; ${marginBox} text-align: ${side}; vertical-align: bottom; padding-bottom: 2.5mm; }`;
  const folio = (side: 'left' | 'right') => `@bottom-${side} { content: counter(page); ${marginBox} text-align: ${side}; vertical-align: top; padding-top: 3mm; }`;
  const rules = [
    // The type area in whole lines (--line-pitch) and characters: styles/book.css sizes every block from these.
    `:root { --content-block-size: calc(${area.lines} * ${area.pitchPx}px); --line-pitch: ${area.pitchPx}px; --grid-lines: ${area.lines}; --grid-chars: ${area.chars}; }`,
    `@page { size: ${mm(size.widthMm)} ${mm(size.heightMm)}; margin: ${mm(margins.top)} ${mm(margins.outer)} ${mm(margins.bottom)} ${mm(margins.inner)}; }`,
    `@page :right { ${sideMargins(odd)} }`,
    `@page :left { ${sideMargins(even)} }`,
    // Only chapter pages carry folios and running heads: front matter (title page, TOC) and the colophon
    // have none. Declared per named page, because Chromium lets a plain :left/:right margin box win
    // over a named page's "content: none".
    '.title-page, .blank-page, .toc { page: front; }',
    '.recto-blank { page: blank; }',
    '.colophon { page: back; }',
  ];
  for (const chapter of heads) {
    rules.push(
      `section[data-page="${chapter.pageName}"] { page: ${chapter.pageName}; }`,
      // Versos carry the book title, rectos the chapter title; both on the outer side. A yearbook's heads
      // (versos the chapter or 类目, a 类目's rectos its 分目) are drawn after the print, from where the
      // print put each chapter and 分目 (no string-set in Chromium), and left off its opening pages.
      `@page ${chapter.pageName}:left {\n  ${yearbook ? '' : head(even, cssString(config.title))}\n  ${folio(even)}\n}`,
      `@page ${chapter.pageName}:right {\n  ${yearbook ? '' : head(odd, cssString(chapter.title))}\n  ${folio(odd)}\n}`,
      // The chapter's opening page: folio only. Chromium 156 matches @page :first only on the document's
      // first page, not on the first page of a named page; the print step (pdf/compose/grid-pages.ts)
      // gives the blocks of the opening page this page name.
      `@page ${chapter.pageName}-open:left {\n  ${folio(even)}\n}`,
      `@page ${chapter.pageName}-open:right {\n  ${folio(odd)}\n}`,
      // A yearbook 类目's opener page (隔页): neither running head nor folio; the pages count on.
      `section[data-page="${chapter.pageName}"][data-role="part"] > .chapter-head { page: ${chapter.pageName}-opener; }`,
    );
  }
  if (firstBodyPage !== undefined && firstBodyPage > 1) {
    // Chromium honours counter-increment on @page :first; the page counter then reaches 1 on firstBodyPage.
    rules.push(`@page :first { counter-increment: page ${2 - firstBodyPage}; }`);
  }
  return rules.join('\n');
}

/** CSS custom properties from book.yaml's fonts, read by styles/book.css. */
/** lists.numbering: arabic — the list labels by level (the stylesheet's default is Chinese: 一、 （一） 1. （1）). */
const ARABIC_LISTS = `
  --list-1: counter(list-item, decimal) ".";
  --list-2: "（" counter(list-item, decimal) "）";
  --list-3: counter(list-item, zh-circled);
  --list-4: counter(list-item, lower-alpha) ")";`;

export function fontVariables(config: BookConfig): string {
  const { body, heading, size, leading } = config.fonts;
  return `:root {
  --body-font: ${familyList(body, config.fonts, 'serif')};
  --heading-font: ${familyList(heading, config.fonts, 'sans-serif')};
  --caption-font: ${familyList(CAPTION_FAMILY, config.fonts, 'serif')};
  --code-font: ${familyList(CODE_FAMILY, { ...config.fonts, body: config.fonts.heading }, 'monospace')};
  --column-gap: ${config.layout.columnGap}em;
  --column-rule: ${config.layout.columnRule ? '0.5pt solid #000' : 'none'};${config.lists.numbering === 'arabic' ? ARABIC_LISTS : ''}
  --body-size: ${size}pt;
  --leading: ${leading};
}`;
}
