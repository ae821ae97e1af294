/**
 * One escaping function per output context. Every value that comes from a book (book.yaml, front
 * matter, file names, manuscript text) passes through the function of the context it lands in, and
 * only that one: HTML text and attributes, CSS string literals, XML text (XMP), the terminal.
 * Written by hand: each is a few lines, and the libraries that exist cover one context each with
 * different rules for what they leave alone.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text between HTML tags. Quotes are escaped too, so the same text is also safe in an attribute. */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML[char]!);
}

/** A quoted HTML attribute value (`"…"` or `'…'`). */
export function htmlAttribute(text: string): string {
  return htmlText(text);
}

/**
 * A CSS string literal, quotes included. Everything that could end the string, the declaration or the
 * <style> element it sits in (`"`, `'`, `\`, `<`, `>`, `&`, line breaks, other control characters) is
 * written as a CSS hex escape (`\3c `), which CSS reads back as the same character and an HTML parser
 * never sees as markup.
 */
export function cssString(text: string): string {
  // eslint-disable-next-line no-control-regex
  // Line breaks become one space, as white-space would collapse them anyway.
  const escaped = text.replace(/[\n\r\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f"'\\<>&\u2028\u2029]/g, (char) =>
    char === '\u0000' ? '\ufffd' : `\\${char.codePointAt(0)!.toString(16)} `,
  );
  return `"${escaped}"`;
}

/**
 * XML character data or a quoted attribute (XMP). The five markup characters become entities;
 * characters XML 1.0 forbids altogether (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
 */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Text for the terminal: control characters (ESC and the rest of C0 and C1, DEL) and the Unicode
 * controls that reorder or hide text (bidi overrides and isolates) are shown as visible escapes
 * (`\x1b`, `\u202e`), so a value from a book can neither move the cursor, retitle or clear the
 * terminal, nor disguise what it says. Line breaks and tabs are kept.
 */
export function terminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when text holds a character terminalText would show as an escape (used to refuse such values at the source). */
export function hasControlCharacters(text: string, options: { allowLineBreaks?: boolean } = {}): boolean {
  const stripped = options.allowLineBreaks ? text.replace(/[\n\t]/g, '') : text.replace(/\t/g, '');
  return terminalText(stripped) !== stripped || /[\n\r]/.test(stripped);
}
