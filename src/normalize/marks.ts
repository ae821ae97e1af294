import { HAN } from './chars.js';

/**
 * Two marks of GB/T 15834-2011 that raw text gets wrong.
 *
 * Year ranges (§4.13, 连接号): a span of time between two years takes the 一字线 “—”: “1949-2008”,
 * “2017~2024” → “1949—2008”, “2017—2024”. Matched: two four-digit years (1000–2099) joined by - ~ ～
 * － – 〜 (spaces around allowed), the second later than the first, with no digit, dot, dash or letter
 * right before or after the pair. Not matched, on purpose: dates (2024-12-31: the second part is not a
 * year), ISBNs and phone numbers (978-7-…, 0953-2011234: a digit group or dash touches the pair, or a
 * part is not a year), negative numbers (a lone -2008), and ranges of other numbers (GB/T 15834 wants
 * the 浪纹线 ～ there: 25～30, left as written).
 *
 * 间隔号 (§4.15): the dot between the parts of a name or title (“书香政协·悦读月享”) is U+00B7 MIDDLE DOT;
 * a period, bullet, katakana middle dot or hyphenation point (. ． • ・ ‧ ∙ ⋅) between two Han characters
 * becomes U+00B7. (It prints full width and centred: see the punctuation rehype pass.)
 */
export const YEAR_RANGE = /(?<![\d.\-–—~～A-Za-z])(1\d{3}|20\d{2})[ \t]*[-~～－–〜][ \t]*(1\d{3}|20\d{2})(?![\d\-–~～A-Za-z]|\.\d)/g;

export const LATIN_DOT_BETWEEN_HAN = new RegExp(`(?<=${HAN})[.．•・‧∙⋅](?=${HAN})`, 'gu');

export const INTERPUNCT = '\u00B7';

/** Year ranges in a text: where they start, what they are and what they become. */
export function yearRanges(text: string): { index: number; text: string; fixed: string }[] {
  return [...text.matchAll(YEAR_RANGE)]
    .filter((m) => Number(m[2]) > Number(m[1]))
    .map((m) => ({ index: m.index, text: m[0], fixed: `${m[1]}—${m[2]}` }));
}

/** 1949-2008 → 1949—2008 (see above). */
export function fixYearRanges(text: string): string {
  return text.replace(YEAR_RANGE, (all, from: string, to: string) => (Number(to) > Number(from) ? `${from}—${to}` : all));
}

/** 书香政协•悦读 → 书香政协·悦读 (see above). */
export function fixInterpuncts(text: string): string {
  return text.replace(LATIN_DOT_BETWEEN_HAN, INTERPUNCT);
}
