/**
 * The 版权页 as book.yaml describes it (GB/T 12450-2001, CIP data per GB/T 12451): which rows, in which
 * order, under which labels, the CIP block, the spacing of values, their escaping, the checks of the
 * `colophon:` keys, and the fit of a long colophon to its one page. The printed page itself (one value
 * column in both writing modes) is measured in colophon.integration.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { parseCip } from '../src/config/colophon.js';
import { typeArea } from '../src/config/grid.js';
import { loadShell, renderBookHtml } from '../src/render/book.js';
import { colophonCipElements, colophonFields, colophonNotes, colophonRows, tightSpacing } from '../src/render/colophon.js';
import { COLOPHON_LADDER, colophonExtent, colophonSetting } from '../src/render/colophon-fit.js';
import { toHtml } from 'hast-util-to-html';
import { PUBLISHED } from './helpers/published-colophon.js';
import { configError } from './helpers/errors.js';


const FACTS = { date: '2024-12-31', pages: 24 };

describe('the 版权页 rows (GB/T 12450-2001 版本记录)', () => {
  it('of a published book: responsibility, 出版发行 with its address, 排版, 印刷 with its own, then the figures, in that order', () => {
    const rows = colophonRows(parseConfig(PUBLISHED, 'book.yaml'), FACTS);
    expect(rows).toEqual([
      ['书名', '利通区政协工作年鉴——工作亮点回眸（2022—2024）'],
      ['编者', '政协吴忠市利通区委员会办公室'],
      ['责任编辑', '马晓燕　张宁'],
      ['封面设计', '李明'],
      ['责任校对', '王芳'],
      ['出版发行', '宁夏人民出版社'],
      ['地址', '银川市北京东路139号'],
      ['邮政编码', '750001'],
      ['网址', 'www.nxpph.com'],
      ['排版', '利通区政协办公室'],
      ['印刷', '宁夏精捷彩色印务有限公司'],
      ['地址', '银川市金凤区'],
      ['开本', '890 mm × 1240 mm　1/32'],
      ['印张', '0.75'],
      ['字数', '18千字'],
      ['版次', '2024年12月第1版'],
      ['印次', '2024年12月第1次印刷'],
      ['印数', '1—1000册'],
      ['书号', 'ISBN 978-7-5321-1234-0'],
      ['定价', '48.00元'],
    ]);
  });

  it('keeps 出版 and 发行 apart when the distributor is another unit, and takes the name from `publisher:` when colophon.publisher has none', () => {
    const config = parseConfig('title: 书\npublisher: 某出版社\ncolophon:\n  publisher:\n    postcode: "010010"\n  distributor: 新华书店\n', 'book.yaml');
    expect(colophonRows(config, FACTS).slice(1, 4)).toEqual([['出版', '某出版社'], ['邮政编码', '010010'], ['发行', '新华书店']]);
  });

  it('of an internal publication: 编印单位 instead of 出版, the 准印证号, and 内部资料　免费交流 below', () => {
    const config = parseConfig('title: 年鉴\npublisher: 委员会办公室\ncolophon:\n  publisher:\n    address: 利通区\n  printer: 文印室\n  permit: 宁内资准字（2024）第000号\n', 'book.yaml');
    const rows = colophonRows(config, FACTS);
    expect(rows.map(([label]) => label)).toEqual(['书名', '编印单位', '地址', '印刷', '开本', '印张', '字数', '版次', '印次', '准印证号']);
    expect(new Map(rows).get('编印单位')).toBe('委员会办公室');
    expect(colophonNotes(config)).toEqual(['内部资料　免费交流']);
    // A 编印单位 that also distributes stays 编印单位: an internal publication has no 发行.
    const both = parseConfig('title: 年鉴\npublisher: 办公室\ncolophon:\n  distributor: 办公室\n  permit: 宁内资准字 001\n', 'book.yaml');
    expect(colophonRows(both, FACTS).slice(1, 3).map(([label]) => label)).toEqual(['编印单位', '发行']);
  });

  it('sets no ASCII space between a Han character and a figure or letter (text-autospace gives every such pair 1/8 em)', () => {
    expect(tightSpacing('1—3000 册')).toBe('1—3000册');
    expect(tightSpacing('48.00 元')).toBe('48.00元');
    expect(tightSpacing('第 3 版')).toBe('第3版');
    expect(tightSpacing('利通区政协办公室 paiban')).toBe('利通区政协办公室paiban');
    // Between Latin words and between Han phrases the space stays.
    expect(tightSpacing('ISBN 978-7 / 890 mm × 1240 mm')).toBe('ISBN 978-7 / 890 mm × 1240 mm');
    expect(tightSpacing('忆初心 颂党恩')).toBe('忆初心 颂党恩');
    for (const [, value] of colophonRows(parseConfig(PUBLISHED, 'book.yaml'), FACTS)) expect(value).not.toMatch(/\p{Script=Han} [0-9A-Za-z]|[0-9A-Za-z] \p{Script=Han}/u);
  });
});

describe('the CIP data (图书在版编目数据, GB/T 12451)', () => {
  it('keeps the catalogue lines as given, drops a pasted heading, writes the 核字 line the standard way', () => {
    expect(parseCip('图书在版编目(CIP)数据\n书名 / 编者. -- 银川\n\n\n\nⅠ. ①书\n  中国版本图书馆 CIP 数据核字 (2024) 第 123456 号 \n\n')).toEqual({
      lines: ['书名 / 编者. -- 银川', '', 'Ⅰ. ①书'],
      number: '中国版本图书馆CIP数据核字（2024）第123456号',
    });
    expect(parseCip('书名')).toMatch(/^needs the line 中国版本图书馆CIP数据核字/);
    expect(parseCip('中国版本图书馆CIP数据核字（2024）第1号')).toMatch(/^has no catalogue text/);
    expect(parseCip('书名\n中国版本图书馆CIP数据核字（2024）第1号\n中国版本图书馆CIP数据核字（2024）第2号')).toMatch(/^has two lines/);
  });

  it('prints as a block: heading, the lines, a blank line where the certificate has one, the 核字 line; nothing without CIP data', () => {
    const cip = parseConfig(PUBLISHED, 'book.yaml').colophon.cip;
    const html = toHtml(colophonCipElements(cip));
    expect(html).toMatch(/^<div class="colophon-cip"><p class="colophon-cip-title">图书在版编目（CIP）数据<\/p><p class="colophon-cip-line">利通区政协工作年鉴/);
    expect(html).toContain('<p class="colophon-cip-gap"></p><p class="colophon-cip-line">Ⅰ. ①利…');
    // The separator ". --" in one piece (Chromium broke the line between its hyphens).
    expect(html).toContain('编. <span class="colophon-cip-dash">--</span> 银川');
    expect(html).toMatch(/<p class="colophon-cip-number">中国版本图书馆CIP数据核字（2024）第123456号<\/p><\/div>$/);
    expect(colophonCipElements(undefined)).toEqual([]);
  });

  it('keeps codes (ISBN, classification, web address) whole and sideways in a vertical book', () => {
    const config = parseConfig(`${PUBLISHED}writing: vertical\n`, 'book.yaml');
    const cip = toHtml(colophonCipElements(config.colophon.cip, config));
    expect(cip).toContain('ISBN <span class="sideways">978-7-5321-1234-0</span>');
    expect(cip).toContain('①<span class="sideways">D627.434-54</span>');
    const fields = toHtml(colophonFields(colophonRows(config, FACTS), config));
    expect(fields).toContain('<dd><span class="sideways">www.nxpph.com</span></dd>');
    // Horizontal books need no such spans; with vertical.digits: upright every digit stands upright, codes too.
    expect(toHtml(colophonFields(colophonRows(parseConfig(PUBLISHED, 'book.yaml'), FACTS)))).not.toContain('sideways');
    const upright = parseConfig(`${PUBLISHED}writing: vertical\nvertical:\n  digits: upright\n`, 'book.yaml');
    expect(toHtml(colophonCipElements(upright.colophon.cip, upright))).not.toContain('sideways');
    expect(toHtml(colophonFields(colophonRows(upright, FACTS), upright))).not.toContain('class="sideways"');
  });
});

describe('the 版权页 in the book', () => {
  it('prints every value escaped for HTML, the CIP block above the fields', async () => {
    const hostile = PUBLISHED.replace('coverDesign: 李明', 'coverDesign: "<img src=x onerror=alert(1)>"').replace('address: 银川市北京东路139号', 'address: "银川 & <b>东路</b>"');
    const config = parseConfig(hostile, 'book.yaml');
    const shell = await loadShell('/nonexistent-book', config);
    const html = renderBookHtml(shell, { config, chapters: [], date: '2024-12-31', generator: 'paiban test' });
    const section = html.slice(html.indexOf('<section class="colophon"'), html.indexOf('</section>', html.indexOf('<section class="colophon"')));
    expect(section).toContain('&#x3C;img src=x onerror=alert(1)>');
    expect(section).toContain('银川 &#x26; &#x3C;b>东路&#x3C;/b>');
    expect(section).not.toMatch(/<img|<b>/);
    expect(section.indexOf('colophon-cip')).toBeLessThan(section.indexOf('colophon-fields'));
    expect(section).toMatch(/style="--colophon-size: [0-9.]+em; --colophon-leading: [0-9.]+;"/);
  });
});

describe('book.yaml: the colophon keys', () => {
  const cases: [string, string, string][] = [
    ['colophon:\n  publisher:\n    address: 某路\n', '"colophon.publisher": has no name: add `name:` under it, or `publisher:` at the top of book.yaml', 'book.yaml:4:5'],
    ['colophon:\n  publisher:\n    name: 社\n    postcode: 010010\n', '"colophon.publisher.postcode": a postcode of six digits, such as "750001" (in quotes when it starts with 0)', 'book.yaml:5:15'],
    ['colophon:\n  publisher:\n    name: 社\n    url: 宁夏人民出版社网站\n', '"colophon.publisher.url": a web address such as www.example.com or https://www.example.com', 'book.yaml:5:10'],
    ['colophon:\n  publisher:\n    name: 社\n    adress: 某路\n', 'Unknown key "adress" in "colophon.publisher". Did you mean "address"? Allowed keys: name, address, postcode, url.', 'book.yaml:5:5'],
    ['colophon:\n  printer:\n    address: 某路\n', '"colophon.printer.name" is missing: it is required.', 'book.yaml:3:3'],
    ['colophon:\n  responsibleEditor: [张三, ""]\n', '"colophon.responsibleEditor": has an empty name: write a name, or a list of names such as [张三, 李四]', 'book.yaml:3:22'],
    ['colophon:\n  isbn: 978-7-5321-1234-0\n  cip: 书名\n', '"colophon.cip": needs the line 中国版本图书馆CIP数据核字（2024）第123456号 from the CIP certificate, below the catalogue text', 'book.yaml:4:8'],
    ['colophon:\n  permit: 宁内资准字 001\n  cip: "书名\\n中国版本图书馆CIP数据核字(2024)第1号"\n', '"colophon.cip": CIP data (图书在版编目数据) belongs to a published book: give colophon.isbn too (an internal publication with a 准印证号 has none)', 'book.yaml:4:8'],
  ];
  it.each(cases)('%j', (yaml, message, place) => {
    const error = configError(`title: x\n${yaml}`);
    expect([error.message, error.place]).toEqual([message, place]);
  });

  it('accepts a unit as plain text (as before) or with its address, and people as one name or a list', () => {
    const colophon = parseConfig(PUBLISHED, 'book.yaml').colophon;
    expect(colophon.publisher).toEqual({ name: '宁夏人民出版社', address: '银川市北京东路139号', postcode: '750001', url: 'www.nxpph.com' });
    expect(colophon.distributor).toEqual({ name: '宁夏人民出版社' });
    expect([colophon.responsibleEditor, colophon.coverDesign]).toEqual([['马晓燕', '张宁'], ['李明']]);
    expect(parseConfig('title: x\ncolophon:\n  publisher:\n    name: 社\n    postcode: 750001\n    url: https://www.nxpph.com/book\n', 'book.yaml').colophon.publisher).toEqual({ name: '社', postcode: '750001', url: 'https://www.nxpph.com/book' });
  });
});

describe('the fit of a long colophon to its page', () => {
  it('keeps the usual 小五 at 1.8 for the sample’s colophon, and sets a full published one tighter, most in a vertical A5', () => {
    const sample = parseConfig('title: 利通区政协工作年鉴\nsubtitle: 工作亮点回眸（2022—2024）\neditor: 政协吴忠市利通区委员会办公室\npublisher: 政协吴忠市利通区委员会\ncolophon:\n  printer: 利通区政协机关文印室\n  copies: 300\n  permit: 宁内资准字（2024）第000号\n', 'book.yaml');
    const content = (config: typeof sample) => ({ rows: colophonRows(config, { date: '2024-12-31' }), cip: config.colophon.cip, notes: colophonNotes(config) });
    for (const writing of ['horizontal', 'vertical'] as const) expect(colophonSetting(typeArea({ ...sample, writing }), content({ ...sample, writing }))).toEqual(COLOPHON_LADDER[0]);
    const published = parseConfig(PUBLISHED, 'book.yaml');
    const horizontal = COLOPHON_LADDER.indexOf(colophonSetting(typeArea(published), content(published)));
    expect(horizontal).toBeLessThanOrEqual(1);
    const vertical = { ...published, writing: 'vertical' as const };
    const setting = colophonSetting(typeArea(vertical), content(vertical));
    expect(COLOPHON_LADDER.indexOf(setting)).toBeGreaterThan(horizontal);
    // The chosen setting fits, the one before it does not.
    const area = typeArea(vertical);
    const room = (area.blockPt - (2 * 72) / 25.4) / area.sizePt;
    expect(colophonExtent(setting, area, content(vertical))).toBeLessThanOrEqual(room);
    expect(colophonExtent(COLOPHON_LADDER[COLOPHON_LADDER.indexOf(setting) - 1]!, area, content(vertical))).toBeGreaterThan(room * 0.95);
  });
});

describe('the commented colophon keys of the starter and the sample book.yaml', () => {
  /** book.yaml with its commented `colophon:` keys switched on (and `permit` off, for isbn and cip). */
  const uncommented = (file: string) =>
    readFileSync(file, 'utf8')
      .replace(/^ {2}permit: .*$/m, '')
      .replace(/^ {2}# (cip|responsibleEditor|coverDesign|proofreader|publisher|distributor|typesetter|printer|edition|impression|copies|isbn|price):/gm, '  $1:')
      .replace(/^ {2}# {3}/gm, '    ')
      .replace(/^ {2}# permit: .*$/m, '');

  it.each(['templates/init/book.yaml', 'book.yaml'])('%s: switched on, they are a valid published book’s colophon', (file) => {
    const config = parseConfig(uncommented(file), file);
    const labels = colophonRows(config, FACTS).map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining(['责任编辑', '出版', '地址', '邮政编码', '网址', '印刷', '书号', '定价']));
    expect(config.colophon.cip?.number).toMatch(/^中国版本图书馆CIP数据核字（\d{4}）第\d+号$/);
    expect(config.colophon.cip?.lines.join('\n')).not.toContain('#');
  });
});
