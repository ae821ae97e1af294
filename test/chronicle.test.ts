/**
 * 大事记 (a chronicle, `role: chronicle`): the dates its entries start with (pipeline/chronicle.ts) and
 * the structure the plugin makes of them for the stylesheet's hanging dates. Fast (no Chromium): part
 * of the mutation run. The printed result, both writing modes, is chronicle.integration.test.ts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { chronicleDate, dateColumnEm, dateWidthEm, monthOfHead, wholeDate } from '../src/pipeline/chronicle.js';

let bookDir: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-chronicle-'));
});

async function render(body: string, role = 'chronicle') {
  const file = path.join(bookDir, 'a.md');
  const { meta, tree } = parseManuscript(`---\ntitle: 大事记\nrole: ${role}\n---\n\n${body}`, file);
  const chapter = await transformManuscript({ file, name: 'a.md', meta, tree }, { id: 'ch1', bookDir });
  return toHtml(chapter.body).replace(/ data-line="\d+"/g, '').replace(/<wbr>/g, '').replace(/<span class="nobr">(\d+)<\/span>/g, '$1');
}

const W4 = 'style="--chronicle-date-width: 4em"';

describe('the date an entry starts with', () => {
  it.each([
    ['1月5日　区政协召开会议', '1月5日', { month: 1, day: 5 }, '区政协召开会议'],
    ['12月31日 区政协闭会', '12月31日', { month: 12, day: 31 }, '区政协闭会'],
    ['1月5日：区政协召开会议', '1月5日', { month: 1, day: 5 }, '区政协召开会议'],
    ['1月5日，区政协召开会议', '1月5日', { month: 1, day: 5 }, '区政协召开会议'],
    ['1月5日区政协召开会议', '1月5日', { month: 1, day: 5 }, '区政协召开会议'],
    ['1月5—7日　会期三天', '1月5—7日', { month: 1, day: 5 }, '会期三天'],
    ['1月5日至7日　会期三天', '1月5日至7日', { month: 1, day: 5 }, '会期三天'],
    ['1月30日—2月2日　跨月', '1月30日—2月2日', { month: 1, day: 30 }, '跨月'],
    ['3月上旬　调研', '3月上旬', { month: 3, day: 10.5 }, '调研'],
    ['3月中旬　调研', '3月中旬', { month: 3, day: 20.5 }, '调研'],
    ['3月下旬　调研', '3月下旬', { month: 3, day: 31.5 }, '调研'],
    ['3月底　调研', '3月底', { month: 3, day: 31.5 }, '调研'],
    ['3月　走访', '3月', { month: 3, day: 32 }, '走访'],
    ['2024年3月8日　纪念', '2024年3月8日', { year: 2024, month: 3, day: 8 }, '纪念'],
    ['是年　全年共', '是年', { month: 13, day: 32 }, '全年共'],
    ['2024年是年　全年共', '2024年是年', { year: 2024, month: 13, day: 32 }, '全年共'],
    ['2024年　全年共', '2024年', { year: 2024, month: 13, day: 32 }, '全年共'],
    ['2024年，全年共', '2024年', { year: 2024, month: 13, day: 32 }, '全年共'],
    ['同日　又', '同日', { same: 'day' }, '又'],
    ['是月　又', '是月', { same: 'month' }, '又'],
  ])('%s → %s', (text, written, fields, rest) => {
    expect(chronicleDate(text)).toEqual({ date: { text: written, ...fields }, rest });
  });

  it.each(['区政协召开会议', '13月5日　不是日期', '1月32日　不是日期', '0月5日　不是', '1月5区政协', '一月五日　汉字日期', '2024年区政协召开会议', '24年　两位年份'])('finds none in “%s”', (text) => {
    expect(chronicleDate(text)).toBeUndefined();
  });

  it('takes a bold text as a date only when it is one, separator allowed', () => {
    expect(wholeDate('1月5日')).toEqual({ text: '1月5日', month: 1, day: 5 });
    expect(wholeDate(' 1月5日： ')).toEqual({ text: '1月5日', month: 1, day: 5 });
    expect(wholeDate('1月5日区政协')).toBeUndefined();
    expect(wholeDate('注')).toBeUndefined();
    expect(wholeDate('2024年')).toEqual({ text: '2024年', year: 2024, month: 13, day: 32 });
  });

  it('reads month heads in figures or Chinese numerals', () => {
    expect(['1月', '一月', '十月', '十二月', '12月', '2024年3月', '3月份', ' 5月 '].map(monthOfHead)).toEqual([1, 1, 10, 12, 12, 3, 3, 5]);
    expect(['其他', '13月', '二十月', '月', '上半年'].map(monthOfHead)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reckons a date’s width in the wider writing mode (digits half an em across, one or two upright in one em down)', () => {
    expect(dateWidthEm('1月5日')).toBe(4);
    expect(dateWidthEm('12月25日')).toBe(4);
    expect(dateWidthEm('1月')).toBe(2);
    expect(dateWidthEm('1月5—7日')).toBe(6);
    // A date with a year lies sideways whole in vertical text (pipeline/vertical-numbers.ts): 3 + 3 em either way.
    expect(dateWidthEm('2024年1月5日')).toBe(6);
    expect(dateWidthEm('123月')).toBe(2.5);
  });

  it('reckons it as the book prints its numbers', () => {
    const width = (date: string, writing: 'horizontal' | 'vertical', digits: 'mixed' | 'upright' | 'chinese' = 'mixed') => dateWidthEm(date, { writing, digits });
    expect(['1月5日', '12月25日', '1月5—7日'].map((date) => width(date, 'horizontal'))).toEqual([3, 4, 4.5]);
    expect(['1月5日', '12月25日', '1月5—7日'].map((date) => width(date, 'vertical'))).toEqual([4, 4, 6]);
    expect(['1月5日', '12月25日'].map((date) => width(date, 'vertical', 'upright'))).toEqual([4, 6]);
    expect(['1月5日', '12月25日', '10月1日', '2024年1月5日'].map((date) => width(date, 'vertical', 'chinese'))).toEqual([4, 7, 4, 9]);
    // The setting matters only in vertical text.
    expect(width('12月25日', 'horizontal', 'chinese')).toBe(4);
  });

  it('makes the date column as wide as the widest date, at least 2 em, at most 5 em or the widest single day', () => {
    expect(dateColumnEm(['1月5日', '1月'])).toBe(4);
    expect(dateColumnEm(['1月', '是年'])).toBe(2);
    expect(dateColumnEm([])).toBe(2);
    expect(dateColumnEm(['1月5日'], { writing: 'horizontal', digits: 'mixed' })).toBe(3);
    expect(dateColumnEm(['1月5日', '1月5日至7日'], { writing: 'horizontal', digits: 'mixed' })).toBe(5);
    expect(dateColumnEm(['3月上旬'], { writing: 'horizontal', digits: 'mixed' })).toBe(3.5);
    // Chinese numerals: 十二月二十五日 is seven ems, and so is the column; a longer span pushes its own line.
    expect(dateColumnEm(['1月5日', '12月25日', '12月25日至31日'], { writing: 'vertical', digits: 'chinese' })).toBe(7);
    expect(dateColumnEm(['1月5日', '1月6日至7日'], { writing: 'vertical', digits: 'chinese' })).toBe(5);
  });
});

describe('the chronicle plugin', () => {
  it('turns list entries into paragraphs whose date is a span of its own, and month heads into chronicle months', async () => {
    expect(await render('## 1月\n\n- 1月5日　区政协召开会议。\n- 1月18日　主席会议。\n')).toBe(
      '<h2 class="chronicle-month" id="ch1-s1">1月</h2>\n' +
        `<p class="chronicle-entry" ${W4}><span class="chronicle-date">1月5日</span>区政协召开会议。</p>` +
        `<p class="chronicle-entry" ${W4}><span class="chronicle-date">1月18日</span>主席会议。</p>`,
    );
  });

  it('takes a paragraph that starts with a bold date as an entry, and leaves other paragraphs alone', async () => {
    expect(await render('**2月3日**　区政协视察。\n\n**注**　说明。\n\n本年共记事二条。\n')).toBe(
      `<p class="chronicle-entry" ${W4}><span class="chronicle-date">2月3日</span>区政协视察。</p>\n<p><strong>注</strong>　说明。</p>\n<p>本年共记事二条。</p>`,
    );
  });

  it('keeps the rest of an entry’s text as it was written (emphasis, a bold date inside a list item)', async () => {
    expect(await render('- **3月8日**：区政协*表彰*委员。\n')).toBe(`<p class="chronicle-entry" ${W4}><span class="chronicle-date">3月8日</span>区政协<em>表彰</em>委员。</p>`);
    expect(await render('- 3月8日　**区政协**表彰委员。\n')).toBe(`<p class="chronicle-entry" ${W4}><span class="chronicle-date">3月8日</span><strong>区政协</strong>表彰委员。</p>`);
    expect(await render('**3月8日**\u3000 **区政协**表彰委员。\n')).toBe(`<p class="chronicle-entry" ${W4}><span class="chronicle-date">3月8日</span><strong>区政协</strong>表彰委员。</p>`);
  });

  it('sets a loose list item’s further paragraphs as the same entry’s, and keeps a sub-list after them', async () => {
    expect(await render('- 4月1日　第一段。\n\n  第二段。\n\n- 4月2日　另一条。\n  - 细目\n')).toBe(
      `<p class="chronicle-entry" ${W4}><span class="chronicle-date">4月1日</span>第一段。</p>` +
        '<p class="chronicle-more">第二段。</p>' +
        `<p class="chronicle-entry" ${W4}><span class="chronicle-date">4月2日</span>另一条。</p>` +
        '<ul>\n<li>细目</li>\n</ul>',
    );
  });

  it('keeps a list item without a date in the text column, marked undated, and drops an item with no text', async () => {
    expect(await render('- 5月1日　有日期。\n- 没有日期。\n')).toBe(
      `<p class="chronicle-entry" ${W4}><span class="chronicle-date">5月1日</span>有日期。</p><p class="chronicle-entry chronicle-undated" ${W4}>没有日期。</p>`,
    );
    expect(await render('- 5月1日　有日期。\n-\n')).toBe(`<p class="chronicle-entry" ${W4}><span class="chronicle-date">5月1日</span>有日期。</p>`);
  });

  it('sets the date column’s width on every entry, as the book prints its numbers', async () => {
    expect(await render('- 1月　一。\n- 是年　二。\n')).toContain('--chronicle-date-width: 2em');
    expect(await render('- 1月5—7日　一。\n')).toContain('--chronicle-date-width: 5em');
    // No date at all: the narrowest column.
    expect(await render('- 123月　一。\n')).toBe('<p class="chronicle-entry chronicle-undated" style="--chronicle-date-width: 2em">123月　一。</p>');
    const file = path.join(bookDir, 'a.md');
    const { meta, tree } = parseManuscript('---\ntitle: 大事记\nrole: chronicle\n---\n\n- 12月25日　一。\n', file);
    const chinese = await transformManuscript({ file, name: 'a.md', meta, tree }, { id: 'ch1', bookDir, numbers: { writing: 'vertical', digits: 'chinese' } });
    expect(toHtml(chinese.body)).toContain('style="--chronicle-date-width: 7em"');
  });

  it('leaves ordered lists, other blocks and another role’s manuscript as they are', async () => {
    expect(await render('1. 1月5日　一。\n')).toBe('<ol>\n<li>1月5日　一。</li>\n</ol>');
    expect(await render('> 1月5日　引文。\n')).toBe('<blockquote>\n<p>1月5日　引文。</p>\n</blockquote>');
    expect(await render('## 1月\n\n- 1月5日　一。\n', 'part')).toBe('<h2 id="ch1-s1">1月</h2>\n<ul>\n<li>1月5日　一。</li>\n</ul>');
    // No entry at all: nothing is set as a chronicle's but the month heads.
    expect(await render('## 1月\n\n正文。\n')).toBe('<h2 class="chronicle-month" id="ch1-s1">1月</h2>\n<p>正文。</p>');
  });

  it('keeps each entry’s manuscript line for the print page’s reports', async () => {
    const file = path.join(bookDir, 'a.md');
    const { meta, tree } = parseManuscript('---\ntitle: 大事记\nrole: chronicle\n---\n\n- 1月5日　一。\n- 1月6日　二。\n\n**1月7日**　三。\n', file);
    const html = toHtml((await transformManuscript({ file, name: 'a.md', meta, tree }, { id: 'ch1', bookDir })).body);
    expect([...html.matchAll(/data-line="(\d+)"/g)].map((m) => m[1])).toEqual(['6', '7', '9']);
  });
});
