import { h } from 'hastscript';
import type { Element } from 'hast';
import type { BookConfig } from '../config/schema.js';
import { isbnDigits } from '../config/isbn.js';
import { chineseNumber } from '../pipeline/vertical-numbers.js';
import { typeArea } from '../config/grid.js';
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
 * The 版权页's rows (label, value), in the order of the 版本记录 (GB/T 12450): title, responsibility,
 * publisher, distributor, printer, 开本, 印张, 字数, 版次, 印次, 印数, 书号 or 准印证号, 定价. Only the fields
 * given (or computable) appear. No software credit: that belongs in the PDF's Producer.
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
  const rows: [string, string | undefined][] = [
    ['书名', config.subtitle ? `${config.title}——${config.subtitle}` : config.title],
    ['编者', config.editor],
    ['出版', config.publisher],
    ['发行', colophon.distributor],
    ['印刷', colophon.printer],
    ['开本', formatKaiben(config.page.size)],
    ['印张', kaiben ? figure((n) => formatYinzhang(yinzhang(n, kaiben.parts))) : undefined],
    ['字数', `${figure((n) => String(qianzi(grid.chars, grid.lines, n)))} 千字`],
    ['版次', `${editionMonth}第${colophon.edition}版`],
    ['印次', `${impressionMonth}第${colophon.impression}次印刷`],
    ['印数', copiesText(colophon.copies, colophon.impression)],
    ['书号', colophon.isbn ? `ISBN ${formatIsbn(colophon.isbn)}` : undefined],
    ['准印证号', colophon.permit],
    ['定价', colophon.price],
  ];
  return rows.filter((row): row is [string, string] => Boolean(row[1]));
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
  return impression === 1 ? `1—${copies} 册` : `${copies} 册`;
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
    const figure = figureClass && FIGURE_ROWS.has(label) ? /^\S+/.exec(value)?.[0] : undefined;
    const content = figure ? [h(`span.colophon-figure.${figureClass}`, figure), value.slice(figure.length)] : [value];
    return h('div.colophon-field', [h('dt', label), h('dd', content)]);
  });
}

export function colophonNoteElements(notes: readonly string[]): Element[] {
  return notes.map((note) => h('p.colophon-note', note));
}
