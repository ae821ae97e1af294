import { execFileSync } from 'node:child_process';

export interface PositionedChar {
  char: string;
  /** Centre, in points from the top-left of the page. */
  x: number;
  y: number;
  size: number;
}

export interface TextLine {
  page: number;
  text: string;
}

const decode = (entity: string) =>
  entity.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);

/** Every character of every page with its position, from `mutool draw -F stext` (MuPDF's structured text). */
export function positionedChars(file: string): PositionedChar[][] {
  const xml = execFileSync('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return xml.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<char quad="([^"]+)"[^>]*?c="([^"]*)"/g)].map((match) => {
      const [x0, y0, , , , , x3, y3] = match[1]!.split(' ').map(Number) as number[];
      return { char: decode(match[2]!), x: (x0! + x3!) / 2, y: (y0! + y3!) / 2, size: Math.abs(y3! - y0!) };
    }),
  );
}

/**
 * Lines of text as a reader sees them, rebuilt from character positions (MuPDF's own grouping splits
 * Chromium's output glyph by glyph): rows sorted left to right for horizontal text; for vertical text,
 * columns read top to bottom, right to left. `inside` keeps only the text block (no running heads or folios).
 */
export function textLines(file: string, writing: 'horizontal' | 'vertical', inside: (char: PositionedChar, page: number) => boolean): TextLine[] {
  const lines: TextLine[] = [];
  positionedChars(file).forEach((chars, index) => {
    const page = index + 1;
    const body = chars.filter((char) => char.char.trim() && inside(char, page));
    const across = (c: PositionedChar) => (writing === 'horizontal' ? c.y : c.x);
    const along = (c: PositionedChar) => (writing === 'horizontal' ? c.x : c.y);
    const sorted = [...body].sort((a, b) => (writing === 'horizontal' ? across(a) - across(b) : across(b) - across(a)));
    const groups: PositionedChar[][] = [];
    for (const char of sorted) {
      const group = groups[groups.length - 1];
      // A new line when the cross-axis position jumps by more than ~half a character.
      if (group && Math.abs(across(char) - across(group[group.length - 1]!)) < Math.max(3, char.size * 0.45)) group.push(char);
      else groups.push([char]);
    }
    // Characters side by side at one height in a column are an upright number (tate-chu-yoko): left to right.
    const order = (a: PositionedChar, b: PositionedChar) => (Math.abs(along(a) - along(b)) < 1 ? a.x - b.x : along(a) - along(b));
    for (const group of groups) lines.push({ page, text: group.sort(order).map((c) => c.char).join('') });
  });
  return lines;
}
