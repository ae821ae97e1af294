import type { AuditFinding, AuditPartResult } from './types.js';
import type { AuditBook } from './lines.js';

/** The margin boxes' size (render/page-rules.ts): running heads and folios, printed outside the area on purpose. */
const MARGIN_BOX_PT = 7.5;
/** Noto's quad (what mutool reports as a character's size) is its ascent + descent: 1.448 em. */
const QUAD_PER_EM = 1.448;

/**
 * Characters drawn outside the type area (版心): a character pushed past the end of a column or line
 * (in vertical text, the 年 after a sideways year that ends a column was drawn above it), or text
 * running off the page. Running heads and folios (the margin boxes' heading face at 7.5 pt) stand
 * outside on purpose and are left out. A character counts when its centre is more than a quarter em
 * beyond an edge of the area.
 */
export function auditArea(book: AuditBook): AuditPartResult {
  const findings: AuditFinding[] = [];
  const { layout } = book;
  let outside = 0;
  book.pages.forEach((chars, index) => {
    const page = index + 1;
    const area = layout.area(page);
    const lost = chars.filter((c) => {
      if (!c.char.trim()) return false;
      if (c.font.startsWith(layout.fonts.heading) && Math.abs(c.size / QUAD_PER_EM - MARGIN_BOX_PT) < 0.3) return false;
      const slack = c.size / QUAD_PER_EM / 4;
      return c.x < area.left - slack || c.x > area.right + slack || c.y < area.top - slack || c.y > area.bottom + slack;
    });
    if (!lost.length) return;
    outside += lost.length;
    findings.push({ rule: 'outside-area', page, text: lost.map((c) => c.char).join(''), message: `${lost.length} character${lost.length === 1 ? '' : 's'} drawn outside the type area: “${lost.map((c) => c.char).join('').slice(0, 20)}”` });
  });
  return { figures: { outsideArea: { label: 'characters outside the type area', value: outside } }, findings };
}
