/**
 * `paiban check` on a yearbook's manuscripts (src/check/yearbook.ts): 条目 titles (直述式: no comma,
 * at most entries.maxTitle characters), a 条目 before the first 分目, and a 大事记 out of date order.
 * What the user reads, at which line, error or warning. Fast: part of the mutation run.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManuscript } from '../src/check/check.js';
import { checkBook, defaultRole } from '../src/check/check-book.js';
import { parseConfig } from '../src/config/load.js';
import { roleOf } from '../src/check/yearbook.js';
import { markdownParser } from '../src/manuscript/parse.js';
import type { Root } from 'mdast';

let bookDir: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-check-yearbook-'));
});

afterAll(async () => {
  await rm(bookDir, { recursive: true, force: true });
});

/** Four lines of front matter, with a role or without: the body starts on line 6. */
const front = (role?: string) => `---\ntitle: 政协工作\n${role ? `role: ${role}` : 'order: 1'}\n---\n\n`;
/** `line:column E|W rule | message` of this module's rules only. */
const report = (source: string, options: Parameters<typeof checkManuscript>[3] = {}) =>
  checkManuscript(source, 'm.md', bookDir, options)
    .messages.filter((m) => ['entry-title', 'entry-outside-section', 'chronicle-order', 'chronicle-date', 'narrow-columns'].includes(m.ruleId ?? ''))
    .map((m) => `${m.line}:${m.column} ${m.fatal ? 'E' : 'W'} ${m.ruleId} | ${m.reason}`);
const places = (source: string, options: Parameters<typeof checkManuscript>[3] = {}) => report(source, options).map((line) => line.split(' | ')[0]);

describe('条目 titles', () => {
  it('warns of a comma (full or half width) and of a title over 15 characters, at the heading', () => {
    expect(report(`${front('part')}## 提案工作\n\n### 召开提案工作会议，部署全年工作\n\n正文。\n\n### 区政协召开十届二次会议暨全体委员学习培训会\n\n正文。\n`)).toEqual([
      '8:1 W entry-title | 条目 title “召开提案工作会议，部署全年工作” has a comma “，”: a 条目 title is one phrase that says what happened (直述式), without ， or ,',
      '12:1 W entry-title | 条目 title “区政协召开十届二次会议暨全体委员学习培训会” has 21 characters: keep it to 15 (entries.maxTitle in book.yaml)',
    ]);
    expect(places(`${front('part')}## 分目\n\n### 视察,调研\n`)).toEqual(['8:1 W entry-title']);
  });

  it('accepts 、 between names, exactly the limit, and counts no spaces', () => {
    expect(report(`${front('part')}## 分目\n\n### 张三、李四当选常委\n\n### 一二三四五六七八九十一二三四五\n\n### 一二三四五 六七八九十一二三四五\n`)).toEqual([]);
    expect(places(`${front('part')}## 分目\n\n### 一二三四五六七八九十一二三四五六\n`)).toEqual(['8:1 W entry-title']);
  });

  it('takes the limit from book.yaml (entries.maxTitle)', () => {
    const source = `${front('part')}## 分目\n\n### 一二三四五六七八九十一\n`;
    expect(places(source, { maxTitle: 10 })).toEqual(['8:1 W entry-title']);
    expect(report(source, { maxTitle: 11 })).toEqual([]);
  });

  it('looks only at 条目 (###) of a 类目: not at ## or ####, not in another role or a plain book', () => {
    const source = (role?: string) => `${front(role)}## 分目，有逗号的分目标题也不算条目标题\n\n### 条目\n\n#### 小标题，有逗号\n`;
    expect(report(source('part'))).toEqual([]);
    for (const role of ['special', 'front', 'appendix', 'chronicle', undefined]) expect(report(source(role).replace('### 条目', '### 条目，逗号'))).toEqual([]);
    // A yearbook's manuscripts are 类目 by default.
    expect(places(source().replace('### 条目', '### 条目，逗号'), { defaultRole: 'part' })).toEqual(['8:1 W entry-title']);
    expect(report(source('special').replace('### 条目', '### 条目，逗号'), { defaultRole: 'part' })).toEqual([]);
  });
});

