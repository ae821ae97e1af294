import { describe, expect, it } from 'vitest';
import { joinLines } from '../src/normalize/unwrap.js';
import { collapseSpacedCharacters, normalizeChineseText } from '../src/normalize/text.js';
import { splitBlocks } from '../src/normalize/blocks.js';
import { classifyBlock, classifyBlocks, authorName } from '../src/normalize/classify.js';
import { hanMultiset } from '../src/normalize/chars.js';
import { importText, joinSplitParagraphs } from '../src/normalize/import.js';

describe('unwrapping hard line breaks', () => {
  it('joins Han to Han with nothing', () => {
    expect(joinLines(['利通区政协始终坚持发挥统一战线组织的大团结大联', '合优势，丰富有事好商量'])).toBe('利通区政协始终坚持发挥统一战线组织的大团结大联合优势，丰富有事好商量');
  });

  it('keeps a space between Latin words only', () => {
    expect(joinLines(['the print', 'shop'])).toBe('the print shop');
    expect(joinLines(['参加 GitHub', '大会'])).toBe('参加 GitHub大会');
    expect(joinLines(['增长3.5%,', 'and more'])).toBe('增长3.5%, and more');
    expect(joinLines(['1949-', '2008年'])).toBe('1949-2008年');
  });

  it('drops blank and surrounding white space', () => {
    expect(joinLines(['  第一行 ', '', '\u3000第二行'])).toBe('第一行第二行');
  });
});

describe('spaced-out characters', () => {
  it.each([
    ['主要 领 导 和 政 协', '主要领导和政协'],
    ['利通区党政主要 领 导 和 政 协主席会成员', '利通区党政主要领导和政协主席会成员'],
    ['单 瑞', '单瑞'],
    ['忆初心 颂党恩 聚共识 跟党走', '忆初心 颂党恩 聚共识 跟党走'],
    ['坚持思想引领 铸魂赋能强基', '坚持思想引领 铸魂赋能强基'],
    ['A B C', 'A B C'],
    ['第 1 章', '第 1 章'],
  ])('%s → %s', (input, output) => {
    expect(collapseSpacedCharacters(input)).toBe(output);
  });
});

describe('punctuation width and spaces', () => {
  it.each([
    ['一年来,共走访82家(次);收集整理', '一年来，共走访82家（次）；收集整理'],
    ['你好?真的!', '你好？真的！'],
    ['按照(试行)办法:第一条', '按照（试行）办法：第一条'],
    ['专题培训 4场，回眸 2024 年', '专题培训4场，回眸2024年'],
    ['使用 GitHub 平台', '使用GitHub平台'],
    ['增长 3.5% ,达到 12.75 亿元', '增长3.5%，达到12.75亿元'],
    // A comma between digits stays: it may be a thousands separator (12,345).
    ['《利通区政协志(1949-2008,2017-2024)》', '《利通区政协志（1949—2008,2017—2024）》'],
    ['共计 12,345 人次', '共计12,345人次'],
    ['“1+5+2”读书学习体系', '“1+5+2”读书学习体系'],
    ['书香政协·悦读月享……——好', '书香政协·悦读月享……——好'],
  ])('%s → %s', (input, output) => {
    expect(normalizeChineseText(input)).toBe(output);
  });

  it('leaves URLs exactly as written, with a space on each side so they stay links', () => {
    expect(normalizeChineseText('访问 https://example.com/a,b?x=1 网站,谢谢')).toBe('访问 https://example.com/a,b?x=1 网站，谢谢');
    expect(normalizeChineseText('邮箱 office@example.org 联系')).toBe('邮箱 office@example.org 联系');
  });

  it('leaves English-only paragraphs alone', () => {
    expect(normalizeChineseText('Hello, world! This is English (really).')).toBe('Hello, world! This is English (really).');
  });

  it('works on Traditional characters and keeps emoji', () => {
    expect(normalizeChineseText('臺灣的 Wi-Fi 網路,速度 100 Mbps')).toBe('臺灣的Wi-Fi網路，速度100 Mbps');
    expect(normalizeChineseText('好的 😀 真棒,对吧')).toBe('好的😀真棒，对吧');
  });

  it('keeps deliberate spaces between Han phrases', () => {
    expect(normalizeChineseText('开展“忆初心 颂党恩 聚共识 跟党走”活动')).toBe('开展“忆初心 颂党恩 聚共识 跟党走”活动');
  });
});

describe('blocks', () => {
  it('splits at blank lines and at lines opened by a space, U+3000 or ——, counting blank lines', () => {
    const blocks = splitBlocks('标题\n\n\n\n图注一句。\n 第一段\n接着\n\u3000第二段\n——副题');
    expect(blocks.map((b) => [b.lines.map((l) => l.line), b.blankBefore, b.opensParagraph])).toEqual([
      [[1], 0, false],
      [[5], 3, false],
      [[6, 7], 0, true],
      [[8], 0, true],
      [[9], 0, true],
    ]);
  });

  it('splits after a short line that ends a sentence, not after a full one', () => {
    const blocks = splitBlocks('深耕结硕果，务实著华章。\n回眸2024年，利通区政协及其常委会坚持以习\n近平新时代中国特色社会主义思想为指导。\n坚持党的领导、统一战线、协商民主有机结合好');
    expect(blocks.map((b) => b.lines.map((l) => l.line))).toEqual([[1], [2, 3, 4]]);
  });
});

