import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/**
 * Runs of Latin letters, digits and signs that a Chinese line must break sensibly (GB/T 15834 and
 * clreq §3.2: a number, a number with its unit, a phone number, a code is never split; a URL or an
 * e-mail address breaks only after its separators):
 *
 * - numbers (12,345.6, 99.95%, 0.235秒's 0.235, −5℃, 45.6亿), phone numbers (0953-2012345), version
 *   strings (v2.13.0-beta.4) and standard numbers (GB/T 22240—2020) go in `<span class="nobr">`,
 *   which the stylesheet keeps on one line;
 * - URLs and e-mail addresses go in `<span class="url">` with a `<wbr>` after each / . - _ ? & = # @,
 *   so a long one breaks there and nowhere else (a piece longer than a whole line still breaks
 *   anywhere: `overflow-wrap` is the last resort, never the first);
 * - identifiers longer than a line can take in one piece (InternationalizationAndLocalization…,
 *   snake_case_names) get a soft hyphen between their camel-case humps and a `<wbr>` after _ . / -.
 *
 * Inline code gets the same break points as URLs. Text in <pre>, ruby readings and elements already
 * marked are left alone. Written by hand: Chromium's line breaker (UAX #14) breaks after any hyphen
 * or slash, also inside numbers and phone numbers, and the usual npm "linkify" libraries find links
 * but say nothing of where a printed line may break.
 */

/** Where a URL may break: after these. */
const URL_BREAK_AFTER = new Set(['/', '.', '-', '_', '?', '&', '=', '#', '@', ':', ',', ';', '~', '+']);

const URL = String.raw`(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|www\.[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+`;
const EMAIL = String.raw`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`;
const PHONE = String.raw`(?<![\w.])(?:\+?\d{1,3}[ -])?(?:\(?0\d{2,3}\)?-)\d{7,8}(?:-\d{1,6})?(?![\w])`;
// A version: v1.2, 1.2.3, 2.13.0-beta.4 (a plain decimal such as 99.95 is a number).
const VERSION = String.raw`(?<![\w.])(?:v\d+(?:\.\d+)+|\d+(?:\.\d+){2,3})(?:-[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)?(?![\w])`;
const STANDARD = String.raw`(?<![\w/])(?:GB|GB/T|GB/Z|JGJ|JTG|DB\d*(?:/T)?|ISO|IEC|YY|HJ|JB|QB|WS)(?:/T)? ?\d+(?:\.\d+)*(?:[—–-]\d{2,4})?(?![\w])`;
/** Units kept with their number: signs, Latin unit symbols (km, kg, m², Mbps, km/h), 万/亿 with what they count, 元, and 年 after a year. */
const UNIT_SIGN = String.raw`%|‰|℃|°C|°|[万亿](?:元|吨|人次?|千瓦时?|立方米)?|元|(?<=\d{4})年`;
const UNIT_LATIN = String.raw`[A-Za-zµΩ]{1,4}(?:[²³]|\/[A-Za-z]{1,3})?`;
const NUMBER = String.raw`(?<![\w.,])[+\-−±]?\d+(?:,\d{3})*(?:\.\d+)?(?:${UNIT_SIGN}|${UNIT_LATIN}(?![\w])|(?![\w]))`;
const IDENTIFIER = String.raw`(?<![\w])[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+(?![\w])|(?<![\w])[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+){2,}(?![\w])`;

const RUN = new RegExp(`(${URL})|(${EMAIL})|(${PHONE})|(${STANDARD})|(${VERSION})|(${NUMBER})|(${IDENTIFIER})`, 'gu');

/** A URL's trailing sentence punctuation is not part of it ("见 https://a.cn/x." ends the sentence). */
const TRAILING = /[.,;:!?'\])]+$/;

const SKIP_TAGS = new Set(['pre', 'script', 'style', 'rt', 'rp', 'kbd', 'code']);
export const NOBR_CLASS = 'nobr';
export const URL_CLASS = 'url';

export type RunKind = 'url' | 'email' | 'phone' | 'standard' | 'version' | 'number' | 'identifier';
const KINDS: RunKind[] = ['url', 'email', 'phone', 'standard', 'version', 'number', 'identifier'];

export interface Run {
  kind: RunKind;
  start: number;
  end: number;
  text: string;
}

/** The runs of a text, in order, not overlapping. A lone digit is no run (nothing to keep together). */
export function findRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (const match of text.matchAll(RUN)) {
    const group = match.slice(1).findIndex((value) => value !== undefined);
    const kind = KINDS[group]!;
    let value = match[0];
    if (kind === 'url') value = value.replace(TRAILING, '');
    if (kind === 'number' && value.length < 2) continue;
    runs.push({ kind, start: match.index, end: match.index + value.length, text: value });
  }
  return runs;
}

const text = (value: string): Text => ({ type: 'text', value });
const wbr = (): Element => ({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
const spanOf = (className: string, children: ElementContent[]): Element => ({ type: 'element', tagName: 'span', properties: { className: [className] }, children });

/** A URL, e-mail or piece of code with a <wbr> after each separator (never at its very end). */
export function withBreaks(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  let piece = '';
  [...value].forEach((char, i, chars) => {
    piece += char;
    // Not after a separator that another one follows ("//", "?="): the break goes after the last.
    if (URL_BREAK_AFTER.has(char) && i < chars.length - 1 && !URL_BREAK_AFTER.has(chars[i + 1]!)) {
      out.push(text(piece), wbr());
      piece = '';
    }
  });
  if (piece) out.push(text(piece));
  return out;
}

/** An identifier with soft hyphens between its camel-case humps and a <wbr> after _ and . */
export function identifierBreaks(value: string): ElementContent[] {
  const parts = value.split(/(?<=[a-z0-9])(?=[A-Z])/);
  return withBreaks(parts.join('\u00ad'));
}

function runElement(run: Run): Element {
  switch (run.kind) {
    case 'url':
    case 'email':
      return spanOf(URL_CLASS, withBreaks(run.text));
    case 'identifier':
      return spanOf(URL_CLASS, identifierBreaks(run.text));
    default:
      return spanOf(NOBR_CLASS, [text(run.text)]);
  }
}

/** The text split into plain text and run elements. */
export function splitRuns(value: string): ElementContent[] {
  const runs = findRuns(value);
  if (runs.length === 0) return [text(value)];
  const out: ElementContent[] = [];
  let last = 0;
  for (const run of runs) {
    if (run.start > last) out.push(text(value.slice(last, run.start)));
    out.push(runElement(run));
    last = run.end;
  }
  if (last < value.length) out.push(text(value.slice(last)));
  return out;
}

const hasClass = (element: Element, name: string) => Array.isArray(element.properties?.className) && element.properties.className.includes(name);

/** rehype plugin: marks the runs of every text node of running text (see above); inline code gets URL break points. */
export default function rehypeRuns() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (node.type === 'element') {
        if (node.tagName === 'code' && parent?.type === 'element' && parent.tagName !== 'pre') {
          node.children = node.children.flatMap((child) => (child.type === 'text' ? withBreaks(child.value) : [child]));
          return SKIP;
        }
        if (SKIP_TAGS.has(node.tagName) || hasClass(node, NOBR_CLASS) || hasClass(node, URL_CLASS)) return SKIP;
        return undefined;
      }
      if (node.type !== 'text' || !parent || index === undefined) return undefined;
      const pieces = splitRuns(node.value);
      if (pieces.length === 1 && pieces[0]!.type === 'text') return undefined;
      parent.children.splice(index, 1, ...(pieces as never[]));
      return [SKIP, index + pieces.length];
    });
  };
}