describe('a 条目 outside a 分目', () => {
  it('is an error at its line that says what to do', () => {
    expect(report(`${front('part')}### 条目一\n\n正文。\n\n### 条目二\n\n## 分目\n\n### 条目三\n`)).toEqual([
      '6:1 E entry-outside-section | A 条目 (“### 条目一”) before the first 分目: put a "## 分目" heading above it, or make it a "##" 分目 itself',
      '10:1 E entry-outside-section | A 条目 (“### 条目二”) before the first 分目: put a "## 分目" heading above it, or make it a "##" 分目 itself',
    ]);
  });

  it('is not looked for in another role, a plain book, or past a #### heading', () => {
    expect(report(`${front('special')}### 小标题\n`)).toEqual([]);
    expect(report(`${front()}### 小标题\n`)).toEqual([]);
    expect(places(`${front()}#### 更小\n\n### 小标题\n`, { defaultRole: 'part' })).toEqual(['8:1 E entry-outside-section']);
  });
});

describe('a chronicle in date order', () => {
  const chronicle = (body: string) => `${front('chronicle')}${body}`;

  it('accepts entries in order: days, parts of months, an unknown day at the month’s end, an unknown month at the year’s end, 同日 and 是月', () => {
    const body = ['## 1月', '', '- 1月5日　一。', '- 同日　二。', '- 1月上旬　三。', '- 1月18日　四。', '- 1月下旬　五。', '- 1月　六。', '- 是月　七。', '', '## 2月', '', '**2月3日**　八。', '', '- 2月3—5日　九。', '', '## 12月', '', '- 12月31日　十。', '- 是年　十一。', ''].join('\n');
    expect(report(chronicle(body))).toEqual([]);
  });

  it('warns of an entry earlier than the one before, at its line, with both dates', () => {
    expect(report(chronicle('- 1月18日　一。\n- 1月5日　二。\n- 1月　三。\n- 1月20日　四。\n'))).toEqual([
      '7:1 W chronicle-order | 1月5日 comes after 1月18日: a chronicle is in date order (an unknown day goes at the end of its month, an unknown month at the end of the year)',
      '9:1 W chronicle-order | 1月20日 comes after 1月: a chronicle is in date order (an unknown day goes at the end of its month, an unknown month at the end of the year)',
    ]);
    expect(places(chronicle('- 是年　一。\n- 12月31日　二。\n'))).toEqual(['7:1 W chronicle-order']);
    expect(places(chronicle('**3月2日**　一。\n\n**3月1日**　二。\n'))).toEqual(['8:1 W chronicle-order']);
    // 同日 is the day before again: an entry after it is compared with that day.
    expect(places(chronicle('- 3月2日　一。\n- 同日　二。\n- 3月1日　三。\n'))).toEqual(['8:1 W chronicle-order']);
    expect(places(chronicle('- 3月2日　一。\n- 同日　二。\n- 3月2日　三。\n'))).toEqual([]);
  });

  it('says which month 是月 and 同日 stand for when they are out of order', () => {
    expect(report(chronicle('## 3月\n\n- 是月　一。\n- 3月5日　二。\n'))).toEqual([
      '9:1 W chronicle-order | 3月5日 comes after 是月 (3月): a chronicle is in date order (an unknown day goes at the end of its month, an unknown month at the end of the year)',
    ]);
    expect(places(chronicle('## 3月\n\n- 2月5日　一。\n'))).toEqual(['8:1 W chronicle-order']);
  });

  it('orders by year where entries give one, and a year holds for the entries after it', () => {
    expect(report(chronicle('- 2023年12月30日　一。\n- 12月31日　二。\n- 2024年1月1日　三。\n- 1月2日　四。\n'))).toEqual([]);
    expect(places(chronicle('- 2024年1月1日　一。\n- 2023年12月31日　二。\n'))).toEqual(['7:1 W chronicle-order']);
    // The year holds: this is 2024年12月31日, after 2024年1月1日.
    expect(places(chronicle('- 2024年1月1日　一。\n- 12月31日　二。\n'))).toEqual([]);
  });

  it('warns of an entry under a month head that is not its month, and reads heads in Chinese numerals', () => {
    expect(report(chronicle('## 1月\n\n- 1月5日　一。\n- 2月1日　二。\n\n## 二月\n\n- 2月3日　三。\n\n## 其他\n\n- 2月4日　四。\n'))).toEqual([
      '9:1 W chronicle-order | 2月1日 stands under the month head “1月”: move it under 2月, or correct its date',
    ]);
  });

  it('warns of a list item without a date, and lets plain paragraphs be', () => {
    expect(report(chronicle('本年记事如下。\n\n- 1月5日　一。\n- 区政协召开会议。\n'))).toEqual([
      '9:1 W chronicle-date | A chronicle entry without a date at its start: begin it with the date, “1月5日　…” (an unknown day: “1月　…”)',
    ]);
  });

  it('is not looked for outside a chronicle', () => {
    expect(report(`${front('part')}## 分目\n\n- 3月2日　一。\n- 3月1日　二。\n- 没有日期\n`)).toEqual([]);
  });
});

