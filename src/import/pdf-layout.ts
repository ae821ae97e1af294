/**
 * The reading order of a laid-out page, from positioned text (pdf.js): lines, running heads and
 * folios, columns, paragraph starts. Written by hand: pdf.js gives positions, not reading order, and
 * no maintained npm library for Node puts columns of CJK text in order.
 */

/** A piece of text on a page, in points from the page's top left. */
export interface PlacedText {
  text: string;
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  width: number;
  size: number;
}

export interface PageText {
  width: number;
  height: number;
  items: PlacedText[];
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** The page (1-based) it is on, when known. */
  page?: number;
}

const LATIN_END = /[A-Za-z0-9,.;:!?%)]$/;
const LATIN_START = /^[A-Za-z0-9(]/;

/** Items on one baseline, split where a gap is wider than a character (the gutter between columns). */
export function linesOf(items: readonly PlacedText[]): Line[] {
  const sorted = items.filter((i) => i.text.trim() !== '' || i.text === ' ').sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PlacedText[][] = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.y - item.y) <= 0.4 * Math.max(item.size, row[0]!.size)) row.push(item);
    else rows.push([item]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let line: Line | undefined;
    for (const item of row) {
      if (item.text.trim() === '') continue;
      const gap = line ? item.x - line.x1 : 0;
      if (!line || gap > item.size) {
        line = { text: item.text, x0: item.x, x1: item.x + item.width, y: item.y, size: item.size };
        lines.push(line);
        continue;
      }
      const space = gap > 0.2 * item.size && LATIN_END.test(line.text) && LATIN_START.test(item.text.trimStart()) && !line.text.endsWith(' ');
      line.text += (space ? ' ' : '') + item.text;
      line.x1 = Math.max(line.x1, item.x + item.width);
      line.size = Math.max(line.size, item.size);
    }
  }
  for (const line of lines) line.text = line.text.replace(/\s+/g, ' ').trim();
  return lines.filter((l) => l.text);
}

const FOLIO = /^[-—–·\s]*(?:第\s*)?(?:\d{1,4}|[ivxlcdm]{1,6}|[〇一二三四五六七八九十百]{1,6})(?:\s*页)?[-—–·\s]*$/iu;
const withoutDigits = (text: string) => text.replace(/[\d〇一二三四五六七八九十百]+/gu, '#').replace(/\s+/g, '');

export interface Removed {
  runningHeads: string[];
  folios: string[];
}

/**
 * Running heads and folios: the top and bottom lines of each page (in the outer 15%) that are a page
 * number, or whose text (numbers aside) stands at the top or bottom of two pages or more.
 */
export function removeMargins(pages: { page: PageText; lines: Line[] }[]): { pages: Line[][]; removed: Removed } {
  const removed: Removed = { runningHeads: [], folios: [] };
  const edges = pages.map(({ page, lines }) => {
    const top = lines.filter((l) => l.y < page.height * 0.15);
    const bottom = lines.filter((l) => l.y > page.height * 0.85);
    const firstY = Math.min(...lines.map((l) => l.y));
    const lastY = Math.max(...lines.map((l) => l.y));
    return [...top.filter((l) => l.y === firstY), ...bottom.filter((l) => l.y === lastY)];
  });
  const seen = new Map<string, number>();
  for (const lines of edges) for (const key of new Set(lines.map((l) => withoutDigits(l.text)))) seen.set(key, (seen.get(key) ?? 0) + 1);
  const result = pages.map(({ lines }, index) =>
    lines.filter((line) => {
      if (!edges[index]!.includes(line)) return true;
      if (FOLIO.test(line.text)) return void removed.folios.push(line.text), false;
      if ((seen.get(withoutDigits(line.text)) ?? 0) >= 2) return void removed.runningHeads.push(line.text), false;
      return true;
    }),
  );
  return { pages: result, removed };
}

