/** Character classes for Chinese text, shared by the importer and the checks. */

/** Han ideographs (CJK Unified, extensions, compatibility), Simplified and Traditional alike. */
export const HAN = String.raw`\p{Script=Han}`;
const HAN_CHAR = new RegExp(`^${HAN}$`, 'u');

export function isHan(char: string | undefined): boolean {
  return char !== undefined && HAN_CHAR.test(char);
}

/** Full-width punctuation that ends a sentence (a closing quote or bracket may follow it). */
export const SENTENCE_END = /[。！？…][”’」』）》]*$/u;

/** Any full-width Chinese punctuation. */
export const FULLWIDTH_PUNCTUATION = /[，。、；：？！“”‘’「」『』（）《》〈〉【】—…·～]/u;

/** Punctuation a heading does not contain (a colon is allowed: "团结联合：广泛凝聚共识"). */
export const SENTENCE_PUNCTUATION = /[，。、；？！,;.?!]/u;

/** URLs and e-mail addresses: left exactly as written. */
export const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef\p{Script=Han}]+|[\w.+-]+@[\w-]+\.[\w.-]+/gu;

/** Counts the Han characters of a text (for the "nothing lost" check and the colophon). */
export function hanCount(text: string): number {
  return text.match(new RegExp(HAN, 'gu'))?.length ?? 0;
}

/** Multiset of the Han characters of a text, as a sorted string: equal strings ⇔ same characters, same counts. */
export function hanMultiset(text: string): string {
  return (text.match(new RegExp(HAN, 'gu')) ?? []).sort().join('');
}