describe('what the check knows of the book', () => {
  it('reads the role from the front matter, else the book’s default', () => {
    const tree = (source: string) => markdownParser.parse(source) as Root;
    expect(roleOf(tree(front('chronicle')), {})).toBe('chronicle');
    expect(roleOf(tree(front()), { defaultRole: 'part' })).toBe('part');
    expect(roleOf(tree(front('special')), { defaultRole: 'part' })).toBe('special');
    expect(roleOf(tree('正文\n'), {})).toBeUndefined();
  });

  it('gives a yearbook’s manuscripts the part role, and another book’s none', () => {
    const config = parseConfig('title: 书\n', 'book.yaml');
    expect(defaultRole(config)).toBeUndefined();
    expect(defaultRole({ ...config, kind: 'yearbook' } as typeof config)).toBe('part');
  });

  it('passes book.yaml’s entries.maxTitle to every manuscript', async () => {
    await mkdir(path.join(bookDir, 'manuscripts'), { recursive: true });
    await writeFile(path.join(bookDir, 'manuscripts', 'a.md'), `${front('part')}## 分目\n\n### 一二三四五六七八九十一\n\n正文。\n`);
    const messages = async (yaml: string) => {
      await writeFile(path.join(bookDir, 'book.yaml'), yaml);
      return (await checkBook(bookDir, parseConfig(yaml, 'book.yaml'))).flatMap((file) => file.messages.map((m) => `${m.line} ${m.ruleId}`));
    };
    expect(await messages('title: 书\n')).toEqual([]);
    expect(await messages('title: 书\nentries:\n  maxTitle: 10\n')).toEqual(['8 entry-title']);
  });
});

describe('book.yaml: entries.maxTitle', () => {
  const refusal = (yaml: string) => {
    try {
      parseConfig(yaml, 'book.yaml');
    } catch (error) {
      return `${(error as { place?: string }).place} ${(error as Error).message}`;
    }
    return 'accepted';
  };

  it('is 15 unless given, a whole number from 4 to 100', () => {
    expect(parseConfig('title: 书\n', 'book.yaml').entries).toEqual({ maxTitle: 15 });
    expect(parseConfig('title: 书\nentries:\n  maxTitle: 20\n', 'book.yaml').entries).toEqual({ maxTitle: 20 });
    expect(refusal('title: 书\nentries:\n  maxTitle: 3\n')).toBe('book.yaml:3:13 "entries.maxTitle" must be at least 4.');
    expect(refusal('title: 书\nentries:\n  maxTitle: 101\n')).toBe('book.yaml:3:13 "entries.maxTitle" must be at most 100.');
    expect(refusal('title: 书\nentries:\n  maxTitle: 12.5\n')).toMatch(/^book\.yaml:3:13 "entries\.maxTitle" must be /);
    expect(refusal('title: 书\nentries:\n  maxtitle: 12\n')).toBe('book.yaml:3:3 Unknown key "maxtitle" in "entries". Did you mean "maxTitle"? Allowed keys: maxTitle.');
  });
});

describe('a manuscript’s own columns', () => {
  const manuscript = (columns: number) => `---\ntitle: 政协工作\nrole: part\ncolumns: ${columns}\n---\n\n## 分目\n\n正文。\n`;
  // An A5 line of 26 characters, 2 em between the columns.
  const a5 = { columnLine: { chars: 26, gapEm: 2 } };

  it('stops on columns that leave fewer than 10 characters each, at the columns: line, as book.yaml’s layout.columns does', () => {
    expect(report(manuscript(3), a5)).toEqual(['4:1 E narrow-columns | 3 columns of a 26-character line hold 7 characters each (at least 10): set fewer columns here, or a smaller layout.columnGap in book.yaml']);
  });

  it('takes two columns of 12 characters, one column, and a book whose line is not known', () => {
    expect(report(manuscript(2), a5)).toEqual([]);
    expect(report(manuscript(1), a5)).toEqual([]);
    expect(report(manuscript(3))).toEqual([]);
  });
});
