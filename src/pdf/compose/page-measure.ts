/**
 * The print measure (line length) of a book page, in CSS pixels: the generic @page rule's size less its
 * margins, read inside the print page. Serialized into the page: it uses nothing outside its own body.
 */
export function printMeasureInPage(): number | undefined {
  const vertical = getComputedStyle(document.documentElement).writingMode.startsWith('vertical');
  const toPx = (value: string): number | undefined => {
    const match = /^\s*(-?[\d.]+)(mm|cm|in|pt|px)\s*$/.exec(value);
    if (!match) return undefined;
    const factor: Record<string, number> = { mm: 96 / 25.4, cm: 96 / 2.54, in: 96, pt: 96 / 72, px: 1 };
    return Number(match[1]) * factor[match[2]!]!;
  };
  let measure: number | undefined;
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
      const size = rule.style.getPropertyValue('size').split(/\s+/).map(toPx);
      const m = (side: string) => toPx(rule.style.getPropertyValue(`margin-${side}`) || '0px');
      const length = vertical ? size[1] : size[0];
      const a = vertical ? m('top') : m('left');
      const b = vertical ? m('bottom') : m('right');
      if (length !== undefined && a !== undefined && b !== undefined) measure = length - a - b;
    }
  }
  return measure && measure > 0 ? measure : undefined;
}
