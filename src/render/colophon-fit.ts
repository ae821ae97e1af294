import type { CipData } from '../config/colophon.js';
import type { TypeArea } from '../config/grid.js';

/**
 * How tightly the 版权页 is set so that it fits its one page. The page is fixed (the back of the title
 * page, or the last page) and a full published book's colophon — CIP data and twenty rows — does not
 * fit a vertical A5 type area at the usual size: Chromium would clip the columns that fall off the page.
 * So the rows, CIP lines and notes are measured roughly here (a Han character or full-width mark one em,
 * a Latin letter or figure about half) and the first setting of the ladder that fits is used: first a
 * tighter leading, then a smaller size. Written by hand: no library lays out a page before Chromium does.
 */

/** Size (em of the body) and leading of the colophon, loosest first; the first is the usual 小五 at 1.8. */
export const COLOPHON_LADDER: readonly ColophonSetting[] = [
  { size: 0.85, leading: 1.8 },
  { size: 0.85, leading: 1.6 },
  { size: 0.85, leading: 1.45 },
  { size: 0.75, leading: 1.45 },
  { size: 0.7, leading: 1.35 },
  { size: 0.65, leading: 1.3 },
];

export interface ColophonSetting {
  /** Font size, in em of the body size. */
  size: number;
  /** Line height, times that size. */
  leading: number;
}

/** The CIP block's size, in em of the colophon's (styles/book.css `.colophon-cip`), and its own leading at most. */
export const CIP_SIZE = 0.85;
export const CIP_LEADING = 1.6;
/** The label column and the gap after it, in em of the colophon (styles/book.css `.colophon-field`). */
const LABEL_EM = 5;
/** Room kept free at the page's end (`.colophon` block size: the type area less 2 mm), and a margin for the estimate. */
const SLACK_MM = 2;
const SAFETY = 0.95;

/** Approximate advance of a text, in em: full-width characters 1, others (Latin, figures, spaces) about half. */
export function textEm(text: string): number {
  let em = 0;
  for (const char of text) em += /[\p{Script=Han}\u3000-\u30ff\uff01-\uff60\u2014\u2026\u2018-\u201f]/u.test(char) ? 1 : char === ' ' ? 0.3 : 0.58;
  return em;
}

const linesOf = (text: string, measureEm: number) => Math.max(1, Math.ceil(textEm(text) / Math.max(1, measureEm)));

/** Block extent of the colophon set with `setting`, in em of the body. */
export function colophonExtent(setting: ColophonSetting, area: Pick<TypeArea, 'chars'>, content: ColophonContent): number {
  const { size, leading } = setting;
  const inline = area.chars / size;
  const rowLines = content.rows.reduce((sum, [, value]) => sum + linesOf(value, inline - LABEL_EM), 0);
  // The rule-framed fields: their lines, 0.6 em of padding above and below.
  let extent = size * (rowLines * leading + 1.2);
  if (content.cip) {
    const cipSize = size * CIP_SIZE;
    const cipLeading = Math.min(CIP_LEADING, leading);
    const measure = area.chars / cipSize - 1.6;
    const lines = 1 + content.cip.lines.reduce((sum, line) => sum + (line ? linesOf(line, measure) : 1), 0) + linesOf(content.cip.number, measure);
    // Padding 0.5 em above and below, 0.4 em under the heading and above the 核字 line, 1.5 em before the fields.
    extent += cipSize * (lines * cipLeading + 1 + 0.8 + 1.5);
  }
  for (const note of content.notes) extent += size * (linesOf(note, inline) * leading + 0.6);
  return extent;
}

export interface ColophonContent {
  rows: readonly (readonly [string, string])[];
  cip?: CipData | undefined;
  notes: readonly string[];
}

/** The loosest setting of the ladder whose colophon fits the type area's block size (the tightest when none does). */
export function colophonSetting(area: Pick<TypeArea, 'chars' | 'blockPt' | 'sizePt'>, content: ColophonContent): ColophonSetting {
  const room = ((area.blockPt - (SLACK_MM * 72) / 25.4) / area.sizePt) * SAFETY;
  return COLOPHON_LADDER.find((setting) => colophonExtent(setting, area, content) <= room) ?? COLOPHON_LADDER[COLOPHON_LADDER.length - 1]!;
}