/** A vertical gutter between two columns, if the page has one: the middle of the widest band of x that the fewest lines cross. */
export function gutterOf(lines: readonly Line[], width: number): number | undefined {
  if (lines.length < 6) return undefined;
  const xs: { x: number; crossing: number }[] = [];
  for (let x = Math.round(width * 0.3); x <= width * 0.7; x += 1) xs.push({ x, crossing: lines.filter((l) => l.x0 < x && l.x1 > x).length });
  if (!xs.length) return undefined;
  const fewest = Math.min(...xs.map((p) => p.crossing));
  let band = { from: 0, to: -1 };
  for (let i = 0, start = -1; i <= xs.length; i += 1) {
    if (i < xs.length && xs[i]!.crossing === fewest) start = start === -1 ? i : start;
    else if (start !== -1) {
      if (i - start > band.to - band.from + 1) band = { from: start, to: i - 1 };
      start = -1;
    }
  }
  const best = { x: Math.round((xs[band.from]!.x + xs[band.to]!.x) / 2), crossing: fewest };
  const left = lines.filter((l) => l.x1 <= best!.x).length;
  const right = lines.filter((l) => l.x0 >= best!.x).length;
  return left >= 3 && right >= 3 && best.crossing <= Math.max(1, lines.length * 0.15) ? best.x : undefined;
}

/** Lines in reading order: across a spanning line (a title over both columns) the columns start again below it. */
export function readingOrder(lines: readonly Line[], gutter: number | undefined): Line[][] {
  const sorted = [...lines].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  if (gutter === undefined) return [sorted];
  const columns: Line[][] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flush = () => {
    if (left.length) columns.push(left);
    if (right.length) columns.push(right);
    left = [];
    right = [];
  };
  for (const line of sorted) {
    if (line.x1 <= gutter) left.push(line);
    else if (line.x0 >= gutter) right.push(line);
    else {
      flush();
      columns.push([line]);
    }
  }
  flush();
  return columns;
}

/**
 * Raw text for the raw-text importer (src/normalize/), which joins lines and split paragraphs and
 * classifies headings and captions: a line indented from its column's left edge opens a paragraph
 * (U+3000); a gap or a change of type size sets a block apart (a blank line); a word hyphenated at
 * a line end is joined.
 */
export function rawTextOf(columns: readonly Line[][]): string {
  return rawTextWithPages(columns).text;
}

/** rawTextOf, with the line of the text on which each page's text starts (for the report). */
export function rawTextWithPages(columns: readonly Line[][]): { text: string; pageStarts: Map<number, number> } {
  const body = bodySize(columns.flat());
  const out: string[] = [];
  const pageStarts = new Map<number, number>();
  let previous: Line | undefined;
  for (const column of columns) {
    const left = Math.min(...column.map((l) => l.x0));
    const right = Math.max(...column.map((l) => l.x1));
    const pitch = medianPitch(column);
    column.forEach((line, index) => {
      const above = column[index - 1];
      const isBody = Math.abs(line.size - body) <= 0.08 * body;
      const indented = isBody && line.x0 - left >= 1.2 * line.size;
      const sizeChange = previous && Math.abs(line.size - previous.size) > 0.08 * body;
      const gap = above && pitch && line.y - above.y > 1.8 * pitch;
      const last = out.length - 1;
      // A heading or caption (not body size) wrapped by the column: its lines are one text.
      const wrapped = !isBody && above && previous === above && !sizeChange && above.x1 - above.x0 >= 0.65 * (right - left) && line.y - above.y < 2 * line.size;
      if (wrapped) {
        out[last] += /[A-Za-z0-9]$/.test(out[last]!) && /^[A-Za-z0-9]/.test(line.text) ? ` ${line.text}` : line.text;
        previous = line;
        return;
      }
      if (previous && (sizeChange || gap)) out.push('');
      if (line.page !== undefined && !pageStarts.has(line.page)) pageStarts.set(line.page, out.length + 1);
      if (last >= 0 && /[A-Za-z]-$/.test(out[last]!) && /^[a-z]/.test(line.text) && !indented) out[last] = out[last]!.slice(0, -1) + line.text;
      else out.push(`${indented ? '\u3000' : ''}${line.text}`);
      previous = line;
    });
  }
  return { text: `${out.join('\n')}\n`, pageStarts };
}

function bodySize(lines: readonly Line[]): number {
  const counts = new Map<number, number>();
  for (const line of lines) counts.set(Math.round(line.size * 2) / 2, (counts.get(Math.round(line.size * 2) / 2) ?? 0) + line.text.length);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

function medianPitch(column: readonly Line[]): number | undefined {
  const gaps = column.slice(1).map((line, i) => line.y - column[i]!.y).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
