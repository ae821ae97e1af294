import type { Element, ElementContent, Root, Text } from 'hast';

/**
 * Compression of adjacent full-width punctuation (clreq §3.1.6.1; GB/T 15834): of two adjacent marks
 * the first closing (or pause/stop) mark, or else the second opening mark, loses its blank half, so the
 * pair takes 1.5 em instead of 2. The halved mark is wrapped in `<span class="pj-half">`, which the
 * stylesheet sets with the font's `halt` (horizontal) or `vhal` (vertical) feature.
 *
 * Why not leave it to Chromium's `text-spacing-trim`: it pairs two marks only when both come from one
 * font file with the `chws` feature. fontsource splits each face into unicode-range slices, and ” sits
 * in another slice than ，。、 (so ”， ”。 》， stayed 2 em), and Noto Sans SC (headings) has no `chws`
 * at all. `halt`/`vhal` are in every body and heading face. Written by hand: no library does this.
 *
 * The 间隔号 · (U+00B7) between Han characters is wrapped in `<span class="pj-interpunct">`, which the
 * stylesheet sets one em wide with the dot centred: the fonts give U+00B7 a narrow Latin advance
 * (0.33 em in Noto Serif SC, and no `fwid` form), and GB/T 15834 wants it full width. The character
 * stays U+00B7, so the PDF's text still reads (and searches) as the standard's 间隔号.
 *
 * Captions and quotations need nothing more: their face's punctuation comes from the body face (the
 * caption family's @font-face rules, render/fonts.ts), which has `halt` and `vhal`.
 */

export const OPENING = '“‘（《〈「『【〔〖［｛';
export const CLOSING = '”’）》〉」』】〕〗］｝';
export const PAUSE_STOP = '，。、；：';
/** 问号 and 叹号: compressed with their neighbours only as book.yaml's punctuation.questionExclamation says. */
export const QUESTION_EXCLAMATION = '！？';

/**
 * book.yaml's `punctuation.questionExclamation`: `half` (the default) compresses ！” ？） ”！ as any
 * other adjacent pair (1.5 em) and sets ？！ ！！ ？？ in one em (GB/T 15834—2011: a 问号 and a 叹号 used
 * together take one character's place); `full` keeps each ！ and ？ a full em, as paiban did before.
 */
export type QuestionExclamation = 'half' | 'full';
export interface PunctuationSettings {
  questionExclamation: QuestionExclamation;
}
export const DEFAULT_PUNCTUATION: PunctuationSettings = { questionExclamation: 'half' };

const closingClass = (c: string) => CLOSING.includes(c) || PAUSE_STOP.includes(c);
const opening = (c: string) => OPENING.includes(c);
const questionExclamation = (c: string) => QUESTION_EXCLAMATION.includes(c);

/** Colon and semicolon: at the start of the em in horizontal text, centred in vertical text (no blank half there). */
export const CENTRED_IN_VERTICAL = '：；';

/**
 * Which of two adjacent marks is set half width: 0 the first, 1 the second, `both` (？！: the pair in one
 * em), undefined neither. In vertical text a colon or semicolon is centred and has no blank half: before
 * an opening mark, that opening mark is halved instead. ！ and ？ stand upright filling their em in
 * vertical text (the faces have no vertical half form of them; clreq §3.1.6.1 counts them among the
 * marks not adjusted there): the mark next to them is halved instead, and ？！ share one em side by side
 * (tate-chu-yoko, as clreq describes for vertical text).
 */
export function pairOfMarks(first: string, second: string, writing: 'horizontal' | 'vertical' = 'horizontal', settings: PunctuationSettings = DEFAULT_PUNCTUATION): 0 | 1 | 'both' | undefined {
  const stops = settings.questionExclamation === 'half';
  if (stops && questionExclamation(first) && questionExclamation(second)) return 'both';
  const full = (c: string) => closingClass(c) || opening(c) || (stops && questionExclamation(c));
  if (!full(first) || !full(second)) return undefined;
  if (writing === 'vertical' && CENTRED_IN_VERTICAL.includes(first)) return opening(second) ? 1 : undefined;
  if (questionExclamation(first)) return writing === 'vertical' ? 1 : 0;
  if (closingClass(first)) return 0;
  if (opening(first) && opening(second)) return 1;
  return undefined;
}

