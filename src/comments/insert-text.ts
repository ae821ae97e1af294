import { hasControlCharacters } from '../util/escape.js';

/**
 * The text a proofreader's comment asks to insert (a caret's text, `改为：…`), as it goes into a
 * manuscript: text, never markup. A stranger's PDF could otherwise insert a heading, a directive, a
 * table row or raw HTML through `--apply`. So the text is made one line (line breaks inside a comment
 * are the reader's wrapping: joined without a space between two Han characters, with one elsewhere)
 * and every character Markdown could read as markup gets a backslash (CommonMark: a backslash before
 * any ASCII punctuation prints the character itself). Written by hand: remark-stringify escapes for a
 * whole document, not for a piece of a line whose neighbours it does not see.
 */
export interface InsertText {
  /** What is written into the manuscript: one line, markup characters escaped. */
  markdown: string;
  /** What it prints: one line, as the proofreader wrote it. */
  printed: string;
}

const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/** Markup anywhere in a line: emphasis, code, links and images, HTML, tables, directives, entities, escapes. */
const INLINE_MARKUP = /[\\`*_[\]<>!|~:&]/g;

/** One line from a comment's text; line breaks and tabs become nothing between Han characters, a space elsewhere. */
export function oneLine(text: string): string {
  return text
    .trim()
    .replace(/[ \t]*[\r\n\t][ \t\r\n]*/g, (gap, offset: number, whole: string) => (HAN.test(whole[offset - 1] ?? '') && HAN.test(whole[offset + gap.length] ?? '') ? '' : ' '));
}

/** The inserted text, or why it cannot be inserted by a machine (control characters: shown escaped, never written). */
export function insertText(text: string): InsertText | { refused: string } {
  const printed = oneLine(text);
  if (hasControlCharacters(printed)) return { refused: 'the text to insert holds control characters: make this change by hand' };
  let markdown = printed.replace(INLINE_MARKUP, (char) => `\\${char}`);
  // At the start of a line these open a heading, a list, a quote or a setext underline.
  markdown = markdown.replace(/^([#+\-=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
  return { markdown, printed };
}
