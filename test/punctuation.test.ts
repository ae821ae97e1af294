import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { compressPunctuation, halvedOfPair, pairOfMarks } from '../src/pipeline/punctuation.js';
import { checkManuscript } from '../src/check/check.js';
import { fixManuscript } from '../src/check/fix.js';
import { fixInterpuncts, fixYearRanges } from '../src/normalize/marks.js';
import { normalizeChineseText } from '../src/normalize/text.js';
import { auditPunctuation, summarizePunctuation } from '../src/proof/audit/punctuation.js';
import type { PageChar, PrintedLine } from '../src/proof/page-chars.js';

/** A manuscript through the real pipeline (the plugin runs in it); the chapter body's HTML. */
async function compress(markdown: string, again = false): Promise<string> {
  const bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-punct-'));
  const file = path.join(bookDir, 'a.md');
  const { meta, tree } = parseManuscript(`---\ntitle: 标题\n---\n\n${markdown}`, file);
  const chapter = await transformManuscript({ file, name: 'a.md', meta, tree }, { id: 'ch1', bookDir });
  if (again) compressPunctuation(chapter.body);
  // What the other passes add (block lines, runs kept whole, phrase breaks) is tested on its own (hard-pages.test.ts).
  return toHtml(chapter.body).replace(/\n/g, '').replace(/ data-line="\d+"/g, '').replace(/<span class="(?:nobr|url)">([^<]*)<\/span>/g, '$1').replace(/<wbr>/g, '');
}
const half = (mark: string) => `<span class="pj-half">${mark}</span>`;

describe('adjacent punctuation: which mark loses its blank half (clreq §3.1.6)', () => {
  it.each([
    // closing + pause/stop: the closing mark
    ['”', '，', 0], ['》', '，', 0], ['”', '、', 0], ['”', '。', 0], ['）', '，', 0], ['’', '；', 0], ['」', '：', 0],
    // closing + closing: the first
    ['）', '》', 0], ['”', '）', 0],
    // pause/stop + closing: the pause mark
    ['。', '”', 0], ['，', '’', 0],
    // closing or pause + opening: the first (its blank follows it)
    ['”', '“', 0], ['》', '《', 0], ['、', '“', 0], ['，', '“', 0], ['。', '《', 0], ['，', '（', 0],
    // opening + opening: the second
    ['“', '《', 1], ['（', '“', 1], ['《', '〈', 1],
  ] as const)('%s%s → mark %i', (a, b, which) => {
    expect(halvedOfPair(a, b)).toBe(which);
  });

  it('in vertical text a colon or semicolon is centred: before an opening mark the opening one is halved', () => {
    expect(halvedOfPair('：', '“', 'vertical')).toBe(1);
    expect(halvedOfPair('；', '《', 'vertical')).toBe(1);
    expect(halvedOfPair('：', '”', 'vertical')).toBeUndefined();
    expect(halvedOfPair('”', '：', 'vertical')).toBe(0);
    expect(halvedOfPair('，', '“', 'vertical')).toBe(0);
  });

  it.each([['“', '”'], ['（', '）'], ['中', '，'], ['，', '中'], ['！', '中'], ['—', '“']])('%s%s: no pair to compress', (a, b) => {
    expect(halvedOfPair(a, b)).toBeUndefined();
  });
});

