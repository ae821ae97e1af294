import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { needsGlyph } from './coverage.js';

type Node = DefaultTreeAdapterMap['node'];

/**
 * Characters every subset carries whatever the text: printable ASCII (folios, TOC numbers, list
 * numbers, anything a stylesheet generates from counters), the figure spaces of the first pass's TOC
 * placeholders, the Chinese numerals of `cjk-decimal` counters, list bullets, the ideographic space
 * and the ellipsis of a cut line. A few dozen glyphs.
 */
export const ALWAYS_PRINTABLE =
  Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\u00a0\u2007〇一二三四五六七八九十•◦▪■\u3000…';

/**
 * All the text a printed HTML document can show: its text nodes (the page rules, colophon, TOC
 * numbers and title page included), every string of its stylesheets (`content:` generated text and
 * the margin boxes' running heads), and the attributes that can print (`alt` of a broken image,
 * `data-*` read by `attr()`). Scripts and comments print nothing and are left out.
 */
export function printedText(html: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === '#text' && 'value' in node) {
      const parent = 'parentNode' in node ? node.parentNode : null;
      parts.push(parent && parent.nodeName === 'style' ? cssStrings(node.value) : node.value);
      return;
    }
    if (node.nodeName === 'script' || node.nodeName === '#comment') return;
    if ('attrs' in node) {
      for (const attr of node.attrs) {
        if (attr.name === 'alt' || attr.name.startsWith('data-')) parts.push(attr.value);
        else if (attr.name === 'style') parts.push(cssStrings(attr.value));
      }
    }
    if ('content' in node && node.content) walk(node.content as Node);
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parse(html));
  return parts.join('\n');
}

/** Every string literal of a stylesheet (generated content, margin-box text, quotes), CSS escapes decoded. */
export function cssStrings(css: string): string {
  const strings: string[] = [];
  const source = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of source.matchAll(/"((?:[^"\\\n]|\\[\s\S])*)"|'((?:[^'\\\n]|\\[\s\S])*)'/g)) strings.push(decodeCssEscapes(match[1] ?? match[2] ?? ''));
  return strings.join('\n');
}

/** CSS escapes (`\201C`, `\"`, an escaped line break) to the characters they stand for. */
export function decodeCssEscapes(text: string): string {
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\n)|([\s\S]))/g, (_match, hex: string | undefined, newline: string | undefined, char: string | undefined) => {
    if (hex) {
      const code = Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return newline ? '' : (char ?? '');
  });
}

/** The distinct characters of the texts that need a glyph, in code point order (a stable subset input). */
export function characterSet(...texts: string[]): string {
  const codes = new Set<number>();
  for (const text of texts) for (const char of text) if (needsGlyph(char)) codes.add(char.codePointAt(0)!);
  return [...codes].sort((a, b) => a - b).map((code) => String.fromCodePoint(code)).join('');
}
