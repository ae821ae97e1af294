import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_FONT_FAMILY, type FontFamily } from '../config/fonts.js';
import { ALWAYS_PRINTABLE, characterSet, printedText } from '../fonts/characters.js';
import { bookCoverage, describeCharacter, uncoveredCharacters } from '../fonts/coverage.js';
import { bookFaces } from '../fonts/faces.js';
import { subsetFaces, type SubsetFace } from '../fonts/subset.js';
import { PaibanError } from '../util/errors.js';
import { cssString } from '../util/escape.js';

/**
 * The CSS family of captions and bylines: the caption face for letters, the body face for
 * punctuation. A Kai face's quotes are proportional (0.35 em) and horizontal in vertical text; the
 * body face's are full width, have vertical forms (﹃﹄) and the `chws`/`halt` features that let
 * adjacent marks be compressed.
 */
export const CAPTION_FAMILY = 'paiban caption';

/** Punctuation a caption takes from the body face: quotes, dashes, CJK and full-width marks, vertical forms. */
export const CAPTION_PUNCTUATION: readonly [number, number][] = [
  [0x00b7, 0x00b7],
  [0x2013, 0x2014],
  [0x2018, 0x201f],
  [0x2025, 0x2026],
  [0x3000, 0x303f],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0xff00, 0xffef],
];

/**
 * The CSS family of code: Noto Sans Mono for Latin letters, digits and signs, sized so that one of
 * them is half an em (its glyphs are 0.6 em wide: 83⅓ %), and the heading face (黑体) for Han and
 * full-width marks, one em. So two code characters take the width of one Han character, the grid of
 * a CJK monospace face such as Sarasa Mono (which no npm package ships as one TrueType file).
 */
export const CODE_FAMILY = 'paiban code';
const CODE_SIZE_ADJUST = '83.3333%';
/** What the code face sets: everything before the CJK blocks (the heading face sets those). */
const CODE_RANGE: readonly [number, number][] = [[0x0000, 0x2dff]];

export interface BookFontFamilies {
  body: FontFamily;
  heading: FontFamily;
  caption: FontFamily;
}

/**
 * The @font-face rules of a book: one per subset file (family and weight), no unicode-range, plus
 * the caption family, which maps the punctuation ranges to the body subset and the rest to the
 * caption subset. Both rules of a file name the same URL, so Chromium loads it once and the PDF
 * embeds it once. `htmlDir`: the folder the HTML will sit in; the subsets are then named relative to
 * it, so that the HTML does not depend on where the book folder is (else by absolute file URL).
 */
export function fontFaceCss(faces: readonly SubsetFace[], families: BookFontFamilies, htmlDir?: string): string {
  const href = (file: string) => (htmlDir === undefined ? pathToFileURL(file).href : relativeUrl(htmlDir, file));
  const url = (face: SubsetFace) => `url(${cssString(href(face.subsetFile))}) format("truetype")`;
  const rule = (family: string, face: SubsetFace, weight: number, range?: string) =>
    `@font-face { font-family: ${cssString(family)}; font-style: normal; font-weight: ${weight}; font-display: block; src: ${url(face)};${range ? ` unicode-range: ${range};` : ''} }`;
  const rules = faces.filter((face) => face.family !== CODE_FONT_FAMILY).map((face) => rule(face.family, face, face.weight));
  for (const code of faces.filter((face) => face.family === CODE_FONT_FAMILY)) {
    rules.push(rule(CODE_FAMILY, code, 400, unicodeRange(CODE_RANGE)).replace(' }', ` size-adjust: ${CODE_SIZE_ADJUST}; }`));
  }
  const bodyFaces = faces.filter((face) => face.family === families.body);
  for (const caption of faces.filter((face) => face.family === families.caption)) {
    const punctuation = nearestWeight(bodyFaces, caption.weight);
    if (!punctuation) continue;
    rules.push(rule(CAPTION_FAMILY, caption, caption.weight, unicodeRange(complement(CAPTION_PUNCTUATION))));
    rules.push(rule(CAPTION_FAMILY, punctuation, caption.weight, unicodeRange(CAPTION_PUNCTUATION)));
  }
  return rules.join('\n');
}