describe('！ and ？ beside another mark (punctuation.questionExclamation)', () => {
  it('half (the default): ！” ？） halve the ！？ in horizontal text and the closing mark in vertical text, where ！？ fill their em', () => {
    for (const [a, b] of [['！', '”'], ['？', '”'], ['！', '）'], ['？', '》'], ['！', '’']] as const) {
      expect([a + b, pairOfMarks(a, b, 'horizontal'), pairOfMarks(a, b, 'vertical')]).toEqual([a + b, 0, 1]);
    }
    // Before an opening mark the same: the ！ in horizontal text, the opening mark in vertical text.
    expect([pairOfMarks('！', '“', 'horizontal'), pairOfMarks('！', '“', 'vertical')]).toEqual([0, 1]);
    // A closing mark before ！？ loses its own blank half, in both modes.
    expect([pairOfMarks('”', '！', 'horizontal'), pairOfMarks('）', '？', 'vertical')]).toEqual([0, 0]);
  });

  it('half: ？！ ！？ ！！ ？？ take one em together (GB/T 15834—2011)', () => {
    for (const pair of ['？！', '！？', '！！', '？？']) for (const writing of ['horizontal', 'vertical'] as const) expect(pairOfMarks(pair[0]!, pair[1]!, writing)).toBe('both');
    expect(halvedOfPair('？', '！')).toBeUndefined();
  });

  it('full: each ！ and ？ keeps its em, as before', () => {
    const full = { questionExclamation: 'full' } as const;
    for (const [a, b] of [['！', '”'], ['？', '！'], ['”', '！'], ['！', '“']] as const) for (const writing of ['horizontal', 'vertical'] as const) expect(pairOfMarks(a, b, writing, full)).toBeUndefined();
    // The other pairs are not affected.
    expect(pairOfMarks('”', '，', 'horizontal', full)).toBe(0);
  });

  it('wraps ？！ in one span (pj-pair), ！” with a mark per mode, ！！！ as a pair and a full mark, nothing with full', async () => {
    expect(await compress('真的吗？！他问。')).toBe('<p>真的吗<span class="pj-pair">？！</span>他问。</p>');
    expect(await compress('他喊：“快跑！”')).toBe('<p>他喊<span class="pj-half-h">：</span><span class="pj-half-v">“</span>快跑<span class="pj-half-h">！</span><span class="pj-half-v">”</span></p>');
    expect(await compress('“好”！')).toBe(`<p>“好${half('”')}！</p>`);
    expect(await compress('好！！！走')).toBe('<p>好<span class="pj-pair">！！</span>！走</p>');
    expect(await compress('“真的？！”')).toBe('<p>“真的<span class="pj-pair">？！</span><span class="pj-half-v">”</span></p>');
    const chapter = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '真的吗？！“快跑！”' }] }] } as const;
    const tree = structuredClone(chapter) as unknown as Parameters<typeof compressPunctuation>[0];
    compressPunctuation(tree, { questionExclamation: 'full' });
    expect(toHtml(tree)).toBe('<p>真的吗？！“快跑！”</p>');
  });

  it('the audit counts ？！ as one pair: 1 em compressed, 2 em not', () => {
    const lines = [line(1, han('一二三四五六七八九十百千')), line(1, han('一二三四五六七八九十百千')), line(1, [...han('甲乙'), ['？', 0.5], ['！', 0.5], ...han('丙丁'), ['？', 1], ['！', 1], ...han('戊己')])];
    const audit = auditPunctuation(lines, 'horizontal');
    expect(audit.pairs.map((p) => [p.pair, p.advanceEm])).toEqual([['？！', 1], ['？！', 2]]);
    expect(auditPunctuation(lines, 'horizontal', { questionExclamation: 'full' }).pairs).toEqual([]);
  });
});

