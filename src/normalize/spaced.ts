import { HAN } from './chars.js';

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
