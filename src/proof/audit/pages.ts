import { fullPages } from './grid.js';
import type { AuditFinding, AuditPartResult } from './types.js';
import type { AuditBook, AuditLine } from './lines.js';

const LETTER = /[\p{L}\p{N}]/u;

/**
 * A 孤字: the last line of a paragraph holding a single character (with its punctuation, “大。”) or
 * two characters in all. It is a paragraph's last line when the line before it is full and it starts at
 * the beginning of the line (a new paragraph would be indented).
 */
export function isOrphanChar(line: AuditLine, previous: AuditLine | undefined, measure: number, em: number): boolean {
  if (line.kind !== 'body' || previous?.kind !== 'body') return false;
  const chars = line.chars.filter((c) => c.char.trim());
  const letters = chars.filter((c) => LETTER.test(c.char)).length;
  if (!(letters <= 1 || chars.length <= 2)) return false;
  const startsAtEdge = line.from < em * 0.6;
  const previousFull = previous.to >= measure - em * 0.6;
  return startsAtEdge && previousFull;
}

/**
 * The page part of the audit: running heads on chapter-opening pages, 孤字, and headings at the foot of
 * a page with fewer than two lines of text under them.
 */
export function auditPages(book: AuditBook): AuditPartResult {
  const findings: AuditFinding[] = [];
  const { layout } = book;
  const em = book.bodyQuad / 1.448; // Noto's quad is its ascent + descent, 1.448 em
  let runningHeads = 0;
  for (const page of book.openers) {
    const area = layout.area(page);
    const head = book.pages[page - 1]!.filter((c) => c.char.trim() && c.y < area.top - 2);
    if (head.length) {
      runningHeads += 1;
      findings.push({ rule: 'running-head-on-opener', page, text: head.map((c) => c.char).join(''), message: `the chapter-opening page carries a running head “${head.map((c) => c.char).join('')}”` });
    }
  }

  let orphans = 0;
  const body = book.lines.filter((line) => line.kind !== 'other');
  body.forEach((line, i) => {
    const area = layout.area(line.page);
    const measure = layout.writing === 'vertical' ? area.bottom - area.top : area.right - area.left;
    if (isOrphanChar(line, body[i - 1], measure, em)) {
      orphans += 1;
      findings.push({ rule: 'orphan-char', page: line.page, text: `${body[i - 1]!.text}${line.text}`, message: `the last line of a paragraph is only “${line.text}” (孤字)` });
    }
  });

  let headingsAtFoot = 0;
  const byPage = new Map<number, AuditLine[]>();
  for (const line of book.lines) {
    const lines = byPage.get(line.page);
    if (lines) lines.push(line);
    else byPage.set(line.page, [line]);
  }
  // The front matter (title page, colophon, TOC) has no headings of the text: a TOC entry in the heading face is none.
  const runsOn = new Set(fullPages(book));
  for (const [page, lines] of byPage) {
    // Only a page whose text runs on has a heading at its foot: not a chapter's last page, nor a page
    // without body text (a 类目's opener, its 分目 listed in the heading face).
    if (!runsOn.has(page)) continue;
    lines.forEach((line, i) => {
      if (line.kind !== 'heading' || lines[i + 1]?.kind === 'heading') return;
      // In columns a heading's foot is its column's: the lines after it in the same column (read column by column).
      const after = lines.slice(i + 1).filter((l) => l.column === line.column);
      const under = after.filter((l) => l.kind === 'body').length;
      const foot = line.column === undefined ? 'the page' : `column ${line.column + 1}`;
      if (under < 2 && after.every((l) => l.kind === 'body')) {
        headingsAtFoot += 1;
        findings.push({ rule: 'heading-at-foot', page, text: line.text, message: under ? `the heading “${line.text}” has only one line of text under it at the foot of ${foot}` : `the heading “${line.text}” is the last line of ${foot}; its text starts ${line.column === undefined ? 'on the next page' : 'in the next column'}` });
      }
    });
  }
  return {
    figures: {
      chapterOpeners: { label: 'chapter-opening pages', value: book.openers.size },
      runningHeadsOnOpeners: { label: 'running heads on chapter openers', value: runningHeads },
      orphanChars: { label: '孤字 (one-character last lines)', value: orphans },
      headingsAtFoot: { label: 'headings at a page foot with < 2 lines under them', value: headingsAtFoot },
    },
    findings,
  };
}
