/**
 * Content wider than the type area, fitted on its own inside the print page before anything else is
 * measured. Chromium prints a document whose content overflows the page by shrinking EVERY page to
 * fit (one 586 px image printed a whole A5 book at 72%): here no block may be wider than the type
 * area. Images are held to it by the stylesheet; a table is set in a smaller size, step by step, down
 * to `minFontPt` (小六); code and long words wrap (stylesheet). What still overflows is reported with
 * its manuscript line (`data-line`, pipeline/source-lines.ts) and clipped to the type area by the
 * stylesheet's last resort (`.too-wide`), so the rest of the book prints at its size.
 *
 * In a vertical book a table stays horizontal (`writing-mode: horizontal-tb`): its rows are read
 * left to right as in any statistical table. Chromium cannot break such an orthogonal block across
 * pages, so a table longer than a column is cut here into parts that each fit one, every part after
 * the first titled 续表 and repeating the header.
 *
 * This function is serialized into the page: it must not use anything outside its own body.
 */
export interface FitWideSettings {
  /** The smallest size a table is set in to fit, in points. */
  minFontPt: number;
  /** Title of a table's continuation (续表), before its number when it has one. */
  continued: string;
}

export interface WideBlock {
  /** The manuscript (book-relative) and line of the block. */
  source: string;
  line: number | undefined;
  /** What it is: table, image, code, text. */
  what: string;
  /** Its size as set over the size asked for (1 when untouched). */
  scale: number;
  /** Whether it fits the type area now. */
  fits: boolean;
}

export interface FitWideResult {
  blocks: WideBlock[];
  /** Tables of a vertical book cut into parts (one entry per cut). */
  cuts: number;
  skipped?: string;
}

export function fitWideInPage(settings: FitWideSettings): FitWideResult {
  const result: FitWideResult = { blocks: [], cuts: 0 };
  const root = document.documentElement;
  const style = getComputedStyle(root);
  const pitch = Number.parseFloat(style.getPropertyValue('--line-pitch'));
  const chars = Number.parseInt(style.getPropertyValue('--grid-chars'), 10);
  const lines = Number.parseInt(style.getPropertyValue('--grid-lines'), 10);
  const em = Number.parseFloat(style.fontSize);
  if (!(pitch > 0 && chars > 0 && lines > 0 && em > 0)) return { ...result, skipped: 'no line grid in the stylesheet' };
  const vertical = style.writingMode.startsWith('vertical');
  const body = document.body;
  const previousInline = body.style.inlineSize;
  body.style.inlineSize = `${chars * em}px`;
  // The type area: the line's length across, and (vertical) the lines' width: a horizontal table's room.
  const across = vertical ? lines * pitch : chars * em;
  const along = vertical ? chars * em : Infinity;
  const widthOf = (element: Element) => element.getBoundingClientRect().width;
  const heightOf = (element: Element) => element.getBoundingClientRect().height;
  const sourceOf = (element: Element) => ({
    source: element.closest('[data-source]')?.getAttribute('data-source') ?? '',
    line: Number.parseInt(element.closest('[data-line]')?.getAttribute('data-line') ?? '', 10) || undefined,
  });
  try {
    // Tables: smaller, a step at a time, until they fit across.
    for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('.chapter-body table'))) {
      // In a chapter set in columns, a table wider than its column spans them all (column-span), and fits the type area as any other.
      const flow = table.closest<HTMLElement>('.chapter-body');
      const columns = flow ? Number.parseInt(getComputedStyle(flow).columnCount, 10) : Number.NaN;
      if (flow && columns > 1) {
        const gap = Number.parseFloat(getComputedStyle(flow).columnGap) || 0;
        const column = (across - gap * (columns - 1)) / columns;
        const block = (table.closest('.chapter-body > *') as HTMLElement | null) ?? table;
        if (widthOf(table) > column + 0.5 && !block.classList.contains('span')) block.classList.add('span');
      }
      const asked = Number.parseFloat(getComputedStyle(table).fontSize);
      let size = asked;
      const minPx = (settings.minFontPt * 4) / 3;
      while (widthOf(table) > across + 0.5 && size > minPx) {
        size = Math.max(minPx, size - 0.25);
        table.style.fontSize = `${size.toFixed(2)}px`;
      }
      const fits = widthOf(table) <= across + 0.5;
      if (size !== asked || !fits) result.blocks.push({ ...sourceOf(table), what: 'table', scale: size / asked, fits });
      if (!fits) table.closest('figure')?.classList.add('too-wide');
    }
    // Anything else still wider than the type area (an image the stylesheet could not hold, a run no break can split).
    const flowSelector = vertical ? '.chapter-body figure.table' : '.chapter-body > *';
    for (const block of Array.from(document.querySelectorAll<HTMLElement>(flowSelector))) {
      if (block.classList.contains('too-wide')) continue;
      // (A quarter em of slack: a line may end with half a mark or an autospace past the edge, as Chromium sets it.)
      if (widthOf(block) > across + 0.5 || (!vertical && block.scrollWidth > block.clientWidth + em / 4)) {
        block.classList.add('too-wide');
        result.blocks.push({ ...sourceOf(block), what: block.tagName === 'PRE' ? 'code' : block.querySelector('img') ? 'image' : block.tagName === 'FIGURE' ? 'table' : 'text', scale: 1, fits: false });
      }
    }
    // Vertical books: a table longer than a column is cut into parts of whole rows, each with the header.
    if (vertical) {
      for (const figure of Array.from(document.querySelectorAll<HTMLElement>('.chapter-body figure.table'))) {
        const table = figure.querySelector('table');
        if (!table || heightOf(figure) <= along + 0.5) continue;
        const head = table.tHead;
        const rows = Array.from(table.tBodies).flatMap((tbody) => Array.from(tbody.rows));
        const title = figure.querySelector('.table-title')?.textContent ?? '';
        const number = /^表\s*([0-9０-９一二三四五六七八九十]+(?:[-—－.．][0-9０-９]+)*)/.exec(title.trim())?.[1] ?? '';
        // Rows go back one by one, part after part.
        for (const row of rows) row.remove();
        let part = figure;
        let partBody = table.tBodies[0] ?? table.appendChild(document.createElement('tbody'));
        let index = 0;
        while (index < rows.length) {
          // Keep at least one row in each part, then as many as fit.
          let placed = 0;
          for (; index < rows.length; index += 1) {
            partBody.append(rows[index]!);
            placed += 1;
            if (placed > 1 && heightOf(part) > along + 0.5) {
              rows[index]!.remove();
              break;
            }
          }
          if (index >= rows.length) break;
          // The next part: 续表 with the table's number, the header again, the notes move with the last rows.
          const next = document.createElement('figure');
          next.className = `${figure.className} table-continued`;
          next.dataset['line'] = figure.dataset['line'] ?? '';
          const label = document.createElement('p');
          label.className = 'table-title';
          label.textContent = `${settings.continued}${number}`;
          next.append(label);
          const nextTable = table.cloneNode(false) as HTMLTableElement;
          if (head) nextTable.append(head.cloneNode(true));
          const nextBody = document.createElement('tbody');
          nextTable.append(nextBody);
          next.append(nextTable);
          const notes = part.querySelector('.table-notes');
          if (notes) next.append(notes);
          part.after(next);
          result.cuts += 1;
          part = next;
          partBody = nextBody;
        }
        // Each part the only rows left in the first table's bodies: empty ones go.
        for (const tbody of Array.from(table.tBodies)) if (!tbody.rows.length) tbody.remove();
      }
    }
  } finally {
    body.style.inlineSize = previousInline;
  }
  return result;
}
