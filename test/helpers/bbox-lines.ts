import { execFileSync } from 'node:child_process';

/** One word as poppler places it (points, from the top-left of the page; pages 1-based). */
export interface BoxWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface BoxLine {
  page: number;
  text: string;
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Every word of a PDF with its box, from poppler's `pdftotext -bbox` (not paiban's own page reader). */
export function boxWords(file: string): BoxWord[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const words: BoxWord[] = [];
  xhtml.split('<page ').slice(1).forEach((chunk, index) => {
    for (const match of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: index + 1, xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]), text: unescape(match[5]!) });
    }
  });
  return words;
}

/**
 * Printed lines read from word positions alone, an independent second look beside paiban's layout
 * lint: horizontal lines are words sharing a vertical centre (left to right); vertical columns are
 * words sharing a horizontal centre (top to bottom, columns right to left). Written here because poppler
 * groups vertical text one character a line.
 */
export function boxLines(words: readonly BoxWord[], writing: 'horizontal' | 'vertical', inside: (word: BoxWord) => boolean = () => true): BoxLine[] {
  const across = (w: BoxWord) => (writing === 'horizontal' ? (w.yMin + w.yMax) / 2 : (w.xMin + w.xMax) / 2);
  const along = (w: BoxWord) => (writing === 'horizontal' ? w.xMin : w.yMin);
  const lines: BoxLine[] = [];
  const pages = [...new Set(words.map((w) => w.page))].sort((a, b) => a - b);
  for (const page of pages) {
    const onPage = words.filter((w) => w.page === page && inside(w)).sort((a, b) => (writing === 'horizontal' ? across(a) - across(b) : across(b) - across(a)));
    const groups: BoxWord[][] = [];
    for (const word of onPage) {
      const last = groups[groups.length - 1];
      // Lines are a leading (≥ 15 pt here) apart; words of one line share their centre within a few points.
      if (last && Math.abs(across(last[0]!) - across(word)) < 4) last.push(word);
      else groups.push([word]);
    }
    for (const group of groups) lines.push({ page, text: group.sort((a, b) => along(a) - along(b)).map((w) => w.text).join('') });
  }
  return lines;
}
