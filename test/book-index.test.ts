/**
 * The index (索引): its order (pinyin, tone, polyphones read by word, the book's own readings, digits and
 * Latin letters; or strokes), what it collects from the manuscripts, its references and its pages.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { collectIndex, type IndexSettings } from '../src/book-index/collect.js';
import { itemLocators, sameLocators } from '../src/book-index/locate.js';
import { readings, sortTerms } from '../src/book-index/sort.js';
import { parseConfig } from '../src/config/load.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript, type Chapter } from '../src/pipeline/transform.js';
import { indexElement } from '../src/render/index-pages.js';
import { PaibanError } from '../src/util/errors.js';

const SETTINGS: IndexSettings = { sort: 'pinyin', entries: true, tables: true, figures: true, readings: {} };

async function chapter(markdown: string, id = 'ch1', role = 'part'): Promise<Chapter> {
  const bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-index-'));
  const file = path.join(bookDir, 'a.md');
  const { meta, tree } = parseManuscript(`---\ntitle: 政协工作\nrole: ${role}\n---\n\n${markdown}`, file);
  return transformManuscript({ file, name: 'manuscripts/a.md', meta, tree }, { id, bookDir, entries: role === 'part' });
}

describe('the order of the index', () => {
  it('sorts by pinyin, then tone, then the next characters; polyphones by the word; the book’s readings first; digits, then Latin under its letter', () => {
    // Sorted by hand: 0–9 by number; A: a before an; C: cháng before chóng (长安 as a word, not zhǎng);
    // H: 行长 háng zhǎng; L: lù, lǚ, lǜ (ü after u, tone 3 before 4); S: 单县 shàn (the book's reading, not dān);
    // Y: 银行 yín háng; Z: 政府 before 政协 (fǔ before xié).
    const reference = ['5G基站', '12345热线', '阿拉善', '安全', '北京', '长安', '重庆', 'GDP增长', '行长', '路面', '吕梁', '绿化', '单县', '吴忠市', '银行', '政府', '政协'];
    const shuffled = [...reference].reverse();
    const sorted = sortTerms(shuffled.map((term) => ({ term })), 'pinyin', { 单县: 'shàn xiàn' });
    expect(sorted.map((s) => s.item.term)).toEqual(reference);
    expect(sorted.map((s) => s.head)).toEqual(['0–9', '0–9', 'A', 'A', 'B', 'C', 'C', 'G', 'H', 'L', 'L', 'L', 'S', 'W', 'Y', 'Z', 'Z']);
    // Without the book's reading 单县 is read dān and goes under D.
    expect(sortTerms([{ term: '单县' }], 'pinyin')[0]!.head).toBe('D');
  });

  it('reads each character by its word, and takes the book’s readings in tone marks or numbers', () => {
    expect(readings('银行行长')).toEqual(['yin2', 'hang2', 'hang2', 'zhang3']);
    expect(readings('去单县', { 单县: 'shan4 xian4' })).toEqual(['qu4', 'shan4', 'xian4']);
    expect(readings('绿化')).toEqual(['lv4', 'hua4']);
  });

  it('sorts one syllable by its tone, the neutral tone last; digits first, other marks last; heads only for letters', () => {
    const order = (terms: string[]) => sortTerms(terms.map((term) => ({ term })), 'pinyin').map((s) => s.item.term);
    expect(order(['吗', '骂人', '马路', '麻烦', '妈妈'])).toEqual(['妈妈', '麻烦', '马路', '骂人', '吗']);
    expect(order(['《条例》解读', '阿拉善', '3G网络', '第5次'])).toEqual(['3G网络', '阿拉善', '第5次', '《条例》解读']);
    expect(sortTerms([{ term: '《条例》解读' }, { term: '第5次' }, { term: 'x射线' }], 'pinyin').map((s) => s.head)).toEqual(['D', 'X', '#']);
  });

  it('applies the book’s readings only where the whole key stands, spaces and ü allowed, a count that does not match ignored', () => {
    expect(readings('驴', { 驴: ' lǘ ' })).toEqual(['lv2']);
    expect(readings('单县', { 单县: '  shan4   xian4 ' })).toEqual(['shan4', 'xian4']);
    expect(readings('单位', { 单县: 'shàn xiàn' })).toEqual(['dan1', 'wei4']);
    expect(readings('去单', { 单县: 'shàn xiàn' })).toEqual(['qu4', 'dan1']);
    expect(readings('单县', { 单县: 'shàn' })).toEqual(['dan1', 'xian4']);
  });

  it('sorts by strokes when asked, without letter heads', () => {
    const sorted = sortTerms([{ term: '政协' }, { term: '一号' }, { term: '王家' }], 'stroke');
    expect(sorted.map((s) => s.item.term)).toEqual(['一号', '王家', '政协']);
    expect(sorted.every((s) => s.head === '')).toBe(true);
  });

  it('puts a term’s subheadings after it, in their own order', () => {
    const sorted = sortTerms([{ term: '政协', sub: '委员' }, { term: '政协' }, { term: '政协', sub: '党组' }], 'pinyin');
    expect(sorted.map((s) => s.item.sub ?? '')).toEqual(['', '党组', '委员']);
  });
});

describe('what the index collects', () => {
  it('takes 条目 titles, table titles, captions and marks; merges a term’s spots; a 见 has none of its own', async () => {
    const a = await chapter(
      '## 分目\n\n### 走访联系委员\n\n走访:index[奶产业]企业，再谈:index[奶产业]发展。:index[两个清单]{see="党纪学习教育" hidden}开展:index[党纪学习教育]。\n\n::table[表1　履职数据]\n\n| 项目 | 数量 |\n| --- | --- |\n| 提案 | 133 |\n\n::figure[委员视察。]\n',
    );
    const items = collectIndex([a], new Set(['ch1']), SETTINGS);
    const byTerm = new Map(items.map((item) => [item.term, item]));
    expect([...byTerm.keys()].sort()).toEqual(['党纪学习教育', '表1　履职数据', '奶产业', '两个清单', '委员视察。', '走访联系委员'].sort());
    expect(byTerm.get('奶产业')!.spots.map((s) => s.id)).toEqual(['ch1-ix1', 'ch1-ix2']);
    expect(byTerm.get('两个清单')).toMatchObject({ see: '党纪学习教育', spots: [] });
    expect(byTerm.get('走访联系委员')!.spots).toEqual([{ id: 'ch1-s2', chapterId: 'ch1', end: 'ch1-s2-end' }]);
    // Switched off in book.yaml: no table titles, no captions.
    expect(collectIndex([a], new Set(['ch1']), { ...SETTINGS, tables: false, figures: false }).map((item) => item.term)).not.toContain('委员视察。');
    // The text keeps the term (not the hidden one) inside its anchor.
    const html = toHtml(a.body);
    expect(html).toContain('<span class="index-mark" data-index-term="奶产业" id="ch1-ix1">奶产业</span>');
    expect(html).toMatch(/<span class="index-mark" data-index-term="两个清单" data-index-see="党纪学习教育" id="ch1-ix3"><\/span>/);
  });

  it('stops at the mark’s line on a 见 to a term never indexed, on see references in a circle, and on an empty mark', async () => {
    const unknown = await chapter('第一段。\n\n又见:index[两个清单]{see="党纪教育"}。\n');
    expect(() => collectIndex([unknown], new Set(), SETTINGS)).toThrow(PaibanError);
    try {
      collectIndex([unknown], new Set(), SETTINGS);
    } catch (error) {
      expect((error as PaibanError).line).toBe(8);
      expect((error as PaibanError).message).toContain('党纪教育');
    }
    const circle = await chapter(':index[甲]{see="乙"}与:index[乙]{see="甲"}。\n');
    expect(() => collectIndex([circle], new Set(), SETTINGS)).toThrow(/circle: 甲 → 乙 → 甲/);
    await expect(chapter('空的:index[]{sub="x"}标记。\n')).rejects.toThrow(/without a term/);
  });
});

describe('the index pages', () => {
  const items = [
    { term: '奶产业', spots: [{ id: 'a', chapterId: 'ch1' }, { id: 'b', chapterId: 'ch1' }, { id: 'c', chapterId: 'ch1' }], head: 'N' },
    { term: '两个清单', spots: [], see: '党纪学习教育', head: 'L' },
    { term: '政协', sub: '党组', spots: [{ id: 'd', chapterId: 'ch1' }], head: 'Z' },
  ];

  it('prints each locator once, in page order, as a link; 见 and 参见; a subheading under its term; letter heads', () => {
    const locators = new Map([['a', '14b'], ['b', '12a'], ['c', '14b'], ['d', '3']]);
    expect(itemLocators(items[0]!, locators)).toEqual([{ id: 'b', text: '12a' }, { id: 'a', text: '14b' }]);
    const html = toHtml(indexElement('索引', items, 3, locators));
    expect(html).toContain('<a class="index-locator" href="#b">12a</a>，<a class="index-locator" href="#a">14b</a>');
    expect(html).toContain('<span class="index-see">见<span class="index-see-term">党纪学习教育</span></span>');
    expect(html).toContain('<p class="index-entry"><span class="index-term">政协</span></p><p class="index-entry index-sub"><span class="index-term">党组</span>');
    expect(html.match(/<h2 class="index-head">/g)).toHaveLength(3);
    expect(html).toContain('data-columns="3"');
  });

  it('prints placeholders that hold every digit before the numbers are known; the numbers settle when two prints agree', () => {
    const html = toHtml(indexElement('索引', [{ term: '甲', spots: Array.from({ length: 4 }, (_, i) => ({ id: `s${i}`, chapterId: 'ch1' })), head: 'J' }], 2));
    const digits = new Set([...html.matchAll(/href="#s\d">(\d+)[abc]</g)].flatMap((m) => [...m[1]!]));
    expect(digits.size).toBe(10);
    expect(sameLocators(new Map([['a', '1']]), new Map([['a', '1']]))).toBe(true);
    expect(sameLocators(new Map([['a', '1']]), new Map([['a', '2']]))).toBe(false);
    expect(sameLocators(undefined, new Map())).toBe(false);
  });

  it('is on by default in a yearbook, in three columns; index: false turns it off; a book has none unless asked', () => {
    expect(parseConfig('title: 年鉴\nkind: yearbook\n', 'book.yaml').index).toMatchObject({ columns: 3, sort: 'pinyin', title: '索引' });
    expect(parseConfig('title: 年鉴\nkind: yearbook\nindex: false\n', 'book.yaml').index).toBe(false);
    expect(parseConfig('title: 书\n', 'book.yaml').index).toBeUndefined();
    expect(() => parseConfig('title: 书\nindex:\n  readings:\n    单县: 单\n', 'book.yaml')).toThrow(/pinyin syllables/);
  });
});

describe('paiban check', () => {
  it('says an empty index mark is an error at its line, as the build does', async () => {
    const { checkManuscript } = await import('../src/check/check.js');
    const file = checkManuscript('---\ntitle: 标题\n---\n\n正文:index[]{sub="甲"}。\n\n又:index[奶产业]。\n', 'a.md', tmpdir());
    expect(file.messages.filter((m) => m.ruleId === 'empty-index-mark').map((m) => [m.line, m.fatal])).toEqual([[5, true]]);
  });
});

describe('cross-references (:ref)', () => {
  it('link to the 条目 or table of that title and print its folio, placeholders before it is known', async () => {
    const { resolveRefs } = await import('../src/book-index/refs.js');
    const { fillRefs } = await import('../src/render/refs.js');
    const { chapterElement } = await import('../src/render/chapter.js');
    const a = await chapter('## 分目\n\n### 走访联系委员\n\n正文。\n\n### 开展协商\n\n详见:ref[走访联系委员]，又见:ref[表1 履职数据]。\n\n::table[表1　履职数据]\n\n| 项目 | 数量 |\n| --- | --- |\n| 提案 | 133 |\n');
    expect(resolveRefs([a], new Set(['ch1']))).toEqual([{ id: 'ch1-s2', chapterId: 'ch1' }, { id: 'ch1-t1', chapterId: 'ch1' }]);
    const html = (locators?: Map<string, string>) => toHtml(fillRefs(chapterElement(a), locators));
    expect(html(new Map([['ch1-s2', '12b'], ['ch1-t1', '3']]))).toContain('<a class="ref" data-ref-target="走访联系委员" href="#ch1-s2">（见第12页）</a>，又见<a class="ref" data-ref-target="表1 履职数据" href="#ch1-t1">（见第3页）</a>');
    expect(html()).toContain('（见第012页）');
  });

  it('stop the build at the reference’s line when no 条目 or table has the title, or two have it', async () => {
    const { resolveRefs } = await import('../src/book-index/refs.js');
    const unknown = await chapter('## 分目\n\n### 甲\n\n见:ref[乙]。\n');
    expect(() => resolveRefs([unknown], new Set(['ch1']))).toThrow(/names no 条目 or table/);
    const twice = await chapter('## 分目\n\n### 甲\n\n一。\n\n### 甲\n\n见:ref[甲]。\n');
    expect(() => resolveRefs([twice], new Set(['ch1']))).toThrow(/not unique/);
    await expect(chapter('见:ref[]。\n')).rejects.toThrow(/without a target/);
  });
});
