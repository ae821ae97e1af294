/**
 * The pure parts of render/: the 版权页's figures (开本, 印张, 字数) and rows, the TOC and the page
 * rules, as the reader of the book sees them. Written against the mutants that survived render.test,
 * press.test and onepass.test (`npm run mutate`).
 */
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import type { Chapter } from '../src/pipeline/transform.js';
import { colophonFields, colophonNoteElements, colophonNotes, colophonRows } from '../src/render/colophon.js';
import { fontVariables, pageRules } from '../src/render/page-rules.js';
import { tocElement, tocEntries } from '../src/render/toc.js';
import { formatKaiben, formatYinzhang, kaibenOf, qianzi, yinzhang } from '../src/render/kaiben.js';

describe('印张: a started eighth of a sheet counts whole', () => {
  it('prints 21 pages of a 32开 book as 0.75 印张, not 0.625 (rounded half-up) or 0.65625 (exact)', () => {
    // 21 / 32 = 0.65625 = 5.25 eighths: the sixth eighth is started, so 6 eighths.
    expect(yinzhang(21, 32)).toBe(0.75);
    expect(formatYinzhang(yinzhang(21, 32))).toBe('0.75');
    // Just past a whole eighth: 17 pages of 16开 are 1.0625 → 1.125.
    expect(yinzhang(17, 16)).toBe(1.125);
    // On an eighth exactly nothing is added: 4 pages of 32开 are 0.125.
    expect(yinzhang(4, 32)).toBe(0.125);
    expect(yinzhang(1, 32)).toBe(0.125);
  });
});

describe('开本 and 印张 at the edges', () => {
  it.each([
    // trim (mm), the sheet it is cut from (GB/T 788 and the usual 正度/大度 sheets), parts
    [185, 260, [787, 1092], 16, '16开'],
    [210, 285, [880, 1230], 16, '大16开'],
    [130, 184, [787, 1092], 32, '32开'],
    [140, 203, [850, 1168], 32, '大32开'],
    [210, 297, [890, 1240], 16, 'A4'],
    [148, 210, [890, 1240], 32, 'A5'],
    [176, 250, [1000, 1400], 32, 'B5'],
  ] as const)('names the 开本 of %d × %d mm: %j 1/%d (%s)', (width, height, sheet, parts, _name) => {
    expect(kaibenOf({ widthMm: width, heightMm: height })).toEqual({ sheet: [...sheet], parts });
    expect(formatKaiben({ widthMm: width, heightMm: height })).toBe(`${sheet[0]} mm × ${sheet[1]} mm　1/${parts}`);
  });

  it('knows a standard trim within 1 mm either way, turned either way, and only when both sides match', () => {
    expect(kaibenOf({ widthMm: 149, heightMm: 211 })).toEqual({ sheet: [890, 1240], parts: 32 });
    expect(kaibenOf({ widthMm: 147, heightMm: 209 })).toEqual({ sheet: [890, 1240], parts: 32 });
    expect(kaibenOf({ widthMm: 210, heightMm: 148 })).toEqual({ sheet: [890, 1240], parts: 32 });
    // One side of 16开 (260 mm) with another width is a custom size: no 开数, the trim is printed.
    expect(kaibenOf({ widthMm: 150, heightMm: 260 })).toBeUndefined();
    expect(kaibenOf({ widthMm: 185, heightMm: 250 })).toBeUndefined();
    expect(formatKaiben({ widthMm: 150, heightMm: 260 })).toBe('150 mm × 260 mm');
  });

  it('gives no 印张 for a sheet of no parts, and 0 印张 / 0 千字 for no pages', () => {
    expect(yinzhang(21, 0)).toBe(0);
    expect(formatYinzhang(yinzhang(0, 32))).toBe('0');
    expect(String(qianzi(30, 25, 0))).toBe('0');
    expect(String(qianzi(-30, 25, 4))).toBe('0');
    expect(String(qianzi(30, -25, 4))).toBe('0');
  });
});

