import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { describeTypeArea, linePitchPx, typeArea } from '../src/config/grid.js';
import { pageRules } from '../src/render/page-rules.js';
import { auditChars, type AuditLayout } from '../src/proof/audit/index.js';
import { gridPlace } from '../src/proof/audit/lines.js';
import type { PageChar } from '../src/proof/page-chars.js';

const config = (yaml: string) => parseConfig(`title: 年鉴\n${yaml}`, 'book.yaml');

describe('the type area (版心)', () => {
  it('takes as many characters and lines as fit by default, on a whole-pixel pitch', () => {
    const area = typeArea(config(''));
    // A5, margins 20/22/20/16 mm, 10.5 pt × 1.75 = 24.5 px → 25 px (18.75 pt).
    expect(area).toMatchObject({ chars: 30, lines: 25, pitchPx: 25, pitchPt: 18.75, sizePt: 10.5 });
    expect(describeTypeArea(area)).toBe('版心 30字 × 25行 (18.75pt line pitch)');
  });

  it('is exactly chars × size wide and lines × pitch high: top and inner margins kept, bottom and outer recomputed', () => {
    const area = typeArea(config(''));
    expect(area.inlinePt).toBe(315);
    expect(area.blockPt).toBe(468.75);
    expect(area.margins).toEqual({ top: 20, inner: 20, outer: 16.875, bottom: 24.635 });
  });

  it('counts columns as lines in vertical books', () => {
    const area = typeArea(config('writing: vertical\n'));
    expect(area).toMatchObject({ chars: 45, lines: 16 });
    // 16 columns of 18.75 pt = 300 pt = 105.833 mm beside the 20 mm inner margin.
    expect(area.margins.outer).toBe(22.167);
  });

  it('takes 字数 × 行数 from book.yaml', () => {
    const area = typeArea(config('grid:\n  chars: 28\n  lines: 24\n'));
    expect(area).toMatchObject({ chars: 28, lines: 24, fromConfig: { chars: true, lines: true } });
    expect(area.margins.outer).toBeCloseTo(148 - 20 - (28 * 10.5 * 25.4) / 72, 3);
  });

  it('rounds the pitch to whole CSS pixels', () => {
    expect(linePitchPx(10.5, 1.75)).toBe(25);
    expect(linePitchPx(10.5, 1.7)).toBe(24);
    expect(linePitchPx(9, 2)).toBe(24);
  });
});

describe('grid keys in book.yaml', () => {
  const error = (yaml: string) => {
    try {
      config(yaml);
    } catch (caught) {
      return String((caught as Error).message) + ' ' + String((caught as { file?: string; line?: number }).line ?? '');
    }
    return 'no error';
  };

  it('accepts whole numbers that fit the page', () => {
    expect(config('grid:\n  chars: 30\n  lines: 25\n').grid).toEqual({ chars: 30, lines: 25 });
  });

  it('refuses a grid larger than the page, naming the key and its line', () => {
    const message = error('grid:\n  chars: 40\n');
    expect(message).toMatch(/does not fit the page: 40字 × 25行 leaves .* mm for the outer margin/);
    expect(message).toMatch(/ 3$/);
  });

  it('refuses fractions and unknown keys', () => {
    expect(error('grid:\n  lines: 24.5\n')).toMatch(/int|whole/i);
    expect(error('grid:\n  columns: 3\n')).toMatch(/columns/);
  });

  it('accepts vertical.digits: chinese', () => {
    expect(config('vertical:\n  digits: chinese\n').vertical.digits).toBe('chinese');
  });
});

describe('page rules on the grid', () => {
  const css = pageRules(config(''), [{ pageName: 'ch1', title: '第一章' }]);

  it('sets the pitch and the type area in whole lines', () => {
    expect(css).toContain('--line-pitch: 25px;');
    expect(css).toContain('--content-block-size: calc(25 * 25px);');
    expect(css).toContain('margin: 20mm 16.875mm 24.635mm 20mm;');
  });

  it('gives a chapter opening page a folio and no running head', () => {
    const open = /@page ch1-open:right \{([^}]*\}[^}]*)\}/.exec(css)?.[1] ?? '';
    expect(open).toContain('counter(page)');
    expect(open).not.toContain('@top');
  });
});

