/**
 * The sample yearbook invents nothing. Its own manuscripts (those the root book.yaml lists that are not
 * the articles themselves: 编辑说明, 图片专辑, 大事记, 政协工作, 统计资料) may only state numbers
 * and dates the two raw articles state. A number is read with the character before it and what follows
 * it (委员130人次, 实体企业82家（次）), or with its neighbours when nothing follows (“1+5+2”, 1949—2008);
 * an article's own year (2022年，…) is a date wherever it stands, any other year only as the article words
 * it (撰写2021年度); in a 条目's title, what follows a number only; Chinese numerals before a unit (五届一次, 四个) like numbers; a table cell with its
 * row's or its table's unit, near a word of its row's label. Each is looked up in the raw article of the
 * entry's year when the entry opens with one (2022年，… / - 2024年　…), of a table column's year, or of
 * the years its 资料来源 names, else in either. NFKC makes full-width digits, brackets and commas
 * half-width; white space (the raw texts' hard wraps) is dropped; a number never matches inside a longer one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTICLES: Record<string, string> = { '2022': 'raw/2022-gongzuo-liangdian.txt', '2024': 'raw/2024-liangdian-huimou.txt' };
const YEARS = Object.keys(ARTICLES);

/** Full-width to half-width (NFKC), every dash one hyphen: what the manuscripts and the raw texts are compared in. */
const normalize = (text: string): string => text.normalize('NFKC').replace(/[‐-―−~]/gu, '-');
const RAW: Record<string, string> = Object.fromEntries(YEARS.map((year) => [year, normalize(readFileSync(path.join(repo, ARTICLES[year]!), 'utf8')).replace(/\s+/gu, '')]));

const NUMBER = /\d+(?:\.\d+)?%?/gu;
const UNIT_CHARS = '年月日届次个项件名期批场篇户家条人天周类位';
const CHINESE_NUMBER = new RegExp(`[〇零一二两三四五六七八九十百千万]+(?=[${UNIT_CHARS}])`, 'gu');
/** What may follow a number as its unit and the word after it: letters, %, the brackets of 批（次）. */
const FOLLOWING = /^[\p{L}%()]{0,2}/u;
/** Characters around a table cell's number in the raw text where a word of its row's label must stand. */
const LABEL_WINDOW = 12;

interface Claim {
  /** The text that must occur in the raw article (not inside a longer number). */
  text: string;
  /** Which raw articles may hold it. */
  years: string[];
  /** A table cell's row label: one of its two-character words must stand near the text in the raw article. */
  label?: string;
}

interface Block {
  text: string;
  line: number;
  /** The heading right above it (a 条目's title): read without the character before a number, as titles are worded anew. */
  heading?: string;
}

/** The manuscript's body in blocks (a paragraph, a list item, a table), each heading joined to the block under it. */
function blocksOf(markdown: string): Block[] {
  const lines = markdown.replace(/^---\n[\s\S]*?\n---\n/u, (frontMatter) => '\n'.repeat(frontMatter.split('\n').length - 1)).split('\n');
  const blocks: Block[] = [];
  let heading: string | undefined;
  let table: Block | undefined;
  lines.forEach((raw, index) => {
    // A directive's attributes ({src="…"}) are no text; an index mark is its term, or nothing when hidden.
    const line = raw
      .replace(/:index\[[^\]]*\]\{[^}]*\bhidden\b[^}]*\}/gu, '')
      .replace(/:index\[([^\]]*)\](\{[^}]*\})?/gu, '$1')
      .replace(/\{[^}]*\}\s*$/u, '');
    if (line.startsWith('|')) {
      if (table) table.text += `\n${line}`;
      else blocks.push((table = { text: line, line: index + 1 }));
      return;
    }
    table = undefined;
    if (!line.trim()) return;
    if (/^#{1,6}\s/u.test(line)) {
      heading = line.replace(/^#+\s*/u, '');
      return;
    }
    const text = line.replace(/^-\s+/u, '').replace(/^::figure\[(.*)\]$/u, '$1').replace(/^表\s*\d+(?=\s)/u, '表');
    blocks.push({ text, line: index + 1, ...(heading ? { heading } : {}) });
    heading = undefined;
  });
  return blocks;
}

