import { toHtml } from 'hast-util-to-html';
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { verticalNumbers } from '../src/pipeline/vertical-numbers.js';
import { parseConfig } from '../src/config/load.js';
import { pageRules } from '../src/render/page-rules.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';

function oriented(text: string, digits: 'mixed' | 'upright' | 'chinese' = 'mixed'): string {
  const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] }] };
  verticalNumbers(tree, digits);
  return toHtml(tree).replace(/^<p>|<\/p>$/g, '');
}

describe('numbers in vertical text', () => {
  it.each([
    ['2024年12月31日', '2024年12月31日'],
    ['12月31日', '<span class="tcy">12</span>月<span class="tcy">31</span>日'],
    ['第3期，共7天', '第<span class="tcy">3</span>期，共<span class="tcy">7</span>天'],
    ['安排会议发言130人次', '安排会议发言130人次'],
    ['增长5%，办复率100%，增幅12.5%', '增长<span class="tcy">5%</span>，办复率100%，增幅12.5%'],
    ['构建“1+5+2”读书学习体系', '构建“<span class="upright">1+5+2</span>”读书学习体系'],
    ['“六新六特六优+N”', '“六新六特六优+N”'],
    ['带宽 100 Mbps，H5页面', '带宽 100 Mbps，H5页面'],
    ['12345平台', '12345平台'],
  ])('%s', (input, output) => {
    expect(oriented(input)).toBe(output);
  });

  it('sets every number upright with digits: upright', () => {
    expect(oriented('2024年12月', 'upright')).toBe('<span class="upright">2024</span>年<span class="upright">12</span>月');
  });

  it('writes Chinese numerals with digits: chinese', () => {
    expect(oriented('2024年12月31日，安排130人次，增长5%，第3期，增幅12.5%，构建“1+5+2”体系', 'chinese')).toBe(
      '二〇二四年十二月三十一日，安排一百三十人次，增长百分之五，第三期，增幅百分之十二点五，构建“1+5+2”体系',
    );
    expect(oriented('共105人、3020件、12000元、10次', 'chinese')).toBe('共一百零五人、三千零二十件、一万二千元、十次');
  });

  it('is idempotent: numbers already wrapped are left alone', () => {
    const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '第12期' }] }] };
    verticalNumbers(tree);
    verticalNumbers(tree);
    expect(toHtml(tree)).toBe('<p>第<span class="tcy">12</span>期</p>');
  });
});

describe('pages of a vertical book', () => {
  const config = parseConfig('title: 年鉴\nwriting: vertical\npage:\n  margins: { inner: 22, outer: 15 }\n', 'book.yaml');
  const css = pageRules(config, [{ pageName: 'ch1', title: '第一章' }]);

  it('puts odd pages (Chromium’s :right) on the left of the spread, spine on their right', () => {
    // The outer margin is what 16 columns of 25 px leave of 148 mm beside the 22 mm inner margin.
    expect(css).toContain('@page :right { margin-left: 20.167mm; margin-right: 22mm; }');
    expect(css).toContain('@page :left { margin-left: 22mm; margin-right: 20.167mm; }');
  });

  it('keeps folios and running heads horizontal, on the outer side', () => {
    expect(css).toMatch(/@page ch1:right \{\n {2}@top-left \{ content: "第一章";[^}]*writing-mode: horizontal-tb;/);
    expect(css).toMatch(/@bottom-left \{ content: counter\(page\);/);
    expect(css).toContain('--content-block-size: calc(16 * 25px);');
  });
});

describe('ruby', () => {
  const render = async (body: string) => {
    const { meta, tree } = parseManuscript(`---\ntitle: t\n---\n\n${body}`, '/book/manuscripts/a.md');
    return toHtml((await transformManuscript({ file: '/book/manuscripts/a.md', name: 'a.md', meta, tree }, { id: 'ch1', bookDir: '/book' })).body).replace(/ data-line="\d+"/g, '');
  };

  it('puts one syllable over each character when the counts match', async () => {
    expect(await render(':ruby[吴忠]{rt="wú zhōng"}市\n')).toBe('<p><ruby>吴<rp>(</rp><rt>wú</rt><rp>)</rp>忠<rp>(</rp><rt>zhōng</rt><rp>)</rp></ruby>市</p>');
  });

  it('puts the whole reading over the whole word otherwise', async () => {
    expect(await render(':ruby[利通区]{rt="Litong"}\n')).toBe('<p><ruby>利通区<rp>(</rp><rt>Litong</rt><rp>)</rp></ruby></p>');
  });
});