/**
 * A CSS font-family list: the family asked for, then the book's other faces (so that a character one
 * face lacks comes from another book face, never from a system font), then the generic family.
 */
export function familyList(first: string, families: BookFontFamilies, generic: 'serif' | 'sans-serif' | 'monospace'): string {
  const names = [...new Set([first, families.body, families.heading, families.caption])];
  return [...names.map(cssString), generic].join(', ');
}

/** A relative URL from a folder to a file: POSIX separators, each segment percent-encoded. */
export function relativeUrl(fromDir: string, file: string): string {
  return path.relative(fromDir, file).split(path.sep).map(encodeURIComponent).join('/');
}

function nearestWeight(faces: readonly SubsetFace[], weight: number): SubsetFace | undefined {
  return [...faces].sort((a, b) => Math.abs(a.weight - weight) - Math.abs(b.weight - weight) || a.weight - b.weight)[0];
}

function unicodeRange(ranges: readonly (readonly [number, number])[]): string {
  const hex = (code: number) => code.toString(16).toUpperCase();
  return ranges.map(([from, to]) => (from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`)).join(', ');
}

/** The code points outside the given (sorted, disjoint) ranges. */
export function complement(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const result: [number, number][] = [];
  let next = 0;
  for (const [from, to] of ranges) {
    if (from > next) result.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= 0x10ffff) result.push([next, 0x10ffff]);
  return result;
}

/**
 * Folders of the full font files. The print reads only the subsets in the output folder; this is for
 * callers that print other HTML with the full files.
 */
export function fontDirs(families: readonly FontFamily[]): string[] {
  return [...new Set(bookFaces(families).map((face) => path.dirname(face.file)))];
}

export interface BookFonts {
  /** The @font-face rules for the book's HTML (and the cover's). */
  css: string;
  /** The folder of the subsets: the only font folder Chromium may read. */
  dir: string;
  /** The subset files. */
  files: string[];
  /** How many characters the subsets were made for. */
  characters: number;
}

/**
 * Subsets the book's faces to every character the printed documents can show (`html`: the book's
 * and the cover's HTML, whose stylesheets carry the generated content and margin-box text) and
 * returns their @font-face rules. A printed character that no book font has stops the build here,
 * before the print: Chromium would silently take it from a system font (a Type 3 font, or tofu).
 * `htmlDir`: where the HTML will sit; its @font-face rules then name the subsets relative to it.
 */
export async function prepareBookFonts(families: BookFontFamilies, html: readonly string[], cacheDir: string, htmlDir?: string): Promise<BookFonts> {
  // The code face only in a book that prints code: every other book's PDF keeps its fonts as they were.
  const hasCode = html.some((document) => /<(code|pre|kbd)[\s>]/.test(document));
  const faces = bookFaces([families.body, families.heading, families.caption, ...(hasCode ? [CODE_FONT_FAMILY] : [])]);
  const coverage = await bookCoverage(faces);
  const printed = html.map(printedText).join('\n');
  const missing = uncoveredCharacters(printed, coverage);
  if (missing.length > 0) {
    const chars = [...new Set(missing.map((m) => m.char))];
    throw new PaibanError(`The book prints ${chars.slice(0, 8).map(describeCharacter).join(', ')}${chars.length > 8 ? ` and ${chars.length - 8} more` : ''}, which none of its fonts has (${[...new Set(faces.map((f) => f.family))].join(', ')}).`, {
      hint: 'The manuscripts and book.yaml were checked already: look in styles/ and templates/ of the book for these characters, or remove them.',
    });
  }
  const characters = [...characterSet(ALWAYS_PRINTABLE, printed)].filter((char) => coverage.has(char.codePointAt(0)!)).join('');
  const subsets = await subsetFaces(faces, characters, cacheDir);
  return { css: fontFaceCss(subsets, families, htmlDir), dir: cacheDir, files: subsets.map((face) => face.subsetFile), characters: [...characters].length };
}