/** The mark of a pair that is set half width, as {@link pairOfMarks}; a pair set in one em (？！) is not one of these. */
export function halvedOfPair(first: string, second: string, writing: 'horizontal' | 'vertical' = 'horizontal', settings: PunctuationSettings = DEFAULT_PUNCTUATION): 0 | 1 | undefined {
  const which = pairOfMarks(first, second, writing, settings);
  return which === 'both' ? undefined : which;
}

/** Elements that start a new run of text: a pair never spans two of them. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'figcaption', 'blockquote', 'dt', 'dd', 'div', 'section', 'header', 'figure', 'table', 'tr', 'ul', 'ol', 'br', 'hr', 'img']);
/** Text that is not running text: left as it is, and a boundary for pairs. */
const SKIP = new Set(['code', 'pre', 'kbd', 'rt', 'rp', 'script', 'style']);

export const HALF_CLASS = 'pj-half';
/** ？！ ！！ ？？: two marks in one em (halt in horizontal text, tate-chu-yoko in vertical text). */
export const PAIR_CLASS = 'pj-pair';
/** Halved in horizontal text only, or in vertical text only (see halvedOfPair). */
export const HALF_HORIZONTAL_CLASS = 'pj-half-h';
export const HALF_VERTICAL_CLASS = 'pj-half-v';
const HALF_CLASSES = [HALF_CLASS, HALF_HORIZONTAL_CLASS, HALF_VERTICAL_CLASS, PAIR_CLASS];
export const INTERPUNCT_CLASS = 'pj-interpunct';

const classes = (element: Element): string[] => {
  const value = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : [];
};

interface Slot {
  node: Text;
  offset: number;
}

/**
 * Marks the halved mark of every adjacent pair in `tree`. Pairs are found across inline elements
 * ("”</em>，"), never across blocks, and a mark already in a `pj-half` span is not wrapped again.
 */
export function compressPunctuation(tree: Root | Element, settings: PunctuationSettings = DEFAULT_PUNCTUATION): void {
  // The mark to halve in each writing mode; a pair whose choice differs by mode (：“) gets one span per mode.
  const halve = new Map<Text, Map<number, string>>();
  const mark = (slot: Slot, className: string) => {
    const offsets = halve.get(slot.node) ?? new Map<number, string>();
    if (offsets.get(slot.offset) === PAIR_CLASS) return;
    offsets.set(slot.offset, offsets.has(slot.offset) && offsets.get(slot.offset) !== className ? HALF_CLASS : className);
    halve.set(slot.node, offsets);
  };
  // The second mark of a pair set in one em: it is in the pair's span, and begins no pair of its own (！！！ takes two em).
  let paired: Slot | undefined;
  let previous: (Slot & { char: string }) | undefined;
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type === 'text') {
        const chars = [...child.value];
        let offset = 0;
        for (const char of chars) {
          if (previous && !/\s/.test(char)) {
            const inPair = paired?.node === previous.node && paired.offset === previous.offset;
            if (pairOfMarks(previous.char, char, 'horizontal', settings) === 'both') {
              // Both in one span: only two marks of one text node can be (a pair split by markup stays as it is).
              if (!inPair && previous.node === child && !halve.get(child)?.has(previous.offset)) {
                const offsets = halve.get(child) ?? new Map<number, string>();
                offsets.set(previous.offset, PAIR_CLASS);
                halve.set(child, offsets);
                paired = { node: child, offset };
              }
            } else {
              const horizontal = halvedOfPair(previous.char, char, 'horizontal', settings);
              const vertical = halvedOfPair(previous.char, char, 'vertical', settings);
              const slot = (which: 0 | 1 | undefined) => (which === 0 ? (inPair ? undefined : previous!) : which === 1 ? { node: child, offset } : undefined);
              if (horizontal === vertical && slot(horizontal)) mark(slot(horizontal)!, HALF_CLASS);
              else {
                if (slot(horizontal)) mark(slot(horizontal)!, HALF_HORIZONTAL_CLASS);
                if (slot(vertical)) mark(slot(vertical)!, HALF_VERTICAL_CLASS);
              }
            }
          }
          // A space between two marks keeps them apart (it prints as a gap of its own).
          previous = { node: child, offset, char };
          offset += char.length;
        }
      } else if (child.type === 'element') {
        if (SKIP.has(child.tagName) || classes(child).some((name) => HALF_CLASSES.includes(name))) {
          previous = undefined;
          continue;
        }
        if (BLOCKS.has(child.tagName)) previous = undefined;
        walk(child);
        if (BLOCKS.has(child.tagName)) previous = undefined;
      }
    }
  };
  walk(tree);
  for (const [node, offsets] of halve) wrapAt(node, offsets, tree);
  wrapInterpuncts(tree);
}

