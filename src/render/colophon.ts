import { h } from 'hastscript';
import type { Element } from 'hast';
import type { BookConfig } from '../config/schema.js';
import type { CipData, Organization } from '../config/colophon.js';
import { isbnDigits } from '../config/isbn.js';
import { chineseNumber } from '../pipeline/vertical-numbers.js';
import { typeArea } from '../config/grid.js';
import { colophonSetting } from './colophon-fit.js';
import { formatKaiben, formatYinzhang, kaibenOf, qianzi, yinzhang } from './kaiben.js';

/** Stands for 印张 and 字数 before the page count is known: every character their figures can have. */
const ALL_FIGURES = '0.123456789';
/** The same for figures written in Chinese numerals (vertical.digits: chinese): what chineseNumber can write for them. */
const ALL_CHINESE_FIGURES = '〇零一二三四五六七八九十百千万点';

/** The rows whose value starts with a figure computed from the page count. */
const FIGURE_ROWS = new Set(['印张', '字数']);

/** What the colophon needs besides book.yaml: the book's date and, once printed, its page count. */
export interface ColophonFacts {
  /** YYYY-MM-DD, the book's date: the default month of the edition and the printing. */
  date: string;
  /** Pages of the book as printed (front matter and blanks included); undefined before it is known (ALL_FIGURES is shown). */
  pages?: number;
}

/**
 * The 版权页's rows (label, value), in the order of the 版本记录 (GB/T 12450-2001): 书名, 编者, 责任编辑,
 * 封面设计, 责任校对, 出版 (编印单位 for an internal publication) with its 地址, 邮政编码 and 网址, 发行,
 * 排版, 印刷 (each with its own address when given), 开本, 印张, 字数, 版次, 印次, 印数, 书号 or 准印证号,
 * 定价. Only the fields given (or computable) appear. No software credit: that belongs in the PDF's Producer.
 */
export function colophonRows(config: BookConfig, facts: ColophonFacts): [string, string][] {
  const colophon = config.colophon;
  const month = (yearMonth: string) => {
    const [year, m] = yearMonth.split('-');
    return `${year}年${Number(m)}月`;
  };
  const editionMonth = month(colophon.editionDate ?? facts.date);
  const impressionMonth = month(colophon.impressionDate ?? facts.date);
  const kaiben = kaibenOf(config.page.size);
  // Before the page count is known (the book's own print, whose front pages are later replaced by ones
  // printed with it) the rows are there all the same, one line each as in the final print, and they draw
  // every digit and the point: the PDF's subset of the face then already holds whatever the real figures
  // need, and the replaced pages can use the book's font instead of a second subset of it.
  const pages = facts.pages;
  const grid = charsAndLines(config);
  // In a vertical book the figures keep one orientation whatever their length (see colophonFields), so the
  // placeholder is tagged and drawn like them; with Chinese numerals it holds every numeral they can use.
  const chinese = config.writing === 'vertical' && config.vertical.digits === 'chinese';
  const placeholder = chinese ? ALL_CHINESE_FIGURES : ALL_FIGURES;
  const figure = (value: (pages: number) => string) => (pages === undefined ? placeholder : chinese ? (chineseNumber(value(pages)) ?? value(pages)) : value(pages));
  const publisher = { ...colophon.publisher, name: colophon.publisher?.name ?? config.publisher };
  // An internal publication (准印证号) has no 出版者: the unit that compiles and prints it is the 编印单位.
  const publisherLabel = colophon.permit ? '编印单位' : '出版';
  const distributor = colophon.distributor;
  const selfDistributed = !colophon.permit && distributor !== undefined && distributor.name === publisher.name && !distributor.address && !distributor.postcode && !distributor.url;
  const rows: [string, string | undefined][] = [
    ['书名', config.subtitle ? `${config.title}——${config.subtitle}` : config.title],
    ['编者', config.editor],
    ['责任编辑', names(colophon.responsibleEditor)],
    ['封面设计', names(colophon.coverDesign)],
    ['责任校对', names(colophon.proofreader)],
    // A publisher that is its own distributor is one row, 出版发行, as 版权页 print it.
    ...(selfDistributed ? unitRows('出版发行', publisher) : [...unitRows(publisherLabel, publisher), ...unitRows('发行', colophon.distributor)]),
    ...unitRows('排版', colophon.typesetter),
    ...unitRows('印刷', colophon.printer),
    ['开本', formatKaiben(config.page.size)],
    ['印张', kaiben ? figure((n) => formatYinzhang(yinzhang(n, kaiben.parts))) : undefined],
    ['字数', `${figure((n) => String(qianzi(grid.chars, grid.lines, n)))}${THOUSAND_CHARACTERS}`],
    ['版次', `${editionMonth}第${colophon.edition}版`],
    ['印次', `${impressionMonth}第${colophon.impression}次印刷`],
    ['印数', copiesText(colophon.copies, colophon.impression)],
    ['书号', colophon.isbn ? `ISBN ${formatIsbn(colophon.isbn)}` : undefined],
    ['准印证号', colophon.permit],
    ['定价', colophon.price],
  ];
  return rows.filter((row): row is [string, string] => Boolean(row[1]?.trim())).map(([label, value]) => [label, tightSpacing(value)]);
}

