/** The sample book's two raw articles (raw/, as received) through `import`: the properties an editor needs, not a golden file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { importText, type ImportResult } from '../src/normalize/import.js';
import { hanMultiset } from '../src/normalize/chars.js';
import { markdownParser } from '../src/manuscript/parse.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { checkManuscript } from '../src/check/check.js';

const rawDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../raw');
const read = (name: string) => readFileSync(path.join(rawDir, name), 'utf8');
const raw2022 = read('2022-gongzuo-liangdian.txt');
const raw2024 = read('2024-liangdian-huimou.txt');

function imported(raw: string, name: string): ImportResult & { tree: Root; kinds: (kind: string) => string[] } {
  const result = importText(raw, name);
  const tree = markdownParser.parse(result.markdown) as Root;
  const kinds = (kind: string) =>
    tree.children.filter((node) => (kind === 'figure' ? node.type === 'leafDirective' && node.name === 'figure' : node.type === kind)).map((node) => mdastText(node));
  return { ...result, tree, kinds };
}

const HALF_WIDTH_BETWEEN_HAN = /\p{Script=Han}[,;:?!()]|[,;:?!()]\p{Script=Han}/u;

describe.each([
  ['2022', raw2022],
  ['2024', raw2024],
])('import of the %s seed', (_year, raw) => {
  const result = imported(raw, 'seed.txt');

  it('loses and duplicates no Han character (front matter included)', () => {
    expect(hanMultiset(result.markdown)).toBe(hanMultiset(raw));
  });

  it('keeps every digit', () => {
    const digits = (text: string) => (text.match(/[0-9]/g) ?? []).sort().join('');
    // The year is in the front matter twice: in the subtitle, as in the source, and as `year:`.
    expect(digits(result.markdown.replace(/^year: \d+$/m, ''))).toBe(digits(raw));
  });

  it('leaves no hard line break inside a paragraph', () => {
    for (const text of result.kinds('paragraph')) expect(text).not.toContain('\n');
    const body = result.markdown.replace(/^---[\s\S]*?---\n/, '');
    for (const block of body.split('\n\n')) expect(block.trim()).not.toContain('\n');
  });

  it('leaves no half-width punctuation next to Han characters, and no space between Han and digits', () => {
    for (const text of [...result.kinds('paragraph'), ...result.kinds('heading'), ...result.kinds('figure')]) {
      expect(text).not.toMatch(HALF_WIDTH_BETWEEN_HAN);
      expect(text).not.toMatch(/\p{Script=Han} +\d|\d +\p{Script=Han}/u);
    }
  });

  it('is a manuscript the build accepts and `paiban check` finds nothing in', () => {
    expect(() => parseManuscript(result.markdown, 'seed.md')).not.toThrow();
    // The newspapers' photos did not come: captions alone, as a book says with figures.captionOnly.
    expect(checkManuscript(result.markdown, 'seed.md', rawDir, { captionOnly: true }).messages.map((m) => `${m.line}: ${m.reason}`)).toEqual([]);
  });
});

describe('the 2022 seed (a newspaper site paste)', () => {
  const result = imported(raw2022, '001.txt');
  const meta = parseManuscript(result.markdown, '001.md').meta;

  it('finds title, subtitle, the byline and its author 单瑞, and the year', () => {
    expect(meta).toEqual({ title: '栉风沐雨奋楫笃行 履职为民尽显担当', subtitle: '利通区政协2022年工作亮点回眸', author: '单瑞', byline: '本报记者', year: 2022 });
  });

  it('makes the five "X：Y" lines headings', () => {
    expect(result.kinds('heading')).toEqual(['团结联合：广泛凝聚共识', '政治引领：确保行稳致远', '双向发力：助推高质量发展', '民主监督：彰显人民政协制度优势', '守正创新：加强自身建设']);
  });

  it('joins the paragraphs split across pages', () => {
    const paragraphs = result.kinds('paragraph');
    for (const seam of ['社会主义思想科学内涵有了更深刻的认识', '健全全产业链监管体系等意见建议；', '等7项工作进行了专题视察']) {
      expect(paragraphs.filter((p) => p.includes(seam))).toHaveLength(1);
    }
    expect(paragraphs.some((p) => p.startsWith('内涵有了') || p.startsWith('意见建议') || p.startsWith('行了专题'))).toBe(false);
    expect(result.report.messages.filter((m) => m.ruleId === 'join').map((m) => m.line)).toEqual([37, 49, 61]);
  });

  it('turns the six photo captions into caption figures, where they stood', () => {
    expect(result.kinds('figure')).toEqual([
      '利通区政协调研组走访了解委员会客室、界别委员工作室等平台工作开展情况。',
      '利通区政协医药界别委员进乡村开展健康素养知识讲座。',
      '利通区政协组织委员深入基层了解民情民意。',
      '利通区政协围绕水权改革工作开展专题调研。',
      '利通区政协视察校外培训机构“双减”政策落实情况。',
      '利通区政协开展新春佳节送“福”文化活动。',
    ]);
  });

  it('converts the ASCII punctuation to full width', () => {
    expect(result.markdown).toContain('一条条务实精准的建言，体现服务大局的担当作为；');
    expect(result.markdown).toContain('82家（次）');
  });
});

describe('the 2024 seed (text extracted from a laid-out page)', () => {
  const result = imported(raw2024, '000.txt');
  const warnings = result.report.messages.filter((m) => m.fatal === false);

  it('finds the title and subtitle although they come last', () => {
    expect(parseManuscript(result.markdown, '000.md').meta).toMatchObject({ title: '砥砺深耕践使命 奋楫扬帆向未来', subtitle: '利通区政协2024年亮点工作回眸', year: 2024 });
  });

  it('says the reading order is scrambled, naming the out-of-place blocks by line', () => {
    const order = warnings.filter((m) => m.ruleId === 'reading-order');
    expect(order.map((m) => m.line)).toEqual([2, 225]);
    expect(order[0]!.reason).toContain('3 headings in a row');
    expect(order[1]!.reason).toContain('the title comes after body text');
  });

  it('makes each two-line headline one heading', () => {
    expect(result.kinds('heading')).toEqual([
      '坚持从严从实 提升履职质效 不断树立人民政协的良好形象',
      '坚持服务大局 突出履职主线 不断践行建言资政的使命任务',
      '坚持团结民主 凝聚履职合力 不断激发同心同行的奋进力量',
      '坚持思想引领 铸魂赋能强基 不断锤炼对党忠诚的政治品格',
    ]);
  });

  it('recognises the five captions (as unsure, for the editor to confirm) and collapses spaced-out characters', () => {
    expect(result.kinds('figure')).toEqual([
      '利通区政协围绕“构建‘一家亲’互嵌式社区，促进各民族交往交流交融”开展调研。',
      '利通区政协举办委员履职能力提升培训班。',
      '利通区政协围绕“农村义务教育资源运用”开展调研。',
      '利通区党政主要领导和政协主席会成员督办重点提案。',
      '利通区政协功能型党支部开展“忆初心 颂党恩 聚共识 跟党走”庆“七一”主题党日活动。',
    ]);
    expect(warnings.filter((m) => m.ruleId === 'caption')).toHaveLength(5);
  });

  it('removes stray spaces but keeps the slogan’s', () => {
    expect(result.markdown).toContain('专题培训4场');
    expect(result.markdown).toContain('回眸2024年');
    expect(result.markdown).toContain('“忆初心 颂党恩 聚共识 跟党走”“看变化共谋发展，鼓干劲共促改革”');
  });

  it('joins the paragraphs split by columns', () => {
    const paragraphs = result.kinds('paragraph');
    expect(paragraphs.filter((p) => p.includes('取得了“办好一件提案'))).toHaveLength(1);
    expect(paragraphs.filter((p) => p.includes('坚持以习近平新时代'))).toHaveLength(2);
  });
});
