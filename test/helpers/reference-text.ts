/**
 * What a manuscript should print, read from the raw file WITHOUT paiban's parser (remark, its
 * plugins, src/manuscript): the tests compare the PDF with this, so a parser that loses, duplicates
 * or reorders text cannot agree with itself. Hand-written on purpose and deliberately small: it knows
 * only the Markdown the manuscripts use (front matter, ATX headings, paragraphs, ::figure, ::pagebreak,
 * thematic breaks, GFM tables, fenced code, emphasis, :ruby, inline HTML), and throws on anything else
 * rather than guess.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** What book.css prints before the caption of a figure whose picture is missing (▶ in vertical books, pointing at the picture's place). */
export const CAPTION_ONLY_MARK = '▲';
const VERTICAL_CAPTION_ONLY_MARK = '▶';
/** What book.css prints for a section break (`***`). */
export const SECTION_BREAK_MARK = '＊';

export interface ReferenceManuscript {
  meta: { title: string; subtitle?: string; author?: string; byline?: string };
  /** Headings, paragraphs, captions, table cells and code lines, in reading order, as printed. */
  blocks: string[];
  /** The `##` headings. */
  headings: string[];
}

/** Inline Markdown as printed: emphasis marks, code ticks, ruby annotations' base, HTML tags and escapes removed. */
export function inlineText(text: string): string {
  return text
    .replace(/:ruby\[([^\]]*)\]\{[^}]*\}/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*{1,3}|_{2,3}|~~|`+)/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => inlineText(cell.trim()));
}

/** Reads the text of a manuscript file the way a proofreader would: line by line. */
export function readReferenceText(text: string): ReferenceManuscript {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new Error('reference reader: no front matter');
  const close = lines.indexOf('---', 1);
  if (close < 0) throw new Error('reference reader: front matter not closed');
  const meta = parseYaml(lines.slice(1, close).join('\n')) as Record<string, unknown>;
  const field = (name: string) => (meta[name] === undefined || meta[name] === null ? undefined : String(meta[name]));
  const blocks: string[] = [];
  const headings: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push(inlineText(paragraph.join('')));
    paragraph = [];
  };
  for (let i = close + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (!trimmed) {
      endParagraph();
      continue;
    }
    const fence = /^(`{3,}|~{3,})/.exec(trimmed);
    if (fence) {
      endParagraph();
      const code: string[] = [];
      for (i += 1; i < lines.length && !lines[i]!.trim().startsWith(fence[1]!); i += 1) code.push(lines[i]!);
      blocks.push(...code.filter((c) => c.trim()));
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*$/.exec(trimmed);
    if (heading) {
      endParagraph();
      blocks.push(inlineText(heading[1]!));
      if (trimmed.startsWith('## ')) headings.push(inlineText(heading[1]!));
      continue;
    }
    if (/^([*_-])(\s*\1){2,}$/.test(trimmed)) {
      endParagraph();
      // A section break prints the stylesheet's mark "＊" (book.css hr::after).
      blocks.push(SECTION_BREAK_MARK);
      continue;
    }
    if (trimmed.startsWith('::')) {
      endParagraph();
      const figure = /^::figure\[(.*)\](\{.*\})?$/.exec(trimmed);
      // A figure without a picture prints its caption after the stylesheet's mark "▲ " (book.css).
      if (figure) blocks.push(`${figure[2]?.includes('src=') ? '' : CAPTION_ONLY_MARK}${inlineText(figure[1]!)}`);
      else if (trimmed !== '::pagebreak') throw new Error(`reference reader: unknown directive ${trimmed}`);
      continue;
    }
    if (trimmed.startsWith('|') && paragraph.length === 0) {
      for (; i < lines.length && lines[i]!.trim().startsWith('|'); i += 1) {
        const cells = tableCells(lines[i]!);
        if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
        blocks.push(...cells.filter(Boolean));
      }
      i -= 1;
      continue;
    }
    if (/^(>|[-+*]\s|\d+[.)]\s)/.test(trimmed)) throw new Error(`reference reader: lists and quotes are not read: ${trimmed}`);
    paragraph.push(trimmed);
  }
  endParagraph();
  const title = field('title');
  if (!title) throw new Error('reference reader: no title');
  return {
    meta: { title, ...(field('subtitle') ? { subtitle: field('subtitle') } : {}), ...(field('author') ? { author: field('author') } : {}), ...(field('byline') ? { byline: field('byline') } : {}) },
    blocks: blocks.filter((block) => block.trim()),
    headings,
  };
}

export function readReferenceFile(file: string): ReferenceManuscript {
  return readReferenceText(readFileSync(file, 'utf8'));
}

/**
 * A chapter as the book prints it, squashed (no white space): title, subtitle (after the dash the
 * stylesheet puts before it), byline and author, then every block.
 */
export function printedChapter(manuscript: ReferenceManuscript, writing: 'horizontal' | 'vertical' = 'horizontal'): string {
  const { title, subtitle, author, byline } = manuscript.meta;
  const head = [title, subtitle ? `——${subtitle}` : '', author ? `${byline ?? ''}${author}` : ''];
  const blocks = writing === 'vertical' ? manuscript.blocks.map((block) => block.replace(/^▲/, VERTICAL_CAPTION_ONLY_MARK)) : manuscript.blocks;
  return [...head, ...blocks].join('').replace(/\s+/g, '');
}

/**
 * Compares the printed chapters with the expected text exactly, so that missing, extra, duplicated or
 * reordered text all fail. Returns undefined when they agree, else where they first differ.
 */
export function firstDifference(printed: string, expected: string): string | undefined {
  if (printed === expected) return undefined;
  let at = 0;
  while (at < printed.length && printed[at] === expected[at]) at += 1;
  return `differs at ${at} of ${expected.length}: expected …${expected.slice(Math.max(0, at - 20), at + 30)}… but printed …${printed.slice(Math.max(0, at - 20), at + 30)}…`;
}

/** The manuscripts of a book in the reading order its book.yaml lists, read independently. */
export function bookReferences(bookDir: string): ReferenceManuscript[] {
  const yaml = parseYaml(readFileSync(path.join(bookDir, 'book.yaml'), 'utf8')) as { manuscripts?: string[] };
  if (!yaml.manuscripts?.length) throw new Error('reference reader: book.yaml lists no manuscripts');
  return yaml.manuscripts.map((name) => readReferenceFile(path.join(bookDir, name)));
}
