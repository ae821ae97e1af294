import { h } from 'hastscript';
import type { Element } from 'hast';
import type { BookConfig } from '../config/schema.js';
import type { Chapter } from '../pipeline/transform.js';
import { PLATE_INSET_MM, plateGeometry } from '../pipeline/plate-geometry.js';
import { MARGIN_BOX_WEIGHT } from './page-rules.js';

/** True for a 图片专辑 (`role: plates`): its body is pages of photos (pipeline/plates.ts), not running text. */
export function isPlates(chapter: Chapter): boolean {
  return chapter.manuscript.meta.role === 'plates';
}

/**
 * A plates manuscript's pages: the chapter's section (its named page, its source) without a chapter
 * head or a `.chapter-body`, so the line composition and the page fitting (pdf/compose/) never see its
 * blocks. The chapter's anchor (TOC, bookmarks) is its first page.
 */
export function platesElement(chapter: Chapter): Element {
  const sheets = chapter.body.children.filter((node): node is Element => node.type === 'element');
  const [first, ...rest] = sheets;
  const anchored = first ? [{ ...first, properties: { ...first.properties, id: chapter.id } }, ...rest] : [];
  return h('section.chapter.plates', { dataPage: chapter.id, dataSource: chapter.manuscript.name }, anchored);
}

const mm = (value: number) => `${(Math.round(value * 1000) / 1000).toFixed(3)}mm`;
/** Rounded down: a box a thousandth of a millimetre larger than its page would push it onto the next. */
const mmDown = (value: number) => `${(Math.floor(value * 1000) / 1000).toFixed(3)}mm`;

/**
 * The plates' page rules and measures: plate pages (`plates`) keep the book's margins and carry no running
 * head, and a folio only with `plates.folio: true`; a bleed plate's page (`plates-bleed`) never has one.
 * Both keep the book's margins: Chromium 156 lays a vertical book out with one page size, and a page
 * with other margins (0 for a bleed page) shifted what followed it. The custom properties give styles/book.css the sizes pipeline/plate-layout.ts laid the
 * photos out in, from the same numbers (pipeline/plate-geometry.ts).
 */
/** `folio: false`: the plates stand before the TOC, in the front matter, which carries no folio. */
export function platesPageRules(config: BookConfig, where: { folio: boolean } = { folio: true }): string {
  const geometry = plateGeometry(config);
  const { box, margins } = geometry;
  // A bleed photo covers the type area and reaches over the margins (the wider side margin on both sides,
  // recto or verso) and the bleed: the print adds what lies beyond the page's clip (press/bleed-images.ts).
  const reach = (margin: number) => mm(margin + geometry.bleedMm + PLATE_INSET_MM);
  const rules = [
    `:root { --plate-width: ${mmDown(box.widthMm)}; --plate-height: ${mmDown(box.heightMm)}; --plate-inset: ${mm(PLATE_INSET_MM)}; --plate-gap: ${mm(box.gapMm)}; --plate-caption-gap: ${mm(box.captionGapMm)}; ` +
      `--plate-reach-top: ${reach(margins.top)}; --plate-reach-bottom: ${reach(margins.bottom)}; --plate-reach-side: ${reach(Math.max(margins.inner, margins.outer))}; }`,
  ];
  if (config.plates.folio && where.folio) {
    // As the chapters' folios (render/page-rules.ts): at the outer foot; odd pages are left-hand pages in a vertical book.
    const vertical = config.writing === 'vertical';
    const folio = (side: 'left' | 'right') =>
      `@bottom-${side} { content: counter(page); font-family: var(--heading-font); font-weight: ${MARGIN_BOX_WEIGHT}; font-size: 7.5pt; color: #333; writing-mode: horizontal-tb; text-align: ${side}; vertical-align: top; padding-top: 3mm; }`;
    rules.push(`@page plates:left { ${folio(vertical ? 'right' : 'left')} }`, `@page plates:right { ${folio(vertical ? 'left' : 'right')} }`);
  }
  return rules.join('\n');
}

/** The 1-based pages of the book's plates: each sheet of a plates chapter is one page, from the chapter's anchor on. */
export function platePages(chapters: readonly Chapter[], pageOf: (id: string) => number | undefined): Set<number> {
  const pages = new Set<number>();
  for (const chapter of chapters) {
    const first = isPlates(chapter) ? pageOf(chapter.id) : undefined;
    if (first === undefined) continue;
    const sheets = chapter.body.children.filter((node) => node.type === 'element').length;
    for (let k = 0; k < sheets; k += 1) pages.add(first + k);
  }
  return pages;
}