describe('block classification', () => {
  const classify = (text: string, blankBefore = 1) => classifyBlock({ lines: text.split('\n').map((t, i) => ({ text: t, line: i + 1 })), blankBefore, opensParagraph: false });

  it('recognises a byline and collapses the spaced-out name', () => {
    expect(classify('本报记者 单 瑞')).toMatchObject({ kind: 'byline', byline: { role: '本报记者', author: '单瑞' } });
    expect(classify('通讯员：张三 李四')).toMatchObject({ kind: 'byline', byline: { role: '通讯员', author: '张三、李四' } });
    expect(authorName('单 瑞')).toBe('单瑞');
  });

  it('recognises a subtitle by its dash', () => {
    expect(classify('——利通区政协2022年工作亮点回眸')).toMatchObject({ kind: 'subtitle', text: '利通区政协2022年工作亮点回眸' });
  });

  it('recognises headings: short, no sentence punctuation; a colon is fine', () => {
    expect(classify('团结联合：广泛凝聚共识').kind).toBe('heading');
    expect(classify('思想决定行动，方向关乎全局。').kind).toBe('paragraph');
  });

  it('joins a headline set over two lines into one heading, with a space', () => {
    expect(classify('坚持从严从实 提升履职质效\n不断树立人民政协的良好形象')).toMatchObject({ kind: 'heading', text: '坚持从严从实 提升履职质效 不断树立人民政协的良好形象' });
  });

  it('recognises captions: after blank-line runs, with a caption mark, or one short sentence about an activity', () => {
    const setApart = classify('利通区政协开展新春佳节送“福”文化活动。', 3);
    expect(setApart.kind).toBe('caption');
    expect(setApart.unsure).toBeUndefined();
    expect(classify('图为委员们在现场。', 1).kind).toBe('caption');
    expect(classify('利通区政协举办委员\n履职能力提升培训班。', 1)).toMatchObject({ kind: 'caption', unsure: expect.stringContaining('caption') });
    expect(classify('民之所盼，政之所向。聚焦中心大局，才能更好彰显政协力量。', 3).kind).toBe('paragraph');
  });

  it('takes the headline before the subtitle as the title, and the lead under it as text', () => {
    const blocks = classifyBlocks(splitBlocks('正文一段，很长很长很长很长很长很长很长很长很长很长很长。\n\n砥砺深耕践使命 奋楫扬帆向未来\n——利通区政协2024年亮点工作回眸\n\n\n深耕结硕果，务实著华章。'));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'title', 'subtitle', 'paragraph']);
  });
});

describe('joining split paragraphs', () => {
  it('joins a paragraph that does not end a sentence to the next, moving a caption between them after', () => {
    const blocks = classifyBlocks(splitBlocks('这是一段很长的正文，讲述了很多事情，还没有说完就被分栏打断了，思想科学\n\n\n\n利通区政协开展新春佳节送“福”文化活动。\n\n内涵有了更深刻的认识。\n\n 新的一段。'));
    const said: string[] = [];
    const joined = joinSplitParagraphs(blocks, (_block, message) => said.push(message));
    expect(joined.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', '这是一段很长的正文，讲述了很多事情，还没有说完就被分栏打断了，思想科学内涵有了更深刻的认识。'],
      ['caption', '利通区政协开展新春佳节送“福”文化活动。'],
      ['paragraph', '新的一段。'],
    ]);
    expect(said).toHaveLength(1);
  });

  it('does not join into a block that opens with an indent', () => {
    const blocks = classifyBlocks(splitBlocks('这是一段没有句号结尾的很长的正文内容，一直写到这里也没有结束\n\n 新的一段。'));
    expect(joinSplitParagraphs(blocks, () => undefined)).toHaveLength(2);
  });
});

describe('import', () => {
  it('writes front matter and Markdown that loses no character', () => {
    const raw = '\n栉风沐雨 履职为民\n\n——利通区政协2022年工作回眸\n\n本报记者 单 瑞\n\n一年来,共走访委员82家(次)。\n\n\n\n利通区政协开展调研。\n\n团结联合：广泛凝聚共识\n\n正文 *星号* 和 [方括号] 以及 #号。\n';
    const { markdown } = importText(raw);
    expect(markdown).toBe(
      '---\ntitle: 栉风沐雨 履职为民\nsubtitle: 利通区政协2022年工作回眸\nauthor: 单瑞\nbyline: 本报记者\nyear: 2022\n---\n\n一年来，共走访委员82家（次）。\n\n::figure[利通区政协开展调研。]\n\n## 团结联合：广泛凝聚共识\n\n正文 \\*星号\\* 和 \\[方括号] 以及 #号。\n',
    );
    expect(hanMultiset(markdown)).toBe(hanMultiset(raw));
  });

  it('says when no title was found', () => {
    const { report, markdown } = importText('一段正文，没有标题。\n');
    expect(markdown).toContain('title: （无标题）');
    expect(report.messages.map((m) => m.ruleId)).toContain('title');
  });
});
