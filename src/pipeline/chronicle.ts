import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { toString as toText } from 'hast-util-to-string';
import { splitNumbers, type VerticalDigits } from './vertical-numbers.js';

/**
 * 大事记 (a yearbook's chronicle, front matter `role: chronicle`): one event per entry, each led by its
 * date, `- 1月5日　区政协召开…` or `**1月5日**　区政协召开…`, under `## 1月` month heads.
 *
 * The date forms a chronicle uses (地方综合年鉴 practice): `1月5日`; a span `1月5—7日`, `1月5日至7日`,
 * `1月30日—2月2日`; a part of a month `1月上旬` (中旬, 下旬, 初, 中, 底, 末); an unknown day `1月` (or
 * 是月, 同月, 本月: the month before); an unknown month `是年` (本年, 年内, 全年, 当年); the day before
 * again `同日` (是日, 当日); a year may lead (`2024年1月5日`); a year alone (`2024年　…`, a source that gives no
 * month: an unknown month of that year) when a space or mark follows it. Written by hand: no library reads them.
 */
export interface ChronicleDate {
  /** The date as written, without the separator after it. */
  text: string;
  year?: number;
  /** 1–12; 13 for the year's entries of no known month (是年), which go at the year's end. Absent for 同日. */
  month?: number;
  /** Its place in the month: the day; 上旬 10.5, 中旬 20.5, 下旬 31.5; 32 for an unknown day (the month's end). Absent for 同日. */
  day?: number;
  /** 同日 (the day before again) or 是月 (an unknown day of the month before). */
  same?: 'day' | 'month';
}

const RANGE = '(?:[—–~～-]|至|到)';
const PERIOD_DAY: Record<string, number> = { 初: 10.5, 上旬: 10.5, 中: 20.5, 中旬: 20.5, 下旬: 31.5, 底: 31.5, 末: 31.5 };
/** Day of an unknown day: after every day and part of its month. */
export const UNKNOWN_DAY = 32;
/** Month of an unknown month: after every month of the year. */
export const UNKNOWN_MONTH = 13;

const DATED = new RegExp(
  String.raw`^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})(?:日(?:${RANGE}(?:\d{1,2}月)?\d{1,2}日)?|${RANGE}\d{1,2}日)|(上旬|中旬|下旬|初|中|底|末))?`,
  'u',
);
const YEAR_ONLY = /^(?:(\d{4})年)?(是年|本年|年内|全年|当年)/u;
/** A year and nothing more: only before a separator, so “2024年区政协…” (no date, a year in the text) is not one. */
const YEAR_ALONE = /^(\d{4})年(?=[\s\u3000：:，,、]|$)/u;
const SAME_DAY = /^(同日|是日|当日)/u;
const SAME_MONTH = /^(是月|同月|本月|当月)/u;
/** What may stand between the date and the entry's text: spaces (the usual 全角空格), or a colon or comma. */
const SEPARATOR = /^[\s\u3000]*[：:，,、]?[\s\u3000]*/u;

/** The date at the start of an entry's text and the text after it (separator dropped), or undefined. */
export function chronicleDate(text: string): { date: ChronicleDate; rest: string } | undefined {
  const found = matchDate(text);
  if (!found) return undefined;
  return { date: found, rest: text.slice(found.text.length).replace(SEPARATOR, '') };
}

function matchDate(text: string): ChronicleDate | undefined {
  const dated = DATED.exec(text);
  if (dated) {
    // “1月5区政协…” is no date: a month alone must not run into a digit.
    if (dated[3] === undefined && dated[4] === undefined && /^\d/u.test(text.slice(dated[0].length))) return undefined;
    const month = Number(dated[2]);
    const day = dated[3] === undefined ? (dated[4] === undefined ? UNKNOWN_DAY : PERIOD_DAY[dated[4]]!) : Number(dated[3]);
    if (month < 1 || month > 12 || day < 1 || (dated[3] !== undefined && day > 31)) return undefined;
    return { text: dated[0], month, day, ...(dated[1] ? { year: Number(dated[1]) } : {}) };
  }
  const yearOnly = YEAR_ONLY.exec(text);
  if (yearOnly) return { text: yearOnly[0], month: UNKNOWN_MONTH, day: UNKNOWN_DAY, ...(yearOnly[1] ? { year: Number(yearOnly[1]) } : {}) };
  const yearAlone = YEAR_ALONE.exec(text);
  if (yearAlone) return { text: yearAlone[0], month: UNKNOWN_MONTH, day: UNKNOWN_DAY, year: Number(yearAlone[1]) };
  const sameDay = SAME_DAY.exec(text);
  if (sameDay) return { text: sameDay[0], same: 'day' };
  const sameMonth = SAME_MONTH.exec(text);
  if (sameMonth) return { text: sameMonth[0], same: 'month' };
  return undefined;
}