describe('版权页 rows', () => {
  const rows = (yaml: string, pages?: number) => new Map(colophonRows(parseConfig(`title: 年鉴\n${yaml}`, 'book.yaml'), { date: '2024-12-31', ...(pages ? { pages } : {}) }));

  it('names the title with its subtitle, and the 发行 when given', () => {
    const given = rows('subtitle: "2024"\ncolophon:\n  distributor: 新华书店\n', 24);
    expect(given.get('书名')).toBe('年鉴——2024');
    expect(given.get('发行')).toBe('新华书店');
    expect([...given.keys()].slice(0, 3)).toEqual(['书名', '发行', '开本']);
  });

  it('states a first printing’s run from 1, a later one’s as given, and a run written out as it is', () => {
    expect(rows('colophon:\n  copies: 3000\n', 24).get('印数')).toBe('1—3000册');
    expect(rows('colophon:\n  copies: 3000\n  impression: 2\n', 24).get('印数')).toBe('3000册');
    expect(rows('colophon:\n  copies: 3001—6000 册\n  impression: 2\n', 24).get('印数')).toBe('3001—6000册');
  });

  it('prints an ISBN given with its prefix and hyphens once, hyphens kept', () => {
    expect(rows('colophon:\n  isbn: ISBN 978-7-5321-1234-0\n').get('书号')).toBe('ISBN 978-7-5321-1234-0');
    expect(rows('colophon:\n  isbn: "isbn: 978 7 5321 1234 0"\n').get('书号')).toBe('ISBN 978 7 5321 1234 0');
    expect(rows('colophon:\n  isbn: ISBN9787532112340\n').get('书号')).toBe('ISBN 9787532112340');
    // Bare digits are printed as the checked digits: an ISBN-10's check letter upper case.
    expect(rows('colophon:\n  isbn: "080442957x"\n').get('书号')).toBe('ISBN 080442957X');
  });

  it('writes the figures in Chinese numerals only in a vertical book that asks for them', () => {
    const chinese = 'vertical:\n  digits: chinese\n';
    expect(rows(chinese, 24).get('印张')).toBe('0.75');
    expect(rows(`writing: vertical\n${chinese}`, 24).get('印张')).toBe('零点七五');
    expect(rows(`writing: vertical\n${chinese}`).get('印张')).toBe('〇零一二三四五六七八九十百千万点');
    expect(rows(`writing: vertical\n${chinese}`, 24).get('字数')).toBe('十八千字');
  });

  it('adds the rights statement below the fields, after the internal-publication notice', () => {
    const config = parseConfig('title: 年鉴\nrights: 版权所有\ncolophon:\n  permit: 宁内资准字（2024）第000号\n', 'book.yaml');
    expect(colophonNotes(config)).toEqual(['内部资料　免费交流', '版权所有']);
    expect(colophonNoteElements(colophonNotes(config)).map((e) => toHtml(e)).join('')).toBe('<p class="colophon-note">内部资料　免费交流</p><p class="colophon-note">版权所有</p>');
  });

  it('sets each row as a term and its value; in a vertical book the figure of 印张 and 字数 in a span of its own', () => {
    const fields = (config?: Parameters<typeof colophonFields>[1]) => colophonFields([['开本', '890 mm'], ['字数', '18千字']], config).map((e) => toHtml(e)).join('');
    expect(fields()).toBe('<div class="colophon-field"><dt>开本</dt><dd>890 mm</dd></div><div class="colophon-field"><dt>字数</dt><dd>18千字</dd></div>');
    const vertical = parseConfig('title: 年鉴\nwriting: vertical\n', 'book.yaml');
    expect(fields(vertical)).toContain('<dt>字数</dt><dd><span class="colophon-figure sideways">18</span>千字</dd>');
    expect(fields(vertical)).toContain('<dt>开本</dt><dd>890 mm</dd>');
    const upright = parseConfig('title: 年鉴\nwriting: vertical\nvertical:\n  digits: upright\n', 'book.yaml');
    expect(fields(upright)).toContain('<span class="colophon-figure upright">18</span>');
  });
});

