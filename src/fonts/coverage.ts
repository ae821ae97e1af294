import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { BookFace } from './faces.js';

/** Code points each font file maps in its cmap, read once per process (fontkit parses only the cmap). */
const cmaps = new Map<string, Promise<ReadonlySet<number>>>();

export function fontCoverage(file: string): Promise<ReadonlySet<number>> {
  let coverage = cmaps.get(file);
  if (!coverage) {
    coverage = readFile(file).then((bytes) => new Set(fontkit.create(bytes).characterSet));
    cmaps.set(file, coverage);
  }
  return coverage;
}

const unions = new Map<string, Promise<ReadonlySet<number>>>();

/** Code points at least one of the book's fonts has a glyph for (the union, made once per set of files: ~200,000 code points). */
export function bookCoverage(faces: readonly BookFace[]): Promise<ReadonlySet<number>> {
  const key = [...new Set(faces.map((face) => face.file))].sort().join('\n');
  let union = unions.get(key);
  if (!union) {
    union = Promise.all(faces.map((face) => fontCoverage(face.file))).then((sets) => {
      const all = new Set<number>();
      for (const set of sets) for (const code of set) all.add(code);
      return all;
    });
    unions.set(key, union);
  }
  return union;
}

/**
 * Whether a character must come from a font to print: line breaks, tabs and the default-ignorable
 * characters (zero-width joiners, variation selectors, soft hyphen, BOM, …) are not drawn with a glyph.
 */
export function needsGlyph(char: string): boolean {
  return !/^[\t\n\r\f]$|^\p{Default_Ignorable_Code_Point}$/u.test(char);
}

export interface UncoveredCharacter {
  /** Index (in UTF-16 code units) of the character in the text. */
  index: number;
  char: string;
}

/** Characters of `text` that need a glyph and that no font in `coverage` has. */
export function uncoveredCharacters(text: string, coverage: ReadonlySet<number>): UncoveredCharacter[] {
  const found: UncoveredCharacter[] = [];
  let index = 0;
  for (const char of text) {
    if (needsGlyph(char) && !coverage.has(char.codePointAt(0)!)) found.push({ index, char });
    index += char.length;
  }
  return found;
}

/**
 * `U+20000 𠀀`: the code point, then the character itself when it is safe to print in a terminal.
 * Control, format, unassigned and private-use characters, and separators other than the space, are
 * shown by code point only (printed raw they could move the cursor or hide the rest of the line).
 */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{C}\p{Zl}\p{Zp}\p{M}]$/u.test(char) ? hex : `${hex} ${char}`;
}
