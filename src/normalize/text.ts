import { run as zhlint } from 'zhlint';
import { HAN, URL_PATTERN } from './chars.js';
import { fixInterpuncts, fixYearRanges } from './marks.js';

/**
 * zhlint, configured for print: ASCII , ; : ? ! ( ) next to Chinese become full width, spaces between
 * Han and Latin or digits go (the stylesheet's text-autospace adds the gap), spaces between Han
 * phrases stay (a slogan such as "忆初心 颂党恩" keeps its spaces). Its default preset is not used:
 * it adds spaces, which is right for the web and wrong for print.
 */
const ZHLINT_RULES = {
  halfwidthPunctuation: '',
  fullwidthPunctuation: '，。：；？！（）',
  unifiedPunctuation: undefined,
  spaceBetweenHalfwidthContent: false,
  noSpaceBetweenFullwidthContent: false,
  spaceBetweenMixedwidthContent: false,
  noSpaceBeforePauseOrStop: true,
  noSpaceAfterFullwidthPauseOrStop: true,
  noSpaceOutsideFullwidthQuotation: true,
  noSpaceOutsideFullwidthBracket: true,
  noSpaceInsideBracket: true,
  trimSpace: false,
};

const HAS_HAN = new RegExp(HAN, 'u');

/**
 * Collapses characters spaced out by justified newspaper columns ("主要 领 导 和 政 协" → "主要领导和政协")
 * while keeping spaces between phrases of two or more characters ("忆初心 颂党恩"). Written by hand:
 * no library tells a letter-spaced word from a deliberate space.
 */
export function collapseSpacedCharacters(text: string): string {
  // Split into space-separated tokens; a space goes when a one-character Han token touches it.
  const tokens = text.split(/( +)/);
  const single = (token: string | undefined) => token !== undefined && [...token].length === 1 && HAS_HAN.test(token);
  const hanEdge = (token: string | undefined, side: 'start' | 'end') => {
    if (!token) return false;
    const chars = [...token];
    return HAS_HAN.test((side === 'start' ? chars[0] : chars[chars.length - 1]) ?? '');
  };
  let result = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (/^ +$/.test(token)) {
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      const joinsLetters = hanEdge(before, 'end') && hanEdge(after, 'start') && (single(before) || single(after));
      result += joinsLetters ? '' : token;
    } else {
      result += token;
    }
  }
  return result;
}

/** Full-width punctuation and Han/Latin spacing for one paragraph of Chinese; URLs and English-only text untouched. */
export function normalizeChineseText(text: string): string {
  if (!HAS_HAN.test(text)) return text;
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    pieces.push(fixSegment(text.slice(last, match.index)), match[0]);
    last = match.index + match[0].length;
  }
  pieces.push(fixSegment(text.slice(last)));
  return pieces.join('');
}

/**
 * zhlint's time grows with the square of a text's length (a 20k-line paragraph took minutes), so a
 * long text is fixed in pieces of about CHUNK characters, cut where no rule looks across the cut:
 * after a full-width stop or pause directly followed by a Han character, else between two Han characters.
 */
const CHUNK = 2000;
const CUTS = [/[。！？；，、：](?=\p{Script=Han})/gu, /\p{Script=Han}(?=\p{Script=Han})/gu];

export function splitForFixing(text: string, size = CHUNK): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    const window = text.slice(start + size / 2, start + size);
    let cut = -1;
    for (const pattern of CUTS) {
      for (const match of window.matchAll(pattern)) cut = match.index + match[0].length;
      if (cut > 0) break;
    }
    if (cut <= 0) break;
    pieces.push(text.slice(start, start + size / 2 + cut));
    start += size / 2 + cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function fixSegment(segment: string): string {
  if (!HAS_HAN.test(segment)) return segment;
  if (segment.length > CHUNK) return splitForFixing(segment).map(fixPiece).join('');
  return fixPiece(segment);
}

function fixPiece(segment: string): string {
  if (!HAS_HAN.test(segment)) return segment;
  const leading = /^\s*/.exec(segment)![0];
  const trailing = /\s*$/.exec(segment)![0];
  let fixed: string;
  try {
    fixed = fixInterpuncts(fixYearRanges(zhlint(collapseSpacedCharacters(segment), { rules: ZHLINT_RULES }).result));
  } catch (error) {
    // zhlint reads its input as Markdown and recurses: thousands of nested ">" overflow its stack.
    // Such a text is left as it is (nothing to normalize in it), rather than crashing import or --fix.
    if (error instanceof RangeError) return segment;
    throw error;
  }
  // zhlint leaves a space between a half-width sign and full-width punctuation ("3.5% ，"); print wants none.
  return leading.replace(/ +/g, ' ') + fixed.trim().replace(/ +(?=[，。、；：？！）》”’])|(?<=[（《“‘]) +/gu, '') + trailing.replace(/ +/g, ' ');
}
