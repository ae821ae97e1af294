/**
 * A table across pages, as a Chinese book sets it: the page fitting (grid-pages.ts) counts a titled
 * table (`figure.table`) in lines — its padding, title and unit, header, each row, notes — and may
 * end a page after any row once the title, the header and two rows are on it; the table then goes on
 * at the top of the next page under a 续表 line (with the table's number) and the header again, and
 * its notes stay with its last rows. Once the pages are counted, the table is cut into those parts
 * (one figure each, starting a page), so where Chromium breaks the pages and where the 续表 lines
 * stand cannot differ. Every part takes whole lines, so the text after the table stays on the grid.
 *
 * Serialized into the page with fitPagesInPage (it gets this factory as an argument): it must not
 * use anything outside its own body.
 */
export interface TableLines {
  /** Lines of padding (above and below together), title and unit, header, each body row, notes. */
  padding: number;
  title: number;
  head: number;
  rows: number[];
  notes: number;
}

export interface TablePages {
  /** The lines of each part of a table, or undefined when the element is no titled table with body rows. */
  measure(figure: HTMLElement): TableLines | undefined;
  /** Lines of a part with rows [from, to): the first part has the title, later ones the 续表 line; the last the notes. */
  partLines(table: TableLines, from: number, to: number): number;
  /** Cuts the table before each of `starts` (body row indices), each new part a figure of its own that starts a page. */
  cut(figure: HTMLElement, starts: readonly number[]): HTMLElement[];
}

export function tablePagesInPage(pitch: number, continued: string): TablePages {
  const linesOf = (element: Element | null | undefined) => (element ? Math.round(element.getBoundingClientRect().height / pitch) : 0);
  const bodyRows = (table: HTMLTableElement) => Array.from(table.tBodies).flatMap((tbody) => Array.from(tbody.rows));
  const measure = (figure: HTMLElement): TableLines | undefined => {
    const table = figure.querySelector('table');
    if (!table) return undefined;
    const rows = bodyRows(table).map((row) => linesOf(row));
    if (rows.length < 2) return undefined;
    const style = getComputedStyle(figure);
    const padding = Math.round((Number.parseFloat(style.paddingBlockStart) + Number.parseFloat(style.paddingBlockEnd)) / pitch);
    const title = linesOf(figure.querySelector('.table-title')) + linesOf(figure.querySelector('.table-unit'));
    return { padding, title, head: linesOf(table.tHead), rows, notes: linesOf(figure.querySelector('.table-notes')) };
  };
  const partLines = (t: TableLines, from: number, to: number) => {
    let lines = t.padding + (from === 0 ? t.title : 1) + t.head;
    for (let i = from; i < to; i += 1) lines += t.rows[i]!;
    return lines + (to >= t.rows.length ? t.notes : 0);
  };
  const cut = (figure: HTMLElement, starts: readonly number[]): HTMLElement[] => {
    const table = figure.querySelector('table')!;
    const rows = bodyRows(table);
    const title = figure.querySelector('.table-title')?.textContent ?? '';
    const number = /^表\s*([0-9０-９一二三四五六七八九十]+(?:[-—－.．][0-9０-９]+)*)/.exec(title.trim())?.[1] ?? '';
    const notes = figure.querySelector('.table-notes');
    const parts: HTMLElement[] = [];
    let previous = figure;
    [...starts, rows.length].forEach((start, k, all) => {
      if (k === all.length - 1) return;
      const end = all[k + 1]!;
      const part = document.createElement('figure');
      part.className = `${figure.className} table-continued`;
      if (figure.dataset['line']) part.dataset['line'] = figure.dataset['line'];
      const label = document.createElement('p');
      label.className = 'table-title table-continued-title';
      label.textContent = `${continued}${number}`;
      const partTable = table.cloneNode(false) as HTMLTableElement;
      if (table.tHead) partTable.append(table.tHead.cloneNode(true));
      const tbody = document.createElement('tbody');
      tbody.append(...rows.slice(start, end));
      partTable.append(tbody);
      part.append(label, partTable);
      previous.after(part);
      previous = part;
      parts.push(part);
    });
    if (notes && parts.length) parts[parts.length - 1]!.append(notes);
    for (const tbody of Array.from(table.tBodies)) if (!tbody.rows.length) tbody.remove();
    return parts;
  };
  return { measure, partLines, cut };
}
