/**
 * The pure parts of setting hard manuscripts: where runs keep together and break (pipeline/runs.ts),
 * typed spaces between Han and Latin, tables with titles, units and notes, code lines, link addresses,
 * phrase breaks, the check of figures without a picture, the “not printed” multiset and the audit's
 * new parts (characters outside the type area, spread before runs, broken numbers).
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { dropCjkSpaces } from '../src/pipeline/cjk-spaces.js';
import { codeLines } from '../src/pipeline/code-blocks.js';
import { findRuns, identifierBreaks, splitRuns, withBreaks } from '../src/pipeline/runs.js';
import rehypeTables, { isNumericCell, isTableNote, isTableTitle, isTableUnit } from '../src/pipeline/tables.js';
import rehypeLoneImages from '../src/pipeline/lone-images.js';
import { phraseBreaks } from '../src/pipeline/phrases.js';
import { findPrinted } from '../src/proof/unprinted.js';
import { setAcross } from '../src/proof/layout-lint.js';
import { auditArea } from '../src/proof/audit/area.js';
import { auditRuns, lineSpreadEm } from '../src/proof/audit/runs.js';
import type { AuditBook, AuditLine } from '../src/proof/audit/lines.js';
import type { PageChar } from '../src/proof/page-chars.js';
import { checkManuscript } from '../src/check/check.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { parseManuscript } from '../src/manuscript/parse.js';

const runs = (text: string) => findRuns(text).map((run) => `${run.kind}:${run.text}`);
const html = (nodes: ElementContent[]) => toHtml({ type: 'root', children: nodes });

describe('unbreakable runs', () => {
  it('keeps numbers with their units, phone numbers, versions and standards whole', () => {
    expect(runs('日均处理业务1,234,567笔，可用率为99.95%，响应0.235秒，气温-5℃，投资45.6亿元')).toEqual(['number:1,234,567', 'number:99.95%', 'number:0.235', 'number:-5℃', 'number:45.6亿元']);
    expect(runs('服务电话0953-2012345、13895012345。')).toEqual(['phone:0953-2012345', 'number:13895012345']);
    expect(runs('版本号为v2.13.0-beta.4，标准GB/T 22240—2020《')).toEqual(['version:v2.13.0-beta.4', 'standard:GB/T 22240—2020']);
    expect(runs('2024年12月31日')).toEqual(['number:2024年', 'number:12', 'number:31']);
    // A lone digit holds nothing together; a year's 年 only after four digits.
    expect(runs('第3项，12年')).toEqual(['number:12']);
  });

  it('finds URLs and e-mail addresses without their sentence punctuation', () => {
    expect(runs('见 https://a.example.cn/x/y.html?q=1&r=2. 或 support-team@service.example.gov.cn，')).toEqual(['url:https://a.example.cn/x/y.html?q=1&r=2', 'email:support-team@service.example.gov.cn']);
    expect(runs('InternationalizationAndLocalizationConfigurationManager是')).toEqual(['identifier:InternationalizationAndLocalizationConfigurationManager']);
  });

  it('breaks a URL only after its separators, never at its end, and an identifier between its humps', () => {
    expect(html(withBreaks('https://a.cn/x_y?q=1'))).toBe('https://<wbr>a.<wbr>cn/<wbr>x_<wbr>y?<wbr>q=<wbr>1');
    expect(html(withBreaks('a/'))).toBe('a/');
    expect(html(identifierBreaks('ConfigManagerName'))).toBe('Config\u00adManager\u00adName');
  });

  it('wraps runs in .nobr and .url and leaves the text around them', () => {
    expect(html(splitRuns('增长6.8%，网址www.a.cn。'))).toBe('增长<span class="nobr">6.8%</span>，网址<span class="url">www.<wbr>a.<wbr>cn</span>。');
    expect(html(splitRuns('没有数字'))).toBe('没有数字');
  });
});

describe('typed spaces between Han and Latin', () => {
  it('drops them on both sides of a run, keeps spaces between Latin words', () => {
    expect(dropCjkSpaces('地址是 https://a.cn ，测试')).toBe('地址是https://a.cn，测试');
    expect(dropCjkSpaces('Chrome 120 或 Firefox 115。')).toBe('Chrome 120或Firefox 115。');
    expect(dropCjkSpaces('版本 2.0 的 API')).toBe('版本2.0的API');
  });
});

describe('tables with title, unit and notes', () => {
  const row = (...cells: string[]) => h('tr', cells.map((c) => h('td', c)));
  const table = () => h('table', [h('thead', [h('tr', [h('th', '指标'), h('th', '2024年')])]), h('tbody', [row('总值', '2,345.6'), row('增长', '6.8%'), row('备注', '—')])]);

  it('recognises a title, a unit line and notes by their words', () => {
    expect(isTableTitle(h('p', '表1　2024年主要经济指标'))).toBe(true);
    expect(isTableTitle(h('p', '表2-3 分乡镇数据'))).toBe(true);
    expect(isTableTitle(h('p', '表示同意'))).toBe(false);
    expect(isTableUnit(h('p', '单位：万元'))).toBe(true);
    expect(isTableNote(h('p', '注：按现价计算。'))).toBe(true);
    expect(isTableNote(h('p', '资料来源：统计局。'))).toBe(true);
    expect(isTableNote(h('p', '注意安全'))).toBe(false);
  });

  it('gathers title, unit, table and notes into one figure and marks numeric columns', () => {
    const tree: Root = { type: 'root', children: [h('p', '前文。'), h('p', '表1　主要指标'), h('p', '单位：万元'), table(), h('p', '注：按现价计算。'), h('p', '后文。')] };
    rehypeTables()(tree);
    expect(tree.children.map((c) => (c as Element).tagName)).toEqual(['p', 'figure', 'p']);
    const figure = tree.children[1] as Element;
    expect(figure.properties.className).toEqual(['table']);
    expect(figure.children.map((c) => ((c as Element).properties?.className as string[] | undefined)?.[0] ?? (c as Element).tagName)).toEqual(['table-title', 'table-unit', 'table', 'table-notes']);
    expect(toHtml(figure)).toContain('<td class="num">2,345.6</td>');
    expect(toHtml(figure)).toContain('<th class="num">2024年</th>');
    expect(toHtml(figure)).not.toContain('<td class="num">总值</td>');
  });

  it('leaves a table without title as a figure of its own, and a paragraph that only looks like a note alone', () => {
    const tree: Root = { type: 'root', children: [h('p', '前文。'), table(), h('p', '注意：这不是注释。')] };
    rehypeTables()(tree);
    expect(tree.children.map((c) => (c as Element).tagName)).toEqual(['p', 'figure', 'p']);
    expect(isNumericCell('1,234')).toBe(true);
    expect(isNumericCell('(6.8%)')).toBe(true);
    expect(isNumericCell('12a')).toBe(false);
  });
});

describe('code lines and lone images', () => {
  it('makes each code line a block with its indent, keeps empty lines, and breaks like a URL', () => {
    const lines = codeLines('{\n    "a": "x/y",\n\n\t"b": 1\n}\n');
    expect(lines).toHaveLength(5);
    expect(html(lines)).toBe('<span class="code-line">{</span><span class="code-line" style="--indent: 4">"a":<wbr> "x/<wbr>y",</span><span class="code-line">\u200b</span><span class="code-line" style="--indent: 4">"b":<wbr> 1</span><span class="code-line">}</span>');
  });

  it('turns a paragraph holding only an image, or a raw image block, into a figure', () => {
    const img = () => h('img', { src: 'a.png' });
    const tree: Root = { type: 'root', children: [h('p', [img()]), img(), h('p', ['文字', img()])] };
    rehypeLoneImages()(tree);
    expect(tree.children.map((c) => (c as Element).tagName)).toEqual(['figure', 'figure', 'p']);
  });
});

describe('phrases of captions', () => {
  it('puts a break only between phrases, and none into text without Han', () => {
    const pieces = phraseBreaks('金积镇“七一”主题党日活动现场');
    const text = html(pieces);
    expect(text.replace(/<wbr>/g, '')).toBe('金积镇“七一”主题党日活动现场');
    expect(text).not.toMatch(/七<wbr>一/);
    expect(pieces.some((p) => p.type === 'element')).toBe(true);
    expect(phraseBreaks('Figure 1')).toEqual([{ type: 'text', value: 'Figure 1' }]);
  });
});

describe('links and figures in a manuscript', () => {
  const manuscript = (body: string) => ({ file: '/book/manuscripts/a.md', name: 'manuscripts/a.md', ...parseManuscript(`---\ntitle: 测试\n---\n\n${body}\n`, '/book/manuscripts/a.md') });

  it('prints a link’s address after its text, once when the text is the address, not at all with links: none', async () => {
    const body = async (links: 'after' | 'none', text: string) => toHtml((await transformManuscript(manuscript(text), { id: 'ch1', bookDir: '/book', links })).body);
    expect(await body('after', '见[文档](https://d.cn/x)。')).toContain('文档（<span class="url">https://<wbr>d.<wbr>cn/<wbr>x</span>');
    expect(await body('after', '见<https://d.cn>。')).not.toContain('（');
    expect(await body('none', '见[文档](https://d.cn/x)。')).not.toContain('d.cn');
  });

  it('sets a table across the columns with ::table[…]{span}, and not without', async () => {
    const table = (attributes: string) => `::table[表1　理论学习情况]${attributes}\n\n| 学习（次） | 研讨（次） |\n| ---: | ---: |\n| 13 | 72 |`;
    const body = async (text: string) => toHtml((await transformManuscript(manuscript(text), { id: 'ch1', bookDir: '/book' })).body);
    expect(await body(table('{span}'))).toMatch(/<figure class="table span"[^>]*><p class="table-title"[^>]*>表1/);
    expect(await body(table('{unit="次" span}'))).toMatch(/<figure class="table span".*<p class="table-unit">单位：/);
    expect(await body(table(''))).toMatch(/<figure class="table"/);
    expect(await body(table('{span}'))).not.toContain('data-span');
  });

  it('stops a print build on a figure without a picture, prints a placeholder in a draft, a caption when captions alone are intended', async () => {
    const body = async (missingPicture: 'caption' | 'placeholder' | 'error') => toHtml((await transformManuscript(manuscript('::figure[图注]'), { id: 'ch1', bookDir: '/book', missingPicture })).body);
    await expect(body('error')).rejects.toThrow(/no picture/);
    expect(await body('placeholder')).toContain('placeholder-frame');
    expect(await body('caption')).toContain('caption-only');
  });

  it('check says the same as the build, at the figure’s line, unless captions alone are intended', () => {
    const source = '---\ntitle: 测试\n---\n\n正文。\n\n::figure[图注]\n';
    const strict = checkManuscript(source, 'a.md', '/book');
    expect(strict.messages.filter((m) => m.ruleId === 'figure-without-picture').map((m) => [m.line, m.fatal])).toEqual([[7, true]]);
    expect(checkManuscript(source, 'a.md', '/book', { captionOnly: true }).messages.filter((m) => m.ruleId === 'figure-without-picture')).toEqual([]);
  });
});

describe('what did not print', () => {
  it('finds a block whole, or in another order between its ends, and counts only what is missing', () => {
    expect(findPrinted('甲乙丙丁戊己', 'XX甲乙丙丁戊己YY', 0)).toEqual({ end: 8, missing: '' });
    // Cells printed in another order (a wrapped cell's second line after the row).
    expect(findPrinted('金积镇12粮食', '金积12粮镇食', 0).missing).toBe('');
    // Cut off at the page edge: the end never printed.
    expect(findPrinted('一二三四五六七八九十', '一二三四五六', 0).missing).toBe('七八九十');
    // A character missing from the middle.
    expect(findPrinted('天地玄黄宇宙洪荒日月', 'Z天地玄宇宙洪荒日月Z', 0).missing).toBe('黄');
  });

  it('reads two captions printed side by side, their lines across both, when the first is printed whole again later', () => {
    // Plate captions A and B side by side: A's first line, B's first line, A's second, B's second; later
    // in the book (an article that keeps its captions) A prints whole again.
    const a = '利通区党政主要领导和政协主席会成员督办重点提案。';
    const b = '利通区政协功能型党支部开展主题党日活动。';
    const printed = `图片专辑利通区党政主要领导和政协利通区政协功能型党支部主席会成员督办重点提案。开展主题党日活动。${'正文'.repeat(200)}${a}`;
    const first = findPrinted(a, printed, 4);
    expect(first.missing).toBe('');
    // The cursor stays before B's first line.
    expect(first.end).toBeLessThan(printed.indexOf('利通区政协功能型'));
    expect(findPrinted(b, printed, first.end).missing).toBe('');
    // Printed whole only far on, and not in pieces near the cursor: found there, nothing missing.
    expect(findPrinted(a, `${'正文'.repeat(300)}${a}`, 0).missing).toBe('');
    expect(findPrinted('天地玄黄', `玄黄${'正文'.repeat(300)}天地玄黄`, 0)).toEqual({ end: 606, missing: '' });
  });

  it('tries the next places of a block’s first characters when the first leaves it in pieces (the same words earlier in the text)', () => {
    const printed = `利通区政协${'正文'.repeat(10)}利通区政协校外培训视察机构。`;
    expect(findPrinted('利通区政协视察校外培训机构。', printed, 0).missing).toBe('');
    // Not far on: another block with the same first words a page later is not this one.
    expect(findPrinted('利通区政协视察校外培训机构。', `利通区政协${'正文'.repeat(300)}利通区政协校外培训视察机构。`, 0).missing).not.toBe('');
  });

  it('finds captions the page fitting set before the article’s last paragraph, the cursor staying after that paragraph', () => {
    const last = '二〇二二年是全面贯彻党的二十大精神的开局之年。';
    const caption = '利通区政协视察校外培训机构政策落实情况。';
    const later = '利通区政协开展专题协商。';
    const printed = `${'正文'.repeat(100)}${caption}${last}${later}`;
    const paragraph = findPrinted(last, printed, 200);
    expect(findPrinted(caption, printed, paragraph.end)).toEqual({ end: paragraph.end, missing: '' });
    expect(findPrinted(later, printed, paragraph.end)).toEqual({ end: printed.length, missing: '' });
    // A short block (a heading of two characters) is not looked for backwards: it is found in almost any page.
    expect(findPrinted('概况', `概况${'正文'.repeat(100)}`, 150).missing).toBe('概况');
    // Too far back to be a floated figure: really missing here.
    expect(findPrinted(caption, `${caption}${'正文'.repeat(2000)}`, 4000).missing).toBe(caption);
  });
});

/** A character for the audit: centre x, y on a page, body size 10.5 pt (quad 1.448 em). */
function char(c: string, x: number, y: number, options: Partial<PageChar> = {}): PageChar {
  const fontSize = options.fontSize ?? 10.5;
  return { char: c, x, y, size: fontSize * 1.448, font: 'NotoSerifSC-Regular', left: x - fontSize / 2, top: y - fontSize / 2, width: fontSize, fontSize, ...options };
}

