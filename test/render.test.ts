import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { fillTemplate } from '../src/render/template.js';
import { pageRules, marginBoxText } from '../src/render/page-rules.js';
import { cssString } from '../src/util/escape.js';
import { TOC_ID, tocElement, type TocEntry } from '../src/render/toc.js';
import { colophonRows } from '../src/render/colophon.js';
import { paginationFromDestinations, samePagination } from '../src/make/pagination.js';
import { PaibanError } from '../src/util/errors.js';
import type { NamedDestination } from '../src/pdf/dests.js';
import { PDFArray } from 'pdf-lib';

const config = parseConfig('title: 年鉴 "甲"\npage:\n  size: 16开\n  margins: { top: 25, bottom: 20, inner: 22, outer: 15 }\n', 'book.yaml');

describe('templates', () => {
  it('escapes {{slot}} and inserts {{{slot}}} as is', () => {
    expect(fillTemplate('<h1>{{title}}</h1>{{{body}}}', { title: '<甲&乙>', body: '<p>正文</p>' }, 't.html')).toBe('<h1>&lt;甲&amp;乙&gt;</h1><p>正文</p>');
  });

  it('fills an absent value with nothing', () => {
    expect(fillTemplate('[{{subtitle}}]', { subtitle: undefined }, 't.html')).toBe('[]');
  });

  it('names an unknown slot and its line', () => {
    try {
      fillTemplate('<html>\n<p>{{titel}}</p>', { title: 'x' }, 'templates/book.html');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PaibanError);
      expect((error as PaibanError).place).toBe('templates/book.html:2');
      expect((error as PaibanError).message).toBe('Unknown slot {{titel}} in the template.');
    }
  });
});