/** An entry that opens with a year is about that year: its facts come from that year's article. */
function scopeOf(text: string): string[] | string {
  const year = /^\*{0,2}(\d{4})年/u.exec(normalize(text))?.[1];
  if (year === undefined) return YEARS;
  return YEARS.includes(year) ? [year] : `opens with ${year}年, the year of neither article`;
}

function textClaims(text: string, years: string[], title = false): Claim[] {
  const normal = normalize(text);
  const claims: Claim[] = [];
  for (const pattern of [NUMBER, CHINESE_NUMBER]) {
    for (const match of normal.matchAll(pattern)) {
      const end = match.index + match[0].length;
      const following = FOLLOWING.exec(normal.slice(end))![0];
      const before = !title && /\S/u.test(normal[match.index - 1] ?? '') ? normal[match.index - 1]! : '';
      const after = /\S/u.test(normal[end] ?? '') ? normal[end]! : '';
      const date = YEARS.includes(match[0]) && following.startsWith('年') && !/\p{L}/u.test(normal[end + 1] ?? '');
      const alone = following === '' || match[0].endsWith('%');
      claims.push({ text: date ? `${match[0]}年` : alone ? before + match[0] + after : before + match[0] + following, years });
    }
  }
  return claims;
}

const cellsOf = (row: string): string[] => row.replace(/^\||\|$/gu, '').split('|').map((cell) => cell.trim());

