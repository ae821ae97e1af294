/**
 * `paiban import`'s report, line by line: what it decided for each block (info) and what the editor
 * must check (warning), previews cut at 24 characters, joins named with both halves, reading-order
 * signs, and the front matter it writes. Written against the mutants that survived normalize.test.
 */
import { describe, expect, it } from 'vitest';
import { splitBlocks } from '../src/normalize/blocks.js';
import { hanCount, hanMultiset, isHan } from '../src/normalize/chars.js';
import { importText } from '../src/normalize/import.js';

/** `line:column info|warning rule | message`, in report order. */
const report = (raw: string) => importText(raw).report.messages.map((m) => `${m.line}:${m.column} ${m.fatal === false ? 'warning' : 'info'} ${m.ruleId} | ${m.reason}`);

describe('the import report', () => {
  it('names each block it recognised with its line, and writes the front matter from them', () => {
    const raw = '\n栉风沐雨 履职为民\n\n——利通区政协2022年工作回眸\n\n本报记者 单 瑞\n\n一年来,共走访委员82家(次)。\n\n\n\n利通区政协开展调研。\n\n团结联合：广泛凝聚共识\n\n正文 *星号*。\n';
    expect(report(raw)).toEqual([
      '2:1 info title | title: “栉风沐雨 履职为民”',
      '4:1 info subtitle | subtitle: “利通区政协2022年工作回眸”',
      '6:1 info byline | byline: “本报记者 单瑞”',
      '12:1 info caption | caption: “利通区政协开展调研。”',
      '14:1 info heading | heading: “团结联合：广泛凝聚共识”',
    ]);
    expect(importText(raw, 'raw.txt', { source: '../raw/a.txt' }).markdown).toMatch(/^---\ntitle: 栉风沐雨 履职为民\nsubtitle: 利通区政协2022年工作回眸\nauthor: 单瑞\nbyline: 本报记者\nyear: 2022\nsource: \.\.\/raw\/a\.txt\n---\n/);
  });

  it('warns where it guessed, joins split paragraphs naming both halves, and puts the missing title first', () => {
    const raw = '一段正文讲了很多很多事情，\n\n利通区政协开展调研活动。\n\n还没有讲完的这一段现在讲完了。\n';
    expect(report(raw)).toEqual([
      '1:1 warning title | no title found: the front matter says “（无标题）”; write the real one',
      '3:1 warning caption | caption: “利通区政协开展调研活动。” (one short sentence about an activity, set apart: a photo caption?)',
      '5:1 info join | joined to the paragraph before (line 1): “…多很多事情，” + “还没有讲完的…”, split by a page or column',
    ]);
    // The caption set between the halves moves after the joined paragraph.
    expect(importText(raw).markdown).toBe('---\ntitle: （无标题）\n---\n\n一段正文讲了很多很多事情，还没有讲完的这一段现在讲完了。\n\n::figure[利通区政协开展调研活动。]\n');
  });

  it('says when headings stand in a row without text, and when the title comes after the text', () => {
    expect(report('正文第一段，讲了很多事情。\n\n标题在后面\n\n第一节\n\n第二节\n\n第三节\n\n正文。\n').filter((line) => line.includes('reading-order'))).toEqual([
      "3:1 warning reading-order | 4 headings in a row with no text between them (lines 3, 5, 7, 9): their sections' text stands elsewhere; move each heading before its section",
    ]);
    expect(report('小标题一\n\n正文。\n\n小标题二\n\n小标题三\n\n正文二。\n').filter((line) => line.includes('reading-order'))).toEqual([
      "5:1 warning reading-order | 2 headings in a row with no text between them (lines 5, 7): their sections' text stands elsewhere; move each heading before its section",
    ]);
  });

  it('cuts a long preview at 24 characters', () => {
    expect(report('这是一个非常非常长的标题它超过了二十四个字符还要更长一些')).toEqual(['1:1 info title | title: “这是一个非常非常长的标题它超过了二十四个字符还要…”']);
    expect(report('这个标题正好有二十四个字符长短刚刚合适不多不少')).toEqual(['1:1 info title | title: “这个标题正好有二十四个字符长短刚刚合适不多不少”']);
  });

  it('takes the year from the title or subtitle, only a plausible one followed by 年', () => {
    const year = (raw: string) => /\nyear: (\d+)\n/.exec(importText(raw).markdown)?.[1];
    expect(year('1998年工作总结\n\n正文。\n')).toBe('1998');
    expect(year('工作总结\n\n——2024 年回顾\n\n正文。\n')).toBe('2024');
    expect(year('第1850年\n\n正文。\n')).toBeUndefined();
    expect(year('工作总结2024\n\n正文。\n')).toBeUndefined();
  });
});

describe('blocks and characters', () => {
  it('split after a short line that ends a sentence, not after the last line or a full one', () => {
    const blocks = splitBlocks('第一行很长很长很长很长很长很长很长很长很长很长。\n短句。\n第三行很长很长很长很长很长很长很长很长很长很长\n最后一行。\n');
    expect(blocks.map((b) => b.lines.map((l) => l.line))).toEqual([[1, 2], [3, 4]]);
    expect(blocks.map((b) => [b.blankBefore, b.opensParagraph])).toEqual([[0, false], [0, false]]);
  });

  it('counts and sorts Han characters, and tells one from anything else', () => {
    expect([isHan('中'), isHan('𠀀'), isHan('a'), isHan('，'), isHan(undefined)]).toEqual([true, true, false, false, false]);
    expect(hanCount('中a文，𠀀')).toBe(3);
    expect(hanCount('abc')).toBe(0);
    expect(hanMultiset('文b中a文')).toBe('中文文');
    expect(hanMultiset('abc')).toBe('');
  });
});