/** A synthetic horizontal book: body lines at the given centres (pt from the area top) on each page. */
function book(pagesOfLines: number[][], text = '政'.repeat(30)): PageChar[][] {
  return pagesOfLines.map((centres) =>
    centres.flatMap((y) => [...text].map((char, i) => ({ char, x: 100 + 5.25 + i * 10.5, y: 50 + y, size: 15.2, font: 'NotoSerifSC-Regular', left: 100 + i * 10.5, top: 50 + y - 7.6, width: 10.5, fontSize: 10.5 }))),
  );
}
const layout: AuditLayout = {
  writing: 'horizontal',
  pitch: 18.75,
  lines: 4,
  fonts: { body: 'NotoSerifSC', heading: 'NotoSansSC', caption: 'LXGWWenKai' },
  area: () => ({ left: 100, right: 415, top: 50, bottom: 50 + 75 }),
};
const onGrid = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) * 18.75);

describe('the grid part of the audit', () => {
  it('places a line on its grid line', () => {
    expect(gridPlace(28.125, 18.75)).toEqual({ index: 1, offset: 0 });
    expect(gridPlace(30, 18.75).index).toBe(1);
  });

  it('finds no fault in full pages on the grid', () => {
    const report = auditChars(book([onGrid(4), onGrid(4), onGrid(2)]), layout);
    expect(report.figures.grid!.offGridLines!.value).toBe(0);
    expect(report.figures.grid!.fullPages!.value).toBe(2);
    expect(report.figures.grid!.fullPagesShort!.value).toBe(0);
    expect(report.figures.grid!.lastLinePositions!.value).toBe(1);
  });

  it('counts lines off the grid and pages that end short', () => {
    const report = auditChars(book([onGrid(4).map((y, i) => (i >= 2 ? y + 3 : y)), onGrid(2), onGrid(2)]), layout);
    expect(report.figures.grid!.offGridLines!.value).toBe(2);
    expect(report.figures.grid!.fullPagesShort!.value).toBe(1);
    expect(report.figures.grid!.maxBlankLinesAtEnd!.value).toBe(2);
    expect(report.findings.map((f) => `${f.page} ${f.rule}`)).toEqual(['1 off-grid', '2 short-page']);
  });

  it('finds a 孤字: a paragraph’s last line of one character under a full line', () => {
    const pages = book([onGrid(2)]);
    pages[0]!.push({ char: '大', x: 105.25, y: 50 + 2.5 * 18.75, size: 15.2, font: 'NotoSerifSC-Regular', left: 100, top: 50 + 2.5 * 18.75 - 7.6, width: 10.5, fontSize: 10.5 });
    pages[0]!.push({ char: '。', x: 115.75, y: 50 + 2.5 * 18.75, size: 15.2, font: 'NotoSerifSC-Regular', left: 110.5, top: 50 + 2.5 * 18.75 - 7.6, width: 10.5, fontSize: 10.5 });
    const report = auditChars(pages, layout);
    expect(report.figures.pages!.orphanChars!.value).toBe(1);
    expect(report.findings.find((f) => f.rule === 'orphan-char')?.message).toContain('“大。”');
  });
});

describe('the audit in the proof index', () => {
  it('shows a table of the figures and links each finding to its page, escaped', async () => {
    const { auditSection } = await import('../src/proof/index-html.js');
    const report = auditChars(book([onGrid(4).map((y, i) => (i === 3 ? y + 3 : y)), onGrid(2)]), layout);
    const html = auditSection({ ...report, findings: [...report.findings, { rule: 'x', page: 2, text: '', message: '<b>' }] });
    expect(html).toContain('<tr><td>grid</td><td>body lines off the grid</td><td>1</td></tr>');
    expect(html).toContain('<a href="#page-1">1</a></td><td>off-grid</td>');
    expect(html).toContain('&lt;b&gt;');
  });
});