describe('page rules', () => {
  const heads = [
    { pageName: 'ch1', title: '第一章' },
    { pageName: 'ch2', title: '第二章' },
  ];

  it('sets the trim size and mirrored margins from book.yaml', () => {
    const css = pageRules(config, heads);
    // Top and inner as given; bottom and outer fit the type area of 39字 × 32行 (config/grid.ts).
    expect(css).toContain('@page { size: 185mm 260mm; margin: 25mm 18.538mm 23.333mm 22mm; }');
    expect(css).toContain('@page :left { margin-left: 18.538mm; margin-right: 22mm; }');
    expect(css).toContain('@page :right { margin-left: 22mm; margin-right: 18.538mm; }');
  });

  it('gives each chapter a named page with its running head and folios', () => {
    const css = pageRules(config, heads);
    expect(css).toContain('section[data-page="ch2"] { page: ch2; }');
    expect(css).toMatch(/@page ch2:right \{\n {2}@top-right \{ content: "第二章";/);
    expect(css).toMatch(/@page ch1:left \{\n {2}@top-left \{ content: "年鉴 \\22 甲\\22 ";/);
    // Two named pages a chapter (its pages, its opening page), a folio on each side.
    expect(css.match(/counter\(page\)/g)).toHaveLength(8);
  });

  it('numbers the body from 1 once the first chapter page is known', () => {
    expect(pageRules(config, heads)).not.toContain('@page :first');
    expect(pageRules(config, heads, 4)).toContain('@page :first { counter-increment: page -2; }');
  });

  it('escapes CSS strings', () => {
    // Hex escapes (\22 is ", \5c is \, \3c is <): nothing in the literal can end it or the <style> element.
    expect(cssString('a"b\\c\nd</style>')).toBe('"a\\22 b\\5c c d\\3c /style\\3e "');
  });

  it('lists every character margin boxes print, to load their font subsets', () => {
    expect(marginBoxText(config, heads)).toEqual({ font: '400 10px "Noto Sans SC"', text: '年鉴 "甲"第一章第二章0123456789' });
  });
});

describe('table of contents', () => {
  const entries: TocEntry[] = [
    { id: 'ch1', chapterId: 'ch1', level: 1, title: '栉风沐雨', subtitle: '2022年回眸' },
    { id: 'ch1-s1', chapterId: 'ch1', level: 2, title: '团结联合' },
    { id: 'ch2', chapterId: 'ch2', level: 1, title: '砥砺深耕' },
  ];

  it('links every entry and prints placeholders of one width before the numbers are known', () => {
    const html = toHtml(tocElement('目录', entries));
    expect(html.match(/href="#(ch1|ch1-s1|ch2)"/g)).toHaveLength(3);
    expect([...html.matchAll(/<span class="toc-page tcy" aria-hidden="true">(\d+)<\/span>/g)].map((m) => m[1])).toEqual(['012', '012', '345']);
  });

  it('prints the numbers it is given', () => {
    const html = toHtml(tocElement('目录', entries, new Map([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '9']])));
    expect(html).toContain('<span class="toc-page tcy" aria-hidden="true">9</span>');
    expect(html).toContain('<span class="toc-subtitle">2022年回眸</span>');
  });

  it('numbers pages from the first chapter, from the destinations of a print', () => {
    const destination = (pageIndex: number): NamedDestination => ({ pageIndex, destination: {} as PDFArray });
    const destinations = new Map([['ch1', destination(3)], ['ch1-s1', destination(4)], ['ch2', destination(10)]]);
    const pagination = paginationFromDestinations(entries, destinations);
    expect(pagination.firstBodyPage).toBe(4);
    expect([...pagination.tocPages]).toEqual([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '8']]);
    expect(samePagination(pagination, paginationFromDestinations(entries, new Map(destinations)))).toBe(true);
    destinations.set('ch2', destination(11));
    expect(samePagination(pagination, paginationFromDestinations(entries, destinations))).toBe(false);
  });

  it('puts a blank page before each chapter that would open on a verso, and numbers the pages after it', () => {
    const destination = (pageIndex: number): NamedDestination => ({ pageIndex, destination: {} as PDFArray });
    // ch1 on physical page 4 (a verso), ch2 on page 11 (a recto before the blank, a verso after it).
    const destinations = new Map([['ch1', destination(3)], ['ch1-s1', destination(4)], ['ch2', destination(10)]]);
    const pagination = paginationFromDestinations(entries, destinations, { recto: true });
    expect([...pagination.blanks]).toEqual(['ch1', 'ch2']);
    expect(pagination.firstBodyPage).toBe(5);
    expect([...pagination.tocPages]).toEqual([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '9']]);
    // The next print has the blanks: ch1 on page 5, ch2 on page 13. Nothing moves any more.
    const next = new Map([['ch1', destination(4)], ['ch1-s1', destination(5)], ['ch2', destination(12)]]);
    expect(samePagination(paginationFromDestinations(entries, next, { recto: true, blanks: pagination.blanks }), pagination)).toBe(true);
  });

  it('leaves out of the TOC what stands before it, numbers from the first chapter after it, and opens the TOC on a recto', () => {
    const destination = (pageIndex: number): NamedDestination => ({ pageIndex, destination: {} as PDFArray });
    const front: TocEntry[] = [
      { id: 'ch0', chapterId: 'ch0', level: 1, title: '编辑说明', front: true },
      { id: TOC_ID, chapterId: TOC_ID, level: 1, title: '目录', front: true },
    ];
    const all = [...front, ...entries];
    const html = toHtml(tocElement('目录', all));
    expect(html).not.toContain('编辑说明</span>');
    expect(html.match(/<a href="#(ch0|paiban-toc)" tabindex="-1"><\/a>/g)).toHaveLength(2);
    // 编辑说明 on page 3, the TOC on page 4 (a verso): a blank before the TOC; ch1 (page 6) moves to 7, a recto.
    const destinations = new Map([['ch0', destination(2)], [TOC_ID, destination(3)], ['ch1', destination(5)], ['ch1-s1', destination(6)], ['ch2', destination(11)]]);
    const pagination = paginationFromDestinations(all, destinations, { recto: true });
    expect([...pagination.blanks]).toEqual([TOC_ID]);
    expect(pagination.firstBodyPage).toBe(7);
    expect([...pagination.tocPages]).toEqual([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '7']]);
    // The 编辑说明 never gets a blank of its own, wherever it falls.
    destinations.set('ch0', destination(3));
    expect(paginationFromDestinations(all, destinations, { recto: true }).blanks.has('ch0')).toBe(false);
  });

  it('refuses to number a TOC whose first chapter has no destination', () => {
    expect(() => paginationFromDestinations(entries, new Map())).toThrow(PaibanError);
  });
});

describe('colophon', () => {
  it('lists the given fields and the computed ones in the order of the 版本记录, without a software credit', () => {
    const rows = colophonRows(parseConfig('title: 年鉴\neditor: 编辑部\nkeywords: [政协, 年鉴]\n', 'book.yaml'), { date: '2024-12-31', pages: 24 });
    expect(rows).toEqual([
      ['书名', '年鉴'],
      ['编者', '编辑部'],
      ['开本', '890 mm × 1240 mm　1/32'],
      ['印张', '0.75'],
      ['字数', '18千字'],
      ['版次', '2024年12月第1版'],
      ['印次', '2024年12月第1次印刷'],
    ]);
  });
});
