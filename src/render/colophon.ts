import { h } from 'hastscript';
import type { Element } from 'hast';
import type { BookConfig } from '../config/schema.js';
import { isbnDigits } from '../config/isbn.js';
import { formatKaiben, formatYinzhang, kaibenOf, qianzi, typeAreaGrid, yinzhang } from './kaiben.js';

/** What the colophon needs besides book.yaml: the book's date and, once printed, its page count. */
export interface ColophonFacts {
  /** YYYY-MM-DD, the book's date: the default month of the edition and the printing. */
  date: string;
  /** Pages of the book as printed (front matter and blanks included); undefined before the first print (0 is shown). */
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
  // Before the first print the page count is unknown: the rows are there all the same (0), so the first
  // print has the same lines, and the font subsets made from it have every character of the final one.
  const pages = facts.pages ?? 0;
  const grid = charsAndLines(config);
  const rows: [string, string | undefined][] = [
    ['书名', config.subtitle ? `${config.title}——${config.subtitle}` : config.title],
    ['编者', config.editor],
    ['出版', config.publisher],
    ['发行', colophon.distributor],
    ['印刷', colophon.printer],
    ['开本', formatKaiben(config.page.size)],
    ['印张', kaiben ? formatYinzhang(yinzhang(pages, kaiben.parts)) : undefined],
    ['字数', `${qianzi(grid.chars, grid.lines, pages)} 千字`],
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

/** Characters per line and lines per page: book.yaml's grid when it has one, else what fits the type area. */
export function charsAndLines(config: BookConfig): { chars: number; lines: number } {
  const grid = (config as { grid?: { chars?: number; lines?: number } }).grid;
  const { size, margins } = config.page;
  const width = size.widthMm - margins.inner - margins.outer;
  const height = size.heightMm - margins.top - margins.bottom;
  const vertical = config.writing === 'vertical';
  const derived = typeAreaGrid({ inlineMm: vertical ? height : width, blockMm: vertical ? width : height }, config.fonts.size, config.fonts.leading);
  return { chars: grid?.chars ?? derived.chars, lines: grid?.lines ?? derived.lines };
}

function copiesText(copies: number | string | undefined, impression: number): string | undefined {
  if (copies === undefined) return undefined;
  if (typeof copies === 'string') return copies;
  // A first printing states its run as a range from 1, as 版权页 do.
  return impression === 1 ? `1—${copies} 册` : `${copies} 册`;
}

/** An ISBN with the hyphens it was given, or the bare digits grouped 978-x-… when it had none. */
function formatIsbn(text: string): string {
  const given = text.replace(/^\s*ISBN[-:：\s]*/i, '').trim();
  return /[-\s]/.test(given) ? given : isbnDigits(given);
}

export function colophonFields(rows: readonly [string, string][]): Element[] {
  return rows.map(([label, value]) => h('div.colophon-field', [h('dt', label), h('dd', value)]));
}

export function colophonNoteElements(notes: readonly string[]): Element[] {
  return notes.map((note) => h('p.colophon-note', note));
}