describe('rehype pass: the halved mark wrapped for halt/vhal', () => {
  it('wraps the first mark of ”， and leaves single marks alone', async () => {
    expect(await compress('“朋友圈”，越扩越大。')).toBe(`<p>“朋友圈${half('”')}，越扩越大。</p>`);
  });

  it('wraps every mark but the last of a run: （2017—2024）》，', async () => {
    expect(await compress('《年鉴（2017—2024）》，完成')).toBe(`<p>《年鉴（2017—2024${half('）')}${half('》')}，完成</p>`);
  });

  it('wraps the second of two opening marks', async () => {
    expect(await compress('题为“《决定》”的')).toBe(`<p>题为“${half('《')}决定${half('》')}”的</p>`);
  });

  it('marks a pair whose halved mark depends on the writing mode once per mode: ：“', async () => {
    expect(await compress('他说：“走吧。”')).toBe('<p>他说<span class="pj-half-h">：</span><span class="pj-half-v">“</span>走吧<span class="pj-half">。</span>”</p>');
  });

  it('finds pairs across inline elements', async () => {
    expect(await compress('*“重点”*、**“难点”**')).toBe(`<p><em>“重点${half('”')}</em>${half('、')}<strong>“难点”</strong></p>`);
  });

  it('never pairs across blocks, code or a space', async () => {
    expect(await compress('甲”\n\n，乙')).toBe('<p>甲”</p><p>，乙</p>');
    expect(await compress('甲`”`，乙')).toBe('<p>甲<code>”</code>，乙</p>');
    expect(await compress('甲” ，乙')).toBe('<p>甲” ，乙</p>');
  });

  it('compresses headings and captions too', async () => {
    expect(await compress('## “两个全覆盖”，见成效')).toBe(`<h2 id="ch1-s1">“两个全覆盖${half('”')}，见成效</h2>`);
    expect(await compress('::figure[委员“会客厅”。]')).toMatch(/<figcaption id="ch1-f1">委员“会客厅<span class="pj-half">”<\/span>。<\/figcaption>/);
  });

  it('is idempotent: a second run changes nothing', async () => {
    expect(await compress('“朋友圈”，越扩越大）》。', true)).toBe(await compress('“朋友圈”，越扩越大）》。'));
  });
});

/** A line of printed characters: each [char, advance in em] from position 0, size 10 pt. */
function line(page: number, items: [string, number][], writing: 'horizontal' | 'vertical' = 'horizontal'): PrintedLine {
  let at = 50;
  const chars: PageChar[] = items.map(([char, advance]) => {
    const c: PageChar = { char, x: 0, y: 0, size: 14, font: 'NotoSerifSC', left: writing === 'horizontal' ? at : 100, top: writing === 'horizontal' ? 100 : at, width: 10, fontSize: 10 };
    at += advance * 10;
    return c;
  });
  return { page, chars, text: items.map(([c]) => c).join('') };
}
const han = (text: string, advance = 1): [string, number][] => [...text].map((c) => [c, advance]);

describe('punctuation audit (pure, over positioned characters)', () => {
  // Three full lines of 12 em ending at the same edge, so the edge is known.
  const full = (page: number, writing: 'horizontal' | 'vertical' = 'horizontal') => line(page, han('一二三四五六七八九十百千'), writing);

  it('measures pairs: 2 em uncompressed, 1.5 em compressed, in both modes', () => {
    for (const writing of ['horizontal', 'vertical'] as const) {
      const lines = [full(1, writing), full(1, writing), line(1, [...han('甲乙'), ['”', 1], ['，', 1], ...han('丙丁'), ['》', 0.5], ['，', 1], ...han('戊己庚辛')], writing)];
      const audit = auditPunctuation(lines, writing);
      expect(audit.pairs.map((p) => [p.pair, p.advanceEm, p.trimmedEm])).toEqual([['”，', 2, 1], ['》，', 1.5, 0.5]]);
      expect(summarizePunctuation(audit)).toMatchObject({ pairs: 2, uncompressedPairs: 1, uncompressedKinds: ['”，×1'] });
    }
  });

  it('measures line-end marks against the edge of full lines: full or half width; a short last line is none', () => {
    // The half-width 。 ends a line of 11.5 em spread to the 12 em measure.
    const lines = [full(1), full(1), line(1, [...han('一二三四五六七八九十百'), ['，', 1]]), line(1, [...han('一二三四五六七八九十百', 11.5 / 11), ['。', 0.5]]), line(1, [...han('一二三'), ['。', 1]])];
    const audit = auditPunctuation(lines, 'horizontal');
    expect(audit.lineEnds.map((l) => [l.char, l.widthEm])).toEqual([['，', 1], ['。', 0.5]]);
    expect(summarizePunctuation(audit)).toMatchObject({ lineEndMarks: 2, fullLineEndMarks: 1 });
  });

  it('measures the spread of justified lines per gap, and flags one with a full-width mark over 0.15 em', () => {
    const spread = line(1, [...han('一二三四五', 1.2), ['，', 1.2], ...han('六七八九十百千万', 1.2)]);
    const audit = auditPunctuation([full(1), full(1), spread], 'horizontal');
    const widest = audit.lines.find((l) => l.line === spread.text)!;
    expect(widest.extraEm).toBeCloseTo(0.2, 3);
    expect(widest.compressibleMark).toBe(true);
    expect(summarizePunctuation(audit)).toMatchObject({ spreadOverLimit: 1, maxExtraEm: 0.2 });
  });
});