/** rehype plugin form of {@link compressPunctuation}. */
export default function rehypePunctuation(settings: PunctuationSettings = DEFAULT_PUNCTUATION) {
  return (tree: Root) => compressPunctuation(tree, settings);
}

const span = (className: string, value: string): Element => ({ type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value }] });

function replaceNode(tree: Root | Element, node: Text, replacement: ElementContent[]): void {
  const visitParent = (parent: Root | Element): boolean => {
    const index = (parent.children as (ElementContent | Root['children'][number])[]).indexOf(node);
    if (index >= 0) {
      parent.children.splice(index, 1, ...(replacement as never[]));
      return true;
    }
    return parent.children.some((child) => child.type === 'element' && visitParent(child));
  };
  visitParent(tree);
}

/** Splits a text node so that the characters at `offsets` (UTF-16) stand each in a span of the given class. */
function wrapAt(node: Text, offsets: Map<number, string>, tree: Root | Element): void {
  const pieces: ElementContent[] = [];
  let last = 0;
  for (const [offset, className] of [...offsets].sort((a, b) => a[0] - b[0])) {
    if (offset < last) continue;
    if (offset > last) pieces.push({ type: 'text', value: node.value.slice(last, offset) });
    // A pair's span holds its two marks (each one UTF-16 unit: ！ and ？ are in the BMP).
    const char = className === PAIR_CLASS ? node.value.slice(offset, offset + 2) : String.fromCodePoint(node.value.codePointAt(offset)!);
    pieces.push(span(className, char));
    last = offset + char.length;
  }
  if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) });
  replaceNode(tree, node, pieces);
}

const INTERPUNCT_BETWEEN_HAN = /(?<=\p{Script=Han}[”’）》」』]?)\u00B7(?=[“‘（《「『]?\p{Script=Han})/gu;

/** Every 间隔号 between Han characters in a span of its own (see above). */
function wrapInterpuncts(tree: Root | Element): void {
  const inside = (node: Root | Element) => {
    for (let i = 0; i < node.children.length; i += 1) {
      const child = node.children[i]!;
      if (child.type === 'element') {
        if (!SKIP.has(child.tagName) && !classes(child).includes(INTERPUNCT_CLASS)) inside(child);
        continue;
      }
      if (child.type !== 'text' || !child.value.includes('\u00B7')) continue;
      const pieces: ElementContent[] = [];
      let last = 0;
      for (const match of child.value.matchAll(INTERPUNCT_BETWEEN_HAN)) {
        if (match.index > last) pieces.push({ type: 'text', value: child.value.slice(last, match.index) });
        pieces.push(span(INTERPUNCT_CLASS, match[0]));
        last = match.index + match[0].length;
      }
      if (!pieces.length) continue;
      if (last < child.value.length) pieces.push({ type: 'text', value: child.value.slice(last) });
      (node.children as ElementContent[]).splice(i, 1, ...pieces);
      i += pieces.length - 1;
    }
  };
  inside(tree);
}