/** A table's claims: each number cell with its unit, in its column's year or the years its 资料来源 names. */
function tableClaims(table: string, unit: string | undefined, years: string[]): Claim[] {
  const [header, , ...rows] = table.split('\n').map(cellsOf);
  const unitColumn = header!.findIndex((cell) => /^(计量)?单位$/u.test(cell));
  const claims = header!.flatMap((cell) => textClaims(cell, YEARS));
  for (const row of rows) {
    row.forEach((cell, column) => {
      if (column === unitColumn || !/^\d+(\.\d+)?%?$/u.test(cell)) {
        claims.push(...textClaims(cell, years));
        return;
      }
      const columnYear = /^(\d{4})年$/u.exec(header![column] ?? '')?.[1];
      if (columnYear !== undefined && !YEARS.includes(columnYear)) throw new Error(`a column of ${columnYear}年, the year of neither article`);
      claims.push({ text: normalize(cell + (unitColumn >= 0 ? row[unitColumn] : (unit ?? ''))), years: columnYear ? [columnYear] : years, label: row[0] });
    });
  }
  return claims;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Whether a raw article states the claim: its text, not inside a longer number, near a word of its label. */
function states(raw: string, claim: Claim): boolean {
  const pattern = new RegExp(`${/^\d/u.test(claim.text) ? '(?<!\\d)' : ''}${escape(claim.text)}${/\d$/u.test(claim.text) ? '(?!\\d)' : ''}`, 'gu');
  for (const match of raw.matchAll(pattern)) {
    if (claim.label === undefined) return true;
    const near = raw.slice(Math.max(0, match.index - LABEL_WINDOW), match.index + match[0].length + LABEL_WINDOW);
    const label = normalize(claim.label);
    if ([...label].some((_, i) => i + 2 <= label.length && near.includes(label.slice(i, i + 2)))) return true;
  }
  return false;
}

/** Every number or date of a manuscript that its raw articles do not state, as `line: text (where looked)`. */
function unsupportedFacts(markdown: string): { problems: string[]; claims: number } {
  const blocks = blocksOf(markdown);
  const problems: string[] = [];
  let claims = 0;
  blocks.forEach((block, index) => {
    let found: Claim[];
    if (block.text.startsWith('|')) {
      const unit = blocks.slice(0, index).reverse().find((b) => /^单位[:：]/u.test(b.text) || /^表/u.test(b.text));
      const source = blocks.slice(index + 1).find((b) => /^资料来源[:：]/u.test(b.text) || b.text.startsWith('|'));
      const sourceYears = source?.text.startsWith('资料来源') ? YEARS.filter((year) => source.text.includes(`${year}年`)) : [];
      try {
        found = tableClaims(block.text, unit?.text.startsWith('单位') ? unit.text.replace(/^单位[:：]/u, '') : undefined, sourceYears.length ? sourceYears : YEARS);
      } catch (error) {
        problems.push(`${block.line}: ${(error as Error).message}`);
        return;
      }
    } else {
      const scope = scopeOf(block.text);
      if (typeof scope === 'string') {
        problems.push(`${block.line}: ${scope}`);
        return;
      }
      found = [...textClaims(block.text, scope), ...textClaims(block.heading ?? '', scope, true)];
    }
    claims += found.length;
    for (const claim of found) if (!claim.years.some((year) => states(RAW[year]!, claim))) problems.push(`${block.line}: ${claim.text} (not in the ${claim.years.join(' or ')} article)`);
  });
  return { problems, claims };
}

const yearbook = parse(readFileSync(path.join(repo, 'book.yaml'), 'utf8')) as { manuscripts: string[] };
const listed = yearbook.manuscripts;
/** The yearbook's own manuscripts: not the articles, which name their raw text in `source:`. */
const own = listed.map((file) => ({ file, text: readFileSync(path.join(repo, file), 'utf8') })).filter(({ text }) => !/^---\n[\s\S]*?^source:/mu.test(text));

describe('the sample yearbook states only what the articles state', () => {
  it('checks its own manuscripts of every role, the articles aside', () => {
    const roles = own.map(({ text }) => /^role:\s*(\S+)/mu.exec(text)?.[1]).sort();
    expect(roles).toEqual(['appendix', 'chronicle', 'front', 'part', 'plates']);
    expect(listed.length - own.length).toBe(2);
  });

  it.each(own.map(({ file, text }) => [file, text]))('%s: every number and date is in the raw articles', (_file, text) => {
    const { problems } = unsupportedFacts(text);
    expect(problems).toEqual([]);
  });

  it('reads enough numbers to mean something', () => {
    const total = own.reduce((sum, { text }) => sum + unsupportedFacts(text).claims, 0);
    expect(total).toBeGreaterThan(200);
  });

  it('finds a changed figure, a figure moved to the other year, a changed year and an invented date', () => {
    const part = own.find(({ text }) => /^role:\s*part/mu.test(text))!.text;
    expect(unsupportedFacts(part.replace('走访委员130人次', '走访委员131人次')).problems).toEqual([expect.stringContaining('131人次')]);
    // 2024's 120人次 under 2022: the 2022 article has no 120人次.
    expect(unsupportedFacts(part.replace('走访委员130人次', '走访委员120人次')).problems).toEqual([expect.stringContaining('120人次')]);
    expect(unsupportedFacts(part.replace('2022年，利通区政协完善', '2023年，利通区政协完善')).problems).toEqual([expect.stringContaining('2023年')]);
    const chronicle = own.find(({ text }) => /^role:\s*chronicle/mu.test(text))!.text;
    expect(unsupportedFacts(chronicle.replace('- 2024年　利通区政协举办', '- 2024年7月1日　利通区政协举办')).problems.join(' ')).toMatch(/7月.*1日/u);
    const tables = own.find(({ text }) => /^role:\s*appendix/mu.test(text))!.text;
    expect(unsupportedFacts(tables.replace('| 224 |', '| 242 |')).problems).toEqual([expect.stringContaining('242件')]);
    expect(unsupportedFacts(tables.replace('| 130 | 120 |', '| 120 | 130 |')).problems).not.toEqual([]);
  });

  it('finds every number of its manuscripts changed by one', () => {
    const missed: string[] = [];
    for (const { file, text } of own) {
      const body = text.indexOf('\n---\n') + 5;
      for (const match of text.slice(body).matchAll(/\d+/gu)) {
        const at = body + match.index;
        if (/src="[^"]*$/u.test(text.slice(0, at)) || /表$/u.test(text.slice(0, at))) continue; // image names and table numbers are no facts
        const changed = text.slice(0, at) + String(Number(match[0]) + 1) + text.slice(at + match[0].length);
        if (unsupportedFacts(changed).problems.length === 0) missed.push(`${file}: ${match[0]} at ${text.slice(Math.max(body, at - 8), at + 8)}`);
      }
    }
    expect(missed).toEqual([]);
  });
});