function book(pages: PageChar[][], lines: AuditLine[] = []): AuditBook {
  return {
    layout: { writing: 'horizontal', pitch: 18.75, lines: 25, fonts: { body: 'NotoSerifSC', heading: 'NotoSansSC', caption: 'LXGWWenKai' }, area: () => ({ left: 50, right: 365, top: 57, bottom: 530 }) },
    pages,
    lines,
    bodyQuad: 15.2,
    openers: new Set(),
  };
}

describe('the audit: outside the type area, runs', () => {
  it('counts characters beyond the area by more than a quarter em, not the running heads', () => {
    const head = char('难', 200, 40, { font: 'NotoSansSC-Regular', fontSize: 7.5, size: 7.5 * 1.448 });
    const pages = [[char('甲', 60, 100), char('乙', 364, 100), char('年', 60, 50), char('丙', 372, 100), head]];
    const result = auditArea(book(pages));
    expect(result.figures['outsideArea']!.value).toBe(2);
    expect(result.findings[0]!.text).toBe('年丙');
  });

  const line = (text: string, page: number, y: number, gapEm = 0): AuditLine => {
    const chars = [...text].map((c, i) => char(c, 60 + i * 10.5 * (1 + gapEm), y));
    return { page, text, chars, kind: 'body', at: y, from: 0, to: 300 };
  };

  it('measures a line’s spread between Han characters, and flags it before a run only beyond 0.08 em', () => {
    expect(lineSpreadEm(line('甲乙丙丁戊己', 1, 100, 0.2), false)).toBeCloseTo(0.2, 5);
    const spread = auditRuns(book([[]], [line('甲乙丙丁戊己庚辛', 1, 100, 0.2), line('12,345次', 1, 118)]));
    expect(spread.figures['spreadBeforeRun']!.value).toBe(1);
    const fine = auditRuns(book([[]], [line('甲乙丙丁戊己庚辛', 1, 100, 0.05), line('12,345次', 1, 118)]));
    expect(fine.figures['spreadBeforeRun']!.value).toBe(0);
  });

  it('flags a number broken across lines, not a number that ends a line before Han', () => {
    expect(auditRuns(book([[]], [line('电话0953-', 1, 100), line('2012345。', 1, 118)])).figures['brokenNumbers']!.value).toBe(1);
    expect(auditRuns(book([[]], [line('共有12', 1, 100), line('人参加', 1, 118)])).figures['brokenNumbers']!.value).toBe(0);
  });
});

describe('text set across in a vertical book', () => {
  const char = (c: string, x: number, y: number, size = 13) => ({ char: c, x, y, size, font: 'NotoSerifSC', left: x - 4.5, top: y - 4.5, width: 9, fontSize: 9 }) as PageChar;
  it('is a character with a neighbour on its baseline about an em away, not the next column', () => {
    const note = [char('。', 100, 50), char('载', 91, 50)];
    expect(setAcross(note[0]!, note, 15.3)).toBe(true);
    // Columns 15.3 pt apart (9 pt, leading 1.7): the next column's first character is no neighbour.
    const columns = [char('。', 100, 50), char('政', 84.7, 50)];
    expect(setAcross(columns[0]!, columns, 15.3)).toBe(false);
    // Leading 1.2 (columns 10.8 pt apart, within 1.25 em): still the next column, not text set across.
    const tight = [char('。', 100, 50), char('政', 89.2, 50)];
    expect(setAcross(tight[0]!, tight, 10.8)).toBe(false);
  });
});
