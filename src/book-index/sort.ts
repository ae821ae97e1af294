import { convert, pinyin } from 'pinyin-pro';

/**
 * How a Chinese subject index is ordered (GB/T 22466 practice, 江苏、成都年鉴): by the pinyin of the first
 * character, then its tone, then the character itself (homophones of one tone grouped by character), then
 * the same for the following characters. Readings are the word-level ones of pinyin-pro (银行 háng, 长安
 * cháng, 行长 háng zhǎng), overridden by the book's own table for place names and surnames (单县 shàn xiàn).
 *
 * Terms beginning with a digit come first, under 0–9, in numeric order of their leading number; a Latin
 * letter sorts as that letter under its own head, before the Han syllables that begin with it (GDP before
 * 改革 under G). `stroke` sorts by strokes instead (ICU's zh-u-co-stroke collation), without letter heads.
 * Written by hand: no library sorts an index by pinyin and tone with readings per word.
 */
export type SortOrder = 'pinyin' | 'stroke';

/** One character's place in the order: its syllable without tone (ü as v, after u), its tone (5: neutral), the character. */
interface CharKey {
  syllable: string;
  tone: number;
  char: string;
}

export interface SortKey {
  /** The letter head it is listed under: A–Z, 0–9, or # for anything else. */
  head: string;
  /** The leading number of a term that begins with digits. */
  number?: number;
  chars: CharKey[];
}

const HAN = /\p{Script=Han}/u;

/** Syllables with tone numbers for each character of `term`, the book's readings first where a key occurs in it. */
export function readings(term: string, overrides: Readonly<Record<string, string>> = {}): string[] {
  const chars = [...term];
  const syllables = pinyin(term, { type: 'array', toneType: 'num', v: true });
  // pinyin-pro gives one item per character, non-Han characters as they are.
  const result = chars.map((char, i) => (HAN.test(char) ? (syllables[i] ?? char) : char));
  for (const [key, reading] of Object.entries(overrides)) {
    const keyChars = [...key];
    // Tone marks to numbers (shàn → shan4); a reading already in numbers stays as it is.
    const own = (/\d/.test(reading) ? reading.trim() : convert(reading.trim(), { format: 'symbolToNum' })).replace(/ü/g, 'v').split(/\s+/);
    if (own.length !== keyChars.length) continue;
    for (let start = 0; start + keyChars.length <= chars.length; start += 1) {
      if (keyChars.every((c, k) => chars[start + k] === c)) own.forEach((syllable, k) => (result[start + k] = syllable));
    }
  }
  return result;
}

export function sortKey(term: string, overrides: Readonly<Record<string, string>> = {}): SortKey {
  const chars = [...term];
  const read = readings(term, overrides);
  const keys = chars.map((char, i): CharKey => {
    if (!HAN.test(char)) return { syllable: char.toLowerCase(), tone: 0, char };
    const match = /^([a-zv]+)([0-5])?$/.exec(read[i]!.toLowerCase());
    return match ? { syllable: match[1]!, tone: Number(match[2] ?? 5) || 5, char } : { syllable: char, tone: 0, char };
  });
  const first = chars[0] ?? '';
  const digits = /^\d+/.exec(term);
  if (digits) return { head: '0–9', number: Number(digits[0]), chars: keys };
  const letter = (keys[0]?.syllable[0] ?? '').toUpperCase();
  return { head: /^[A-Z]$/.test(letter) && (HAN.test(first) || /[A-Za-z]/.test(first)) ? letter : '#', chars: keys };
}

/** Orders two terms by their keys (see the comment at the top). */
export function compareKeys(a: SortKey, b: SortKey): number {
  const rank = (key: SortKey) => (key.head === '0–9' ? 0 : key.head === '#' ? 2 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.number !== undefined && b.number !== undefined && a.number !== b.number) return a.number - b.number;
  for (let i = 0; i < Math.min(a.chars.length, b.chars.length); i += 1) {
    const x = a.chars[i]!;
    const y = b.chars[i]!;
    if (x.syllable !== y.syllable) return x.syllable < y.syllable ? -1 : 1;
    if (x.tone !== y.tone) return x.tone - y.tone;
    if (x.char !== y.char) return x.char.codePointAt(0)! - y.char.codePointAt(0)!;
  }
  return a.chars.length - b.chars.length;
}

const STROKES = new Intl.Collator('zh-u-co-stroke');

/** Sorts terms in the book's index order; each with its letter head (none in stroke order). */
export function sortTerms<T extends { term: string; sub?: string | undefined }>(items: readonly T[], order: SortOrder, overrides: Readonly<Record<string, string>> = {}): { item: T; head: string }[] {
  if (order === 'stroke') {
    return [...items].sort((a, b) => STROKES.compare(a.term, b.term) || STROKES.compare(a.sub ?? '', b.sub ?? '')).map((item) => ({ item, head: '' }));
  }
  const keyed = items.map((item) => ({ item, key: sortKey(item.term, overrides), sub: item.sub ? sortKey(item.sub, overrides) : undefined }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || (a.sub && b.sub ? compareKeys(a.sub, b.sub) : a.sub ? 1 : b.sub ? -1 : 0));
  return keyed.map(({ item, key }) => ({ item, head: key.head }));
}
