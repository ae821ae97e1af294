import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

export type VerticalDigits = 'mixed' | 'upright' | 'chinese';

/**
 * Numbers in vertical text, as clreq (W3C, Requirements for Chinese Text Layout §3.3) recommends:
 * - `mixed` (default): a number of 1–2 digits (or one digit with %) stands upright in one em,
 *   tate-chu-yoko (`text-combine-upright: all`); numbers of 3 and more digits, and Latin words, lie
 *   sideways at their natural width (three digits squeezed into one em look cramped); a short sum of
 *   single digits ("1+5+2") stands upright character by character. One date keeps one orientation:
 *   in “2024年12月31日” the year lies sideways, so the month and day do too.
 * - `upright`: every digit stands upright on its own.
 * - `chinese`: numbers written as Chinese numerals, the way vertical books set them: a four-digit
 *   number (a year) digit by digit (2024 → 二〇二四), other whole numbers as counted (12 → 十二,
 *   105 → 一百零五), decimals with 点 (12.5 → 十二点五), percentages as 百分之 (5% → 百分之五).
 * Text already placed is left alone: `.tcy`, `.upright`, and `.sideways` (numbers meant to lie sideways
 * whatever their length, such as the colophon's page-count figures).
 * Written by hand: Chromium lacks `text-combine-upright: digits 2`, so the spans must be in the HTML.
 */
export function verticalNumbers(tree: Root | Element, digits: VerticalDigits = 'mixed'): void {
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined) return undefined;
    if (parent.type === 'element' && (['code', 'pre', 'script', 'style'].includes(parent.tagName) || hasClass(parent, 'tcy') || hasClass(parent, 'upright') || hasClass(parent, 'sideways'))) return SKIP;
    const pieces = splitNumbers(node.value, digits);
    if (pieces.length === 1 && pieces[0] === node.value) return undefined;
    const replacement: ElementContent[] = pieces.map((piece) => (typeof piece === 'string' ? { type: 'text', value: piece } : piece));
    parent.children.splice(index, 1, ...replacement);
    return [SKIP, index + replacement.length];
  });
}

/** rehype plugin form of {@link verticalNumbers}. */
export default function rehypeVerticalNumbers(options: { digits?: VerticalDigits } = {}) {
  return (tree: Root) => verticalNumbers(tree, options.digits);
}

function hasClass(element: Element, name: string): boolean {
  const className = element.properties?.className;
  return Array.isArray(className) && className.includes(name);
}

const span = (className: string, value: string): Element => ({ type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value }] });

// A run of ASCII digits (with decimals), an optional %; or a sum/difference of single digits.
// A number grouped by thousands (12,345.6) is one number: it lies sideways whole, never “12” upright then “,345”.
const NUMBER = /(?<![0-9A-Za-z.,])(?:[0-9](?:[+＋][0-9])+(?:[+＋][A-Z])?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?%?|[0-9]+(?:\.[0-9]+)?%?)(?![0-9A-Za-z])/g;
// A date written with 年/月/日: its numbers share one orientation.
const DATE = /[0-9]+年(?:[0-9]+月(?:[0-9]+日)?)?|[0-9]+月[0-9]+日/g;

