import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

export type VerticalDigits = 'mixed' | 'upright';

/**
 * Numbers in vertical text, as clreq (W3C, Requirements for Chinese Text Layout §3.3) recommends:
 * - `mixed` (default): a number of 1–3 digits (with an attached % when it still fits: 5%, 30%) stands
 *   upright in one em, tate-chu-yoko (`text-combine-upright: all`); longer numbers such as years
 *   (2024), and Latin words, lie sideways like Latin text; a short sum of single digits ("1+5+2")
 *   stands upright character by character.
 * - `upright`: every digit stands upright on its own.
 * Written by hand: Chromium lacks `text-combine-upright: digits 2`, so the spans must be in the HTML.
 */
export function verticalNumbers(tree: Root | Element, digits: VerticalDigits = 'mixed'): void {
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined) return undefined;
    if (parent.type === 'element' && (['code', 'pre', 'script', 'style'].includes(parent.tagName) || hasClass(parent, 'tcy') || hasClass(parent, 'upright'))) return SKIP;
    const pieces = splitNumbers(node.value, digits);
    if (pieces.length === 1 && typeof pieces[0] === 'string') return undefined;
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
const NUMBER = /(?<![0-9A-Za-z.])(?:[0-9](?:[+＋][0-9])+(?:[+＋][A-Z])?|[0-9]+(?:\.[0-9]+)?%?)(?![0-9A-Za-z])/g;

export function splitNumbers(text: string, digits: VerticalDigits): (string | Element)[] {
  const pieces: (string | Element)[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER)) {
    const value = match[0];
    // A number among Latin words ("100 Mbps") lies sideways with them.
    const latinAround = /[A-Za-z]\s*$/.test(text.slice(0, match.index)) || /^\s*[A-Za-z]/.test(text.slice(match.index + value.length));
    const element = latinAround ? undefined : numberElement(value, digits);
    if (!element) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(element);
    last = match.index + value.length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces.length ? pieces : [text];
}

function numberElement(value: string, digits: VerticalDigits): Element | undefined {
  if (digits === 'upright') return span('upright', value);
  if (/[+＋]/.test(value)) return span('upright', value);
  // Up to three characters fit in one em ("12", "100", "5%", "30%"); more lie sideways, untouched.
  if ([...value].length <= 3 && !value.includes('.')) return span('tcy', value);
  return undefined;
}
