// The font-loading experiment: the book's HTML carries every @font-face rule of its font packages
// (hundreds of unicode-range subsets); this keeps only the rules whose unicode-range covers a
// character the document (or its margin boxes) uses, so the same print can be timed without them.

const FONT_FACE = /@font-face\s*\{[^}]*\}\s*/g;
const UNICODE_RANGE = /unicode-range\s*:\s*([^;}]+)/i;

/** The HTML with some @font-face rules dropped, and how many there were before and after. */
export interface FontFaceCount {
  html: string;
  rulesBefore: number;
  rulesAfter: number;
}

/** Parses `U+4e00-4e0f,U+3000,U+30??` into [first, last] pairs. */
export function parseUnicodeRange(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of text.split(',')) {
    const value = part.trim().replace(/^u\+/i, '');
    if (!value) continue;
    if (value.includes('?')) {
      ranges.push([parseInt(value.replace(/\?/g, '0'), 16), parseInt(value.replace(/\?/g, 'f'), 16)]);
    } else {
      const [first = value, last = first] = value.split('-');
      ranges.push([parseInt(first, 16), parseInt(last, 16)]);
    }
  }
  return ranges;
}

/** Code points used in the given texts (HTML markup included: a superset, which is safe here). */
export function usedCodePoints(...texts: string[]): Set<number> {
  const used = new Set<number>();
  // A string's iterator yields whole code points, so codePointAt(0) is always defined here.
  for (const text of texts) for (const char of text) used.add(char.codePointAt(0)!);
  return used;
}

/**
 * Drops the @font-face rules no used character falls in. Returns the new HTML and the rule counts.
 * Rules without unicode-range (whole fonts) are kept.
 */
export function keepUsedFontFaces(html: string, extraText = ''): FontFaceCount {
  const used = [...usedCodePoints(html, extraText)].sort((a, b) => a - b);
  const covers = (ranges: readonly [number, number][]) =>
    ranges.some(([first, last]) => {
      // Binary search for the first used code point ≥ first.
      let low = 0;
      let high = used.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (used[mid]! < first) low = mid + 1;
        else high = mid;
      }
      return low < used.length && used[low]! <= last;
    });
  let before = 0;
  let after = 0;
  const reduced = html.replace(FONT_FACE, (rule) => {
    before += 1;
    const range = UNICODE_RANGE.exec(rule);
    if (range?.[1] !== undefined && !covers(parseUnicodeRange(range[1]))) return '';
    after += 1;
    return rule;
  });
  return { html: reduced, rulesBefore: before, rulesAfter: after };
}

/** Drops every @font-face rule: text falls back to system fonts. Only a bound on what web fonts cost (the PDF is not usable). */
export function dropFontFaces(html: string): FontFaceCount {
  let before = 0;
  return { html: html.replace(FONT_FACE, () => ((before += 1), '')), rulesBefore: before, rulesAfter: 0 };
}