/** The unit after 字数's figure. */
const THOUSAND_CHARACTERS = '千字';

/** A unit's row and, when given, its 地址, 邮政编码 and 网址 right below it. */
function unitRows(label: string, unit: Organization | undefined): [string, string | undefined][] {
  if (!unit?.name) return [];
  return [
    [label, unit.name],
    ['地址', unit.address],
    ['邮政编码', unit.postcode],
    ['网址', unit.url],
  ];
}

/** Several names, one em apart (张三　李四), as 版权页 set them. */
function names(list: readonly string[] | undefined): string | undefined {
  return list?.length ? list.join('　') : undefined;
}

/**
 * No ASCII space between a Han character and a letter or figure: the stylesheet's text-autospace puts
 * 1/8 em there, so "15 千字" would stand wider apart than "2024年" (the uneven spacing before Han
 * characters). Spaces between Latin words (ISBN 978…, 890 mm × 1240 mm) stay.
 */
export function tightSpacing(value: string): string {
  return value.replace(/(?<=\p{Script=Han})[ \t]+(?=[\p{Script=Latin}\p{Nd}])|(?<=[\p{Script=Latin}\p{Nd}%])[ \t]+(?=\p{Script=Han})/gu, '');
}

/** Lines printed below the fields: the internal-publication notice, and the rights statement. */
export function colophonNotes(config: BookConfig): string[] {
  return [...(config.colophon.permit ? ['内部资料　免费交流'] : []), ...(config.rights ? [config.rights] : [])];
}

/**
 * Characters per line and lines per page, for 字数: the grid the pages are set on (typeArea: book.yaml's
 * grid, else what fits the type area at the whole-pixel line pitch the page really gets).
 */
export function charsAndLines(config: BookConfig): { chars: number; lines: number } {
  const { chars, lines } = typeArea(config);
  return { chars, lines };
}

function copiesText(copies: number | string | undefined, impression: number): string | undefined {
  if (copies === undefined) return undefined;
  if (typeof copies === 'string') return copies;
  // A first printing states its run as a range from 1, as 版权页 do.
  return impression === 1 ? `1—${copies}册` : `${copies}册`;
}

/**
 * An ISBN as book.yaml gives it (hyphens or spaces kept), without its own "ISBN" prefix. Bare digits stay
 * bare: where the hyphens go depends on the ISBN agency's range table, which paiban does not carry.
 */
function formatIsbn(text: string): string {
  const given = text.replace(/^\s*ISBN[-:：\s]*/i, '').trim();
  return /[-\s]/.test(given) ? given : isbnDigits(given);
}