describe('year ranges take the 一字线 (GB/T 15834 §4.13)', () => {
  it.each([
    ['利通区政协志（1949-2008，2017-2024）', '利通区政协志（1949—2008，2017—2024）'],
    ['2017~2024年', '2017—2024年'],
    ['2017～2024年', '2017—2024年'],
    ['1949 - 2008年间', '1949—2008年间'],
    ['1990–2000', '1990—2000'],
  ])('%s → %s', (raw, fixed) => {
    expect(fixYearRanges(raw)).toBe(fixed);
  });

  it.each([
    ['dates', '2024-12-31召开'],
    ['a phone number', '电话0953-2011234'],
    ['a phone number of year-like groups', '电话400-2024-1999'],
    ['an ISBN', 'ISBN 978-7-2010-2015-3'],
    ['a negative number', '气温-2008'],
    ['years going backwards', '2008-1949'],
    ['other number ranges (GB/T 15834 wants ～ there)', '25-30人'],
    ['a decimal', '1999-2000.5'],
  ])('leaves %s alone: %s', (_what, text) => {
    expect(fixYearRanges(text)).toBe(text);
  });
});

describe('the 间隔号 (GB/T 15834 §4.15)', () => {
  it.each([['书香政协.悦读'], ['书香政协•悦读'], ['书香政协・悦读'], ['书香政协‧悦读'], ['书香政协．悦读']])('%s → 书香政协·悦读', (raw) => {
    expect(fixInterpuncts(raw)).toBe('书香政协·悦读');
  });

  it('leaves dots that are not between Han characters alone', () => {
    for (const text of ['版本0.1.0发布', 'www.example.com', '第1.5条', '结束。']) expect(fixInterpuncts(text)).toBe(text);
  });

  it('is part of the import normalization (and so of check --fix)', () => {
    expect(normalizeChineseText('整理汇编《利通区政协志（1949-2008）》与“书香政协•悦读月享”')).toBe('整理汇编《利通区政协志（1949—2008）》与“书香政协·悦读月享”');
  });

  it('prints full width: the rehype pass wraps it for a one-em box', async () => {
    expect(await compress('创新搭建“书香政协·悦读月享”平台')).toBe('<p>创新搭建“书香政协<span class="pj-interpunct">·</span>悦读月享”平台</p>');
    expect(await compress('Mr. A·B')).toBe('<p>Mr. A·B</p>');
  });
});

describe('check rules: year-range-dash and interpunct, reported at file:line:col and fixed by --fix', () => {
  const source = ['---', 'title: 标题', '---', '', '整理汇编《志（1949-2008，2017~2024）》。', '', '搭建“书香政协•悦读月享”平台，电话0953-2011234，2024-12-31。', ''].join('\n');

  it('reports each with its rule id, line and column', () => {
    const file = checkManuscript(source, 'a.md', tmpdir());
    const found = file.messages.map((m) => [m.ruleId, m.line, m.column]);
    expect(found).toEqual([
      ['year-range-dash', 5, 8],
      ['year-range-dash', 5, 18],
      ['interpunct', 7, 8],
    ]);
  });

  it('fixes them and nothing else', () => {
    const fixed = fixManuscript(source);
    expect(fixed).toBe(source.replace('1949-2008', '1949—2008').replace('2017~2024', '2017—2024').replace('•', '·'));
    expect(checkManuscript(fixed, 'a.md', tmpdir()).messages).toEqual([]);
  });
});