/** A whole text that is a date and nothing else (a bold date, maybe with its separator): the date, or undefined. */
export function wholeDate(text: string): ChronicleDate | undefined {
  const trimmed = text.trim();
  const found = chronicleDate(trimmed);
  // A separator inside the bold (“**1月5日：**”) belongs to neither.
  return found && found.rest === '' ? found.date : undefined;
}

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** The month a month head names (`1月`, `一月`, `十二月`, `2024年1月`), or undefined (a head such as 其他). */
export function monthOfHead(text: string): number | undefined {
  const match = /^(?:\d{4}年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?$/u.exec(text.trim());
  if (!match) return undefined;
  const written = match[1]!;
  const month = /^\d/.test(written) ? Number(written) : chineseMonth(written);
  return month !== undefined && month >= 1 && month <= 12 ? month : undefined;
}

function chineseMonth(written: string): number | undefined {
  if (written === '十') return 10;
  const ten = /^([一二])?十([一二三四五六七八九])?$/u.exec(written);
  if (ten) return (ten[1] ? CHINESE_DIGITS.indexOf(ten[1]) : 1) * 10 + (ten[2] ? CHINESE_DIGITS.indexOf(ten[2]) : 0);
  return written.length === 1 ? CHINESE_DIGITS.indexOf(written) : undefined;
}

/** How the book prints numbers: its writing mode and, in vertical text, book.yaml's vertical.digits. */
export interface DateNumbers {
  writing: 'horizontal' | 'vertical';
  digits: VerticalDigits;
}

/** Printable ASCII (digits, signs) is half an em: the stylesheet sets the date's digits half width (`hwid`). */
const plainWidth = (text: string) => [...text].reduce((sum, char) => sum + (/[\x20-\x7e]/u.test(char) ? 0.5 : 1), 0);

/**
 * How wide a date prints, in em: a Han character an em, a digit lying in the line half of one; in
 * vertical text the numbers as pipeline/vertical-numbers.ts sets them (one or two digits upright in one
 * em, each digit upright, Chinese numerals). Without the book's setting, the wider of horizontal and
 * vertical (mixed) text.
 */
export function dateWidthEm(text: string, numbers?: DateNumbers): number {
  if (!numbers) return Math.max(dateWidthEm(text, { writing: 'horizontal', digits: 'mixed' }), dateWidthEm(text, { writing: 'vertical', digits: 'mixed' }));
  if (numbers.writing === 'horizontal') return plainWidth(text);
  return splitNumbers(text, numbers.digits).reduce((sum, piece) => {
    if (typeof piece === 'string') return sum + plainWidth(piece);
    const className = piece.properties.className;
    return sum + (Array.isArray(className) && className.includes('tcy') ? 1 : [...toText(piece)].length);
  }, 0);
}

/**
 * The date column: as wide as the widest date, at least 2 em, and at most 5 em or the widest single day
 * (十二月二十五日 in Chinese numerals is 7): a span of days or a year wider still pushes only its own
 * first line on, rather than setting every entry's text far from its date.
 */
export function dateColumnEm(dates: readonly string[], numbers?: DateNumbers): number {
  const widths = dates.map((date) => dateWidthEm(date, numbers));
  const days = dates.filter((date) => /^\d{1,2}月\d{1,2}日$/u.test(date)).map((date) => dateWidthEm(date, numbers));
  const most = Math.max(5, ...days);
  return Math.min(most, Math.max(2, Math.ceil(Math.max(0, ...widths) * 2) / 2));
}

const CLASSES = { entry: 'chronicle-entry', more: 'chronicle-more', date: 'chronicle-date', month: 'chronicle-month', undated: 'chronicle-undated' } as const;

/**
 * rehype plugin for a chronicle manuscript (`enabled` when its role is chronicle): each entry becomes
 * `<p class="chronicle-entry"><span class="chronicle-date">1月5日</span>区政协召开…</p>` (a list item's
 * further paragraphs `<p class="chronicle-more">`), each month head `<h2 class="chronicle-month">`.
 * Entries stay paragraphs at the top of the chapter, so the line composition and the page fitting
 * (pdf/compose/) set and break them as any paragraph. The stylesheet hangs the date in a column of its
 * own (`--chronicle-date-width`: dateColumnEm). A list item without a date keeps
 * its place in that column's text, with the column empty (`paiban check` reports it).
 */
export default function rehypeChronicle(options: { enabled: boolean; numbers?: DateNumbers | undefined }) {
  return (tree: Root) => {
    if (!options.enabled) return;
    const entries: { element: Element; date: string }[] = [];
    const children: RootContent[] = [];
    for (const child of tree.children) {
      if (child.type !== 'element') {
        children.push(child);
        continue;
      }
      if (child.tagName === 'h2') {
        addClass(child, CLASSES.month);
        children.push(child);
      } else if (child.tagName === 'ul') {
        for (const item of child.children) {
          if (item.type === 'element' && item.tagName === 'li') children.push(...listEntry(item, entries));
        }
      } else if (child.tagName === 'p') {
        children.push(boldEntry(child, entries) ?? child);
      } else {
        children.push(child);
      }
    }
    if (entries.length === 0) return;
    tree.children = children;
    const width = dateColumnEm(entries.map((entry) => entry.date), options.numbers);
    for (const { element } of entries) element.properties.style = `--chronicle-date-width: ${width}em`;
  };
}

/** A list item as its entry paragraph (the date taken from its first text), then its further blocks. */
function listEntry(item: Element, entries: { element: Element; date: string }[]): ElementContent[] {
  const blocks = item.children.filter((node) => !(node.type === 'text' && !node.value.trim()));
  // A tight item holds its text inline; a loose one holds paragraphs.
  const firstBlock = blocks.findIndex((node) => node.type === 'element' && BLOCK_TAGS.has(node.tagName));
  let inline: ElementContent[];
  let rest: ElementContent[];
  if (firstBlock === 0 && (blocks[0] as Element).tagName === 'p') {
    inline = (blocks[0] as Element).children;
    rest = blocks.slice(1);
  } else {
    inline = firstBlock === -1 ? item.children : item.children.slice(0, item.children.indexOf(blocks[firstBlock]!));
    rest = firstBlock === -1 ? [] : blocks.slice(firstBlock);
  }
  const lead = takeDate(trimStart(inline));
  if (!lead && !toText({ type: 'element', tagName: 'p', properties: {}, children: inline }).trim()) return rest;
  const entry: Element = {
    type: 'element',
    tagName: 'p',
    properties: { className: lead ? [CLASSES.entry] : [CLASSES.entry, CLASSES.undated] },
    children: lead ? [dateSpan(lead.date), ...lead.rest] : inline,
    ...(item.position ? { position: item.position } : {}),
  };
  entries.push({ element: entry, date: lead?.date ?? '' });
  const more = rest.map((block) => (block.type === 'element' && block.tagName === 'p' ? { ...block, properties: { ...block.properties, className: [CLASSES.more] } } : block));
  return [entry, ...more];
}

/** A paragraph that starts with a bold date, as an entry; undefined for any other paragraph. */
function boldEntry(paragraph: Element, entries: { element: Element; date: string }[]): Element | undefined {
  const children = trimStart(paragraph.children);
  const first = children[0];
  if (first?.type !== 'element' || first.tagName !== 'strong') return undefined;
  const date = wholeDate(toText(first));
  if (!date) return undefined;
  const rest = stripSeparator(children.slice(1));
  const entry: Element = { ...paragraph, properties: { ...paragraph.properties, className: [CLASSES.entry] }, children: [dateSpan(date.text), ...rest] };
  entries.push({ element: entry, date: date.text });
  return entry;
}

/** The date at the start of inline content (plain text, or a bold date), and the content after it. */
function takeDate(inline: ElementContent[]): { date: string; rest: ElementContent[] } | undefined {
  const first = inline[0];
  if (first?.type === 'element' && first.tagName === 'strong') {
    const date = wholeDate(toText(first));
    return date ? { date: date.text, rest: stripSeparator(inline.slice(1)) } : undefined;
  }
  if (first?.type !== 'text') return undefined;
  const found = chronicleDate(first.value);
  if (!found) return undefined;
  const rest: ElementContent[] = found.rest ? [{ ...first, value: found.rest }] : [];
  return { date: found.date.text, rest: rest.length ? [...rest, ...inline.slice(1)] : stripSeparator(inline.slice(1)) };
}

function dateSpan(date: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: [CLASSES.date] }, children: [{ type: 'text', value: date }] };
}

/** Inline content without the spaces, colon or comma that separate it from a date before it. */
function stripSeparator(inline: ElementContent[]): ElementContent[] {
  const first = inline[0];
  if (first?.type !== 'text') return inline;
  const value = first.value.replace(SEPARATOR, '');
  return value ? [{ ...first, value } satisfies Text, ...inline.slice(1)] : stripSeparator(inline.slice(1));
}

function trimStart(inline: ElementContent[]): ElementContent[] {
  const first = inline[0];
  if (first?.type !== 'text') return inline;
  const value = first.value.replace(/^[\s\u3000]+/u, '');
  return value ? [{ ...first, value }, ...inline.slice(1)] : trimStart(inline.slice(1));
}

function addClass(element: Element, name: string): void {
  const current = element.properties.className;
  element.properties.className = [...(Array.isArray(current) ? current.map(String) : []), name];
}

const BLOCK_TAGS = new Set(['p', 'ul', 'ol', 'table', 'figure', 'blockquote', 'pre', 'div', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6']);