/**
 * The rows as a definition list. In a vertical book the page-count figures (印张, 字数) are set in a span of
 * their own that the vertical-numbers rule leaves alone: sideways (or upright digit by digit with
 * vertical.digits: upright) whatever their length. Under the usual rule "15" would stand upright in one em
 * and "0.625" lie sideways, so the placeholder the book is first printed with would be tagged and drawn
 * unlike the real figure, and its page could not be replaced by one printed with the page count.
 */
export function colophonFields(rows: readonly [string, string][], config?: Pick<BookConfig, 'writing' | 'vertical'>): Element[] {
  const figureClass = config?.writing !== 'vertical' ? undefined : config.vertical.digits === 'upright' ? 'upright' : 'sideways';
  return rows.map(([label, value]) => {
    const figure = figureClass && FIGURE_ROWS.has(label) ? (value.endsWith(THOUSAND_CHARACTERS) ? value.slice(0, -THOUSAND_CHARACTERS.length) : value) : undefined;
    const content = figure ? [h(`span.colophon-figure.${figureClass}`, figure), value.slice(figure.length)] : withCodes(value, figureClass === 'sideways');
    return h('div.colophon-field', [h('dt', label), h('dd', content)]);
  });
}

/** Codes: an ISBN, a classification number (D627.434-54), a web address, 1/32, 2024.12. */
const CODE_RUN = /[0-9A-Za-z]+(?:[-./:][0-9A-Za-z]+)+/g;

/**
 * A value with its codes each in a `.sideways` span in a vertical book: one run lying along the column,
 * as a code is read, which the vertical-numbers rule leaves alone (it would set the last "6" of
 * 978-7-227-07890-6 upright on its own, or turn a code's figures into Chinese numerals). With
 * vertical.digits: upright every digit stands upright, codes too, as the book asks.
 */
function withCodes(text: string, vertical: boolean): (string | Element)[] {
  if (!vertical) return [text];
  const parts: (string | Element)[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_RUN)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h('span.sideways', match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function colophonNoteElements(notes: readonly string[]): Element[] {
  return notes.map((note) => h('p.colophon-note', note));
}

/**
 * The CIP data block above the 版本记录 (GB/T 12451): the heading 图书在版编目（CIP）数据, the catalogue
 * lines as the certificate gives them (a blank line between its parts kept), and the 核字 line; nothing
 * for a book without CIP data. The stylesheet sets it smaller, inside a rule.
 */
export function colophonCipElements(cip: CipData | undefined, config?: Pick<BookConfig, 'writing' | 'vertical'>): Element[] {
  if (!cip) return [];
  // Codes lie sideways unless every digit is to stand upright (vertical.digits: upright).
  const vertical = config?.writing === 'vertical' && config.vertical.digits !== 'upright';
  return [
    h('div.colophon-cip', [
      h('p.colophon-cip-title', '图书在版编目（CIP）数据'),
      ...cip.lines.map((line) => (line ? h('p.colophon-cip-line', keepDashes(withCodes(tightSpacing(line), vertical))) : h('p.colophon-cip-gap'))),
      h('p.colophon-cip-number', cip.number),
    ]),
  ];
}

/**
 * The colophon's size and leading as CSS custom properties (the template's `style` slot): the loosest
 * setting with which it fits its page (colophon-fit.ts). Measured with the placeholder figures, so the
 * first print and the one with the page count set the page alike.
 */
export function colophonStyle(config: BookConfig, date: string): string {
  const setting = colophonSetting(typeArea(config), { rows: colophonRows(config, { date }), cip: config.colophon.cip, notes: colophonNotes(config) });
  return `--colophon-size: ${setting.size}em; --colophon-leading: ${setting.leading};`;
}

/** The catalogue's separator ". -- " in one piece: Chromium would break a line between its two hyphens. */
function keepDashes(parts: (string | Element)[]): (string | Element)[] {
  return parts.flatMap((part) => (typeof part === 'string' ? part.split(/(-{2,})/).map((piece, i) => (i % 2 ? h('span.colophon-cip-dash', piece) : piece)).filter((piece) => piece !== '') : [part]));
}
