import { readBookFile } from '../files/read.js';
import { visit } from 'unist-util-visit';
import { decodeManuscript, manuscriptTooLarge, MAX_MANUSCRIPT_BYTES } from '../manuscript/decode.js';
import { parseWithinLimits } from '../manuscript/parse.js';

/**
 * A manuscript's text as it prints, character by character, with the offset in the manuscript file
 * each character came from (from the mdast positions the build itself starts from). Re-derived from
 * the current manuscripts rather than read from a record written by the build: so the proof, the book
 * and the booklet all map, and a PDF of an older build is matched by its text.
 */
export interface SourceText {
  /** Path relative to the book folder, as shown in messages. */
  name: string;
  file: string;
  /** The file's text (decoded). */
  raw: string;
  /** True when the decoded text is the file's bytes as UTF-8, so fixes can be written back byte for byte. */
  writable: boolean;
  /** Printed characters, whitespace left out, folded (see fold). */
  chars: string;
  /** For each UTF-16 unit of `chars`, its offset in `raw`. */
  offsets: number[];
  /** For each UTF-16 unit of `chars`, whether `raw` holds it literally at its offset (no escape, no entity). */
  literal: boolean[];
  /**
   * Inline markup around a whole text (`**text**`, `*text*`, `~~text~~`, `` `text` ``): the text's and the
   * markup's spans in `raw`. Deleting all of such a text must delete its markup too, or `****` prints.
   */
  markup?: { start: number; end: number; outerStart: number; outerEnd: number }[];
}

/** Inline elements whose markup, left empty, prints as it is written. */
const PRINTED_WHEN_EMPTY = new Set(['emphasis', 'strong', 'delete']);

/** One character as compared: compatibility forms folded (vertical punctuation, full-width digits). */
export function fold(char: string): string {
  const folded = char.normalize('NFKC');
  return folded.length === 1 ? folded : char;
}

/** Printed text of a string with whitespace removed and characters folded. */
export function foldText(text: string): string {
  return [...text].filter((c) => c.trim()).map(fold).join('');
}

const FRONT_MATTER_PRINTED = ['title', 'subtitle', 'author', 'byline'];

/** Builds the printed text of one manuscript's source. */
export function sourceTextOf(name: string, file: string, raw: string, writable: boolean): SourceText {
  const tree = parseWithinLimits(raw, file);
  const chars: string[] = [];
  const offsets: number[] = [];
  const literal: boolean[] = [];
  const markup: NonNullable<SourceText['markup']> = [];
  const push = (value: string, start: number, end: number) => {
    const exact = raw.slice(start, end) === value;
    let i = 0;
    for (const char of value) {
      if (char.trim()) {
        const folded = fold(char);
        chars.push(folded);
        // One entry per UTF-16 unit of `chars` (how it is indexed): a character outside the BMP (𠀀,
        // a name's rare character) takes two, its second at its low surrogate.
        for (let unit = 0; unit < folded.length; unit++) {
          offsets.push(exact ? start + i + unit : start);
          literal.push(exact);
        }
      }
      i += char.length;
    }
  };
  visit(tree, (node, _index, parent) => {
    if (node.type === 'yaml') {
      // The chapter opener prints these front matter values: map them to their line.
      const start = node.position?.start.offset ?? 0;
      for (const key of FRONT_MATTER_PRINTED) {
        const match = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(node.value);
        if (!match) continue;
        const valueStart = raw.indexOf(match[0], start) + match[0].indexOf(match[1]!);
        push(match[1]!, valueStart, valueStart + match[1]!.length);
      }
      return;
    }
    if ((node.type === 'text' || node.type === 'inlineCode') && node.position) {
      const start = node.position.start.offset ?? 0;
      const end = node.position.end.offset ?? start;
      // inlineCode's position includes the backticks: find the value inside.
      const at = node.type === 'inlineCode' ? raw.indexOf(node.value, start) : start;
      push(node.value, at < 0 ? start : at, at < 0 ? end : at + node.value.length);
      const outer = node.type === 'inlineCode' ? node.position : parent && PRINTED_WHEN_EMPTY.has(parent.type) && parent.children.length === 1 ? parent.position : undefined;
      if (outer && at >= 0) markup.push({ start: at, end: at + node.value.length, outerStart: outer.start.offset ?? 0, outerEnd: outer.end.offset ?? 0 });
    }
  });
  return { name, file, raw, writable, chars: chars.join(''), offsets, literal, markup };
}

/** Reads a manuscript of the book in `bookDir` (files/read.ts: inside the book, a regular file, bounded). */
export async function readSourceText(name: string, file: string, bookDir: string): Promise<SourceText> {
  const bytes = await readBookFile(bookDir, file, { what: 'Manuscript', maxBytes: MAX_MANUSCRIPT_BYTES, tooLarge: (size) => manuscriptTooLarge(size, file) });
  const raw = decodeManuscript(bytes, file);
  return sourceTextOf(name, file, raw, Buffer.from(raw, 'utf8').equals(bytes));
}
