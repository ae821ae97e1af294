import { attribute, childElements, descendants, firstChild } from './xml.js';

/** What a Word paragraph is, by its style, outline level and numbering. */
export type ParagraphRole = { heading: number } | 'subtitle' | 'caption' | undefined;

interface StyleInfo {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  /** Numbering the style carries (a multilevel list linked to the heading styles). */
  numbered: boolean;
}

export interface StyleBook {
  styles: Map<string, StyleInfo>;
  /** numId → ilvl → the style a numbering level is linked to (w:lvl/w:pStyle). */
  numberingStyles: Map<string, Map<string, string>>;
}

/** 标题 1, Heading 1, heading 1 (the name Word stores, whatever the interface language). */
const HEADING_NAME = /^(?:heading|标题)\s*([1-9])$/i;
const TITLE_NAME = /^(?:title|标题)$/i;
const SUBTITLE_NAME = /^(?:subtitle|副标题)$/i;
const CAPTION_NAME = /^(?:caption|题注|图题|表题)$/i;

export function readStyleBook(styles: Document | undefined, numbering: Document | undefined): StyleBook {
  const book: StyleBook = { styles: new Map(), numberingStyles: new Map() };
  for (const style of styles ? descendants(styles.documentElement, 'w:style') : []) {
    const id = attribute(style, 'w:styleId');
    if (!id || attribute(style, 'w:type') !== 'paragraph') continue;
    const pPr = firstChild(style, 'w:pPr');
    const outline = attribute(firstChild(pPr, 'w:outlineLvl'), 'w:val');
    book.styles.set(id, {
      name: attribute(firstChild(style, 'w:name'), 'w:val') ?? id,
      basedOn: attribute(firstChild(style, 'w:basedOn'), 'w:val'),
      outlineLevel: outline === undefined ? undefined : Number(outline),
      numbered: Boolean(firstChild(pPr, 'w:numPr')),
    });
  }
  if (!numbering) return book;
  const abstract = new Map<string, Map<string, string>>();
  for (const definition of descendants(numbering.documentElement, 'w:abstractNum')) {
    const levels = new Map<string, string>();
    for (const level of childElements(definition, 'w:lvl')) {
      const style = attribute(firstChild(level, 'w:pStyle'), 'w:val');
      if (style) levels.set(attribute(level, 'w:ilvl') ?? '0', style);
    }
    abstract.set(attribute(definition, 'w:abstractNumId') ?? '', levels);
  }
  for (const num of descendants(numbering.documentElement, 'w:num')) {
    const levels = abstract.get(attribute(firstChild(num, 'w:abstractNumId'), 'w:val') ?? '');
    if (levels) book.numberingStyles.set(attribute(num, 'w:numId') ?? '', levels);
  }
  return book;
}

/** The role of a style, following w:basedOn (bounded: a loop of styles ends). */
function roleOfStyle(book: StyleBook, id: string | undefined): ParagraphRole {
  for (let depth = 0, current = id; current && depth < 20; depth += 1) {
    const style = book.styles.get(current);
    if (!style) return HEADING_NAME.test(current) ? { heading: Number(HEADING_NAME.exec(current)![1]) } : undefined;
    const heading = HEADING_NAME.exec(style.name);
    if (heading) return { heading: Number(heading[1]) };
    if (TITLE_NAME.test(style.name)) return { heading: 1 };
    if (SUBTITLE_NAME.test(style.name)) return 'subtitle';
    if (CAPTION_NAME.test(style.name)) return 'caption';
    if (style.outlineLevel !== undefined && style.outlineLevel < 9) return { heading: style.outlineLevel + 1 };
    current = style.basedOn;
  }
  return undefined;
}

/** Whether a paragraph's heading is numbered by Word (directly or through its style): the number is not text. */
export function isNumbered(book: StyleBook, paragraph: Element): boolean {
  const pPr = firstChild(paragraph, 'w:pPr');
  if (firstChild(pPr, 'w:numPr')) return true;
  const styleId = attribute(firstChild(pPr, 'w:pStyle'), 'w:val');
  return Boolean(styleId && book.styles.get(styleId)?.numbered);
}

/**
 * A paragraph's role: its own outline level first (w:outlineLvl, 0 = level 1, 9 = body text), then its
 * style (heading names in Chinese and English Word, outline levels of custom styles), then the style a
 * list numbering level is linked to (numbered headings without a heading style of their own).
 */
export function paragraphRole(book: StyleBook, paragraph: Element): ParagraphRole {
  const pPr = firstChild(paragraph, 'w:pPr');
  const outline = attribute(firstChild(pPr, 'w:outlineLvl'), 'w:val');
  if (outline !== undefined && Number(outline) < 9) return { heading: Number(outline) + 1 };
  const styleId = attribute(firstChild(pPr, 'w:pStyle'), 'w:val');
  const byStyle = roleOfStyle(book, styleId);
  if (byStyle || outline !== undefined) return byStyle;
  const numPr = firstChild(pPr, 'w:numPr');
  if (!numPr) return undefined;
  const linked = book.numberingStyles.get(attribute(firstChild(numPr, 'w:numId'), 'w:val') ?? '')?.get(attribute(firstChild(numPr, 'w:ilvl'), 'w:val') ?? '0');
  return linked ? roleOfStyle(book, linked) : undefined;
}

/** The style id the prepared document gives a paragraph of this role, which the converter reads back. */
export function roleStyleId(role: NonNullable<ParagraphRole>): string {
  return typeof role === 'object' ? `PaibanHeading${Math.min(role.heading, 6)}` : role === 'subtitle' ? 'PaibanSubtitle' : 'PaibanCaption';
}

export function roleOfStyleId(styleId: string | null | undefined): ParagraphRole {
  const heading = /^PaibanHeading([1-6])$/.exec(styleId ?? '');
  if (heading) return { heading: Number(heading[1]) };
  return styleId === 'PaibanSubtitle' ? 'subtitle' : styleId === 'PaibanCaption' ? 'caption' : undefined;
}