describe('page rules', () => {
  const config = parseConfig('title: 年鉴\n', 'book.yaml');

  it('gives front matter, the recto blanks and the colophon page names of their own (no folio, no running head)', () => {
    const css = pageRules(config, []);
    expect(css).toContain('\n.title-page, .blank-page, .toc { page: front; }\n.recto-blank { page: blank; }\n.colophon { page: back; }');
  });

  it('counts folios from the cover when the first chapter is on page 1 or unknown', () => {
    expect(pageRules(config, [], 1)).not.toContain('@page :first');
    expect(pageRules(config, [], 2)).toContain('@page :first { counter-increment: page 0; }');
  });

  it('names the book’s fonts, each once, then the generic family', () => {
    expect(fontVariables(config)).toBe(`:root {
  --body-font: "Noto Serif SC", "Noto Sans SC", "LXGW WenKai", serif;
  --heading-font: "Noto Sans SC", "Noto Serif SC", "LXGW WenKai", sans-serif;
  --caption-font: "paiban caption", "Noto Serif SC", "Noto Sans SC", "LXGW WenKai", serif;
  --code-font: "paiban code", "Noto Sans SC", "LXGW WenKai", monospace;
  --column-gap: 2em;
  --column-rule: 0.5pt solid #000;
  --body-size: 10.5pt;
  --leading: 1.75;
}`);
  });
});

describe('table of contents', () => {
  const chapter = (id: string, title: string, sections: [number, string][], subtitle?: string) =>
    ({ id, manuscript: { meta: { title, ...(subtitle ? { subtitle } : {}) } }, sections: sections.map(([level, text], i) => ({ id: `${id}-s${i + 1}`, level, text })) }) as unknown as Chapter;
  const chapters = [chapter('ch1', '栉风沐雨', [[2, '团结联合'], [3, '小节'], [2, '协商议事']], '2022年回眸'), chapter('ch2', '砥砺深耕', [])];

  it('lists the chapters, with their subtitles, and at depth 2 their ## sections (not ###), in order', () => {
    expect(tocEntries(chapters, 1)).toEqual([
      { id: 'ch1', chapterId: 'ch1', level: 1, title: '栉风沐雨', subtitle: '2022年回眸' },
      { id: 'ch2', chapterId: 'ch2', level: 1, title: '砥砺深耕' },
    ]);
    expect(tocEntries(chapters, 2)).toEqual([
      { id: 'ch1', chapterId: 'ch1', level: 1, title: '栉风沐雨', subtitle: '2022年回眸' },
      { id: 'ch1-s1', chapterId: 'ch1', level: 2, title: '团结联合' },
      { id: 'ch1-s3', chapterId: 'ch1', level: 2, title: '协商议事' },
      { id: 'ch2', chapterId: 'ch2', level: 1, title: '砥砺深耕' },
    ]);
  });

  it('is a titled list of links: text, leader and page number, each in the element the stylesheet sets', () => {
    const html = toHtml(tocElement('目录', tocEntries(chapters, 2).slice(0, 2), new Map([['ch1', '1']])));
    expect(html).toBe(
      '<nav class="toc" aria-label="目录"><h1 class="toc-title" id="paiban-toc">目录</h1><ol class="toc-list">' +
        '<li class="toc-entry toc-level-1"><a class="toc-link" href="#ch1"><span class="toc-text">栉风沐雨<span class="toc-subtitle">2022年回眸</span></span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page tcy" aria-hidden="true">1</span></a></li>' +
        '<li class="toc-entry toc-level-2"><a class="toc-link" href="#ch1-s1"><span class="toc-text">团结联合</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page tcy" aria-hidden="true">012</span></a></li>' +
        '</ol></nav>',
    );
  });
});