export function splitNumbers(text: string, digits: VerticalDigits): (string | Element)[] {
  // Numbers inside a date that has a sideways (3+ digit) number lie sideways too.
  const sidewaysDates: [number, number][] = [];
  for (const date of text.matchAll(DATE)) {
    if (/[0-9]{3,}/.test(date[0]) && /[0-9]+[月日]/.test(date[0])) sidewaysDates.push([date.index, date.index + date[0].length]);
  }
  const pieces: (string | Element)[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER)) {
    const value = match[0];
    // A number among Latin words ("100 Mbps") lies sideways with them.
    const latinAround = /[A-Za-z]\s*$/.test(text.slice(0, match.index)) || /^\s*[A-Za-z]/.test(text.slice(match.index + value.length));
    const inSidewaysDate = sidewaysDates.some(([from, to]) => match.index >= from && match.index < to);
    const replacement = latinAround ? undefined : digits === 'chinese' ? chineseNumber(value, isYear(text, match.index, value)) : inSidewaysDate && digits === 'mixed' ? undefined : numberElement(value, digits);
    if (replacement === undefined) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(replacement);
    last = match.index + value.length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  // Neighbouring plain strings (from Chinese numerals) are joined, so the text node stays one.
  const joined: (string | Element)[] = [];
  for (const piece of pieces) {
    const previous = joined[joined.length - 1];
    if (typeof piece === 'string' && typeof previous === 'string') joined[joined.length - 1] = previous + piece;
    else joined.push(piece);
  }
  return joined.length ? joined : [text];
}

function numberElement(value: string, digits: VerticalDigits): Element | undefined {
  if (digits === 'upright') return span('upright', value);
  if (/[+＋]/.test(value)) return span('upright', value);
  // Up to two characters fit in one em ("12", "5%"); three and more lie sideways, untouched.
  if ([...value].length <= 2 && !value.includes('.')) return span('tcy', value);
  return undefined;
}

const DIGIT_NAMES = '〇一二三四五六七八九';
const COUNTED_DIGITS = '零一二三四五六七八九';

/** A four-digit number followed by 年, or one end of a range of four-digit numbers (1949—2008). */
function isYear(text: string, at: number, value: string): boolean {
  if (!/^[0-9]{4}$/.test(value)) return false;
  const after = text.slice(at + value.length);
  return /^年/.test(after) || /^[—–\-～~－]{1,2}[0-9]{4}/.test(after) || /[0-9]{4}[—–\-～~－]{1,2}$/.test(text.slice(0, at));
}

/**
 * A number in Chinese numerals (see {@link VerticalDigits}); undefined when it is not a plain number (a
 * sum such as 1+5+2). Years are read digit by digit (二〇二四), other numbers as counted (三千零二十).
 */
export function chineseNumber(value: string, year = false): string | undefined {
  if (/[+＋]/.test(value)) return undefined;
  const percent = value.endsWith('%');
  const number = (percent ? value.slice(0, -1) : value).replace(/,/g, '');
  const [whole, fraction] = number.split('.') as [string, string | undefined];
  const digitByDigit = (digits: string) => [...digits].map((d) => DIGIT_NAMES[Number(d)]).join('');
  // Years and codes (four digits, or a leading zero) are read digit by digit.
  const wholeText = (year && !percent && fraction === undefined) || (whole.length > 1 && whole.startsWith('0')) || whole.length > 8 ? digitByDigit(whole) : counted(Number(whole));
  const text = fraction === undefined ? wholeText : `${wholeText}点${digitByDigit(fraction)}`;
  return percent ? `百分之${text}` : text;
}

/** 0–99,999,999 as counted: 十二, 一百零五, 三千零二十, 一万二千. */
function counted(n: number): string {
  if (n === 0) return '零';
  const below10000 = (m: number, leading: boolean): string => {
    const units = ['千', '百', '十', ''];
    const digits = String(m).padStart(4, '0').split('').map(Number);
    let out = '';
    let zero = false;
    let started = !leading;
    digits.forEach((d, i) => {
      if (d === 0) {
        if (started) zero = true;
        return;
      }
      if (zero) out += '零';
      zero = false;
      started = true;
      out += COUNTED_DIGITS[d] + units[i]!;
    });
    return out;
  };
  const high = Math.floor(n / 10000);
  const low = n % 10000;
  let text = high ? `${below10000(high, true)}万${low ? (low < 1000 ? '零' : '') + below10000(low, true) : ''}` : below10000(low, true);
  // 一十二 is said 十二.
  if (text.startsWith('一十')) text = text.slice(1);
  return text;
}
