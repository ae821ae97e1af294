/** Word submissions (src/import/docx*.ts): structure, tracked changes, comments, fields, tables, figures, footnotes, the character accounting, the round trip of the sample articles. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { importDocx } from '../src/import/docx.js';
import { importText } from '../src/normalize/import.js';
import { markdownParser, parseManuscript } from '../src/manuscript/parse.js';
import { checkManuscript } from '../src/check/check.js';
import { loadHtmlStages } from '../src/check/lost-text.js';
import { manuscriptTexts } from '../src/manuscript/texts.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { toHtml } from 'hast-util-to-html';
import * as D from './helpers/docx.js';
import { sampleAsDocx, unitDocx } from './helpers/submissions.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const noImages = () => undefined;
const intoBook = (index: number, extension: string) => ({ src: `../images/unit-${index}.${extension}`, file: `/book/images/unit-${index}.${extension}` });

async function imported(bytes: Buffer, options: { rejectChanges?: boolean; imageTarget?: typeof intoBook } = {}) {
  const result = await importDocx(bytes, { file: 'unit.docx', source: '../raw/unit.docx', imageTarget: options.imageTarget ?? intoBook, rejectChanges: Boolean(options.rejectChanges) });
  const tree = markdownParser.parse(result.markdown) as Root;
  const reasons = result.report.messages.map((m) => `${m.fatal === false ? 'warning' : 'info'}: ${m.reason}`);
  return { ...result, tree, reasons, nodes: tree.children.filter((n) => n.type !== 'yaml') };
}

/** Headings as "## text", paragraphs as their text, figures as "figure: caption", tables as "table", footnotes as "[^n]: text". */
function outline(nodes: Root['children']): string[] {
  return nodes.map((node) => {
    if (node.type === 'heading') return `${'#'.repeat(node.depth)} ${mdastText(node)}`;
    if (node.type === 'leafDirective') return `figure: ${mdastText(node)}${node.attributes?.src ? ` (${node.attributes.src})` : ''}`;
    if (node.type === 'html') return node.value.startsWith('<table>') ? 'html table' : node.value;
    if (node.type === 'table') return 'table';
    if (node.type === 'footnoteDefinition') return `[^${node.identifier}]: ${mdastText(node)}`;
    return mdastText(node);
  });
}

describe('a unit’s Word file', async () => {
  const result = await imported(unitDocx());

  it('maps 标题 1 to the title, 标题 2 / Heading 2 / an outline level to ##, 标题 3 and bold run-in titles to ###, and keeps the source', () => {
    expect(parseManuscript(result.markdown, 'unit.md').meta).toEqual({ title: '利通区政协办公室2024年工作', source: '../raw/unit.docx' });
    expect(outline(result.nodes)).toEqual([
      '## 团结联合',
      '### 政协全会',
      '1月5日，区政协五届三次会议召开。',
      '### 委员培训',
      '全年举办培训4场，覆盖委员580人次，提升履职能力。',
      '## 民主监督',
      '### 专项视察',
      '围绕“农村生活污水治理”开展专项民主监督6场次（数字待核）。',
      '表1\u30002024年提案办理情况',
      '单位：件',
      'html table',
      '注：数据截至2024年12月31日。',
      'figure: 图1\u3000委员视察现场 (../images/unit-1.png)',
      '## 自身建设',
      '第页',
      '[^1]: 五届三次会议于1月5日至7日召开。',
    ]);
    expect(result.markdown).toContain('会议召开[^1]。');
  });

  it('keeps the merged cells as an HTML table whose colspan and rowspan survive the pipeline’s sanitizer', async () => {
    const table = result.nodes.find((n) => n.type === 'html')!;
    expect(table.type === 'html' && table.value).toContain('<th rowspan="2">类别</th><th colspan="2">提案</th>');
    const text = `---\ntitle: 表\n---\n\n${table.type === 'html' ? table.value : ''}\n`;
    const { meta, tree } = parseManuscript(text, 'table.md');
    const chapter = await transformManuscript({ file: path.join(repo, 'manuscripts', 'table.md'), name: 'manuscripts/table.md', meta, tree }, { id: 'ch1', bookDir: repo });
    // (Phrase breaks, numeric columns and runs kept whole are the pipeline's: hard-pages.test.ts.)
    const html = toHtml(chapter.body).replace(/<wbr>/g, '').replace(/ class="num"/g, '').replace(/<span class="nobr">([^<]*)<\/span>/g, '$1');
    expect(html).toContain('<th rowspan="2">类别</th><th colspan="2">提案</th>');
    expect(html).toContain('<td align="right">1,234</td>');
  });

  it('reports each tracked change, the comment, the dropped page field and the headers, accepting the changes by default', () => {
    expect(result.reasons).toEqual(
      expect.arrayContaining([
        'warning: tracked insertion by 张三: “覆盖委员580人次，” accepted (import with --reject-changes to refuse tracked changes)',
        'warning: tracked deletion by 李四: “内容待补，” removed (import with --reject-changes to keep it)',
        'warning: comment by 王五 on “（数字待核）”: “请核实数字” (not carried into the manuscript; decide and edit the text)',
        'info: Word field PAGE dropped: “3” (paiban makes its own page numbers and contents)',
        'info: headers and footers not imported: “利通区政协 工作年鉴”',
      ]),
    );
  });

  it('refuses the tracked changes with --reject-changes', async () => {
    const refused = await imported(unitDocx(), { rejectChanges: true });
    expect(outline(refused.nodes)).toContain('全年举办培训4场，内容待补，提升履职能力。');
    expect(refused.reasons).toContain('warning: tracked insertion by 张三: “覆盖委员580人次，” refused (--reject-changes)');
    expect(refused.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
  });

  it('accounts for every character: the differences are the deletion, the field, the comment and the headers', () => {
    expect(result.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
    expect(result.accounting.differences.map((d) => d.where).sort()).toEqual(['Word fields dropped (page numbers, contents)', 'comments (reported, not carried)', 'headers and footers (not imported)', 'tracked deletions removed']);
    expect(result.accounting.source.han - result.accounting.manuscript.han).toBe(4 + 5 + 9);
  });

  it('extracts the photo under the name given, and is a manuscript `paiban check` accepts', async () => {
    await loadHtmlStages();
    expect(result.images).toEqual([{ file: '/book/images/unit-1.png', bytes: D.PNG_1X1 }]);
    // The photo is not on disk in this unit test (the integration test builds the book with it).
    expect(checkManuscript(result.markdown, path.join(repo, 'manuscripts', 'unit.md'), repo).messages.map((m) => m.reason).filter((r) => !r.startsWith('Image "../images/unit-1.png"'))).toEqual([]);
  });
});

describe('footnotes through the pipeline', () => {
  it('print after the chapter under a plain 注释 line: no English heading, no TOC section, no ↩ that no font has', async () => {
    const { meta, tree } = parseManuscript('---\ntitle: 注\n---\n\n正文[^1]。\n\n[^1]: 注释内容。\n', 'note.md');
    const chapter = await transformManuscript({ file: path.join(repo, 'manuscripts', 'note.md'), name: 'manuscripts/note.md', meta, tree }, { id: 'ch1', bookDir: repo });
    const html = toHtml(chapter.body).replace(/ data-line="\d+"/g, '');
    expect(html).toContain('<p>正文<sup><a href="#user-content-fn-1">1</a></sup>。</p>');
    expect(html).toMatch(/<p class="footnotes-label">注释<\/p>\s*<ol class="footnotes">\s*<li>\s*<p>注释内容。/);
    expect(html).not.toMatch(/↩|Footnotes|<h2/);
    expect(chapter.sections).toEqual([]);
    // What `paiban verify` looks for in the PDF: the reference as its printed number, the note after the text.
    expect(manuscriptTexts({ meta, tree })).toEqual(['注', '正文1。', '注释内容。']);
  });
});

describe('Word structure', () => {
  it('takes a numbered heading linked to a heading style, a custom style with an outline level, and warns of a second 标题 1', async () => {
    const numbering = '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:pStyle w:val="2"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>';
    const body = [
      D.paragraph('第一篇', { style: '1' }),
      D.paragraph('编号的分目', { numbering: { id: 5, level: 0 } }),
      D.paragraph('自定义条目', { style: 'Entry' }),
      D.paragraph('正文。'),
      D.paragraph('第二篇', { style: '1' }),
    ].join('');
    const result = await imported(D.docx({ body, numbering, styles: D.styles([{ id: 'Entry', name: '条目标题', outline: 2 }]) }));
    expect(outline(result.nodes)).toEqual(['## 编号的分目', '### 自定义条目', '正文。', '## 第二篇']);
    expect(result.reasons).toContain('warning: a second 标题 1 / Heading 1 “第二篇”: set as a ## section, since one manuscript has one title; split the file if it holds two articles');
    expect(result.reasons.some((r) => r.includes('automatic Word numbering'))).toBe(true);
  });

  it('makes a bold 【】 or short bold lead a 条目, but not a bold sentence', async () => {
    const body = [
      D.paragraph('标题', { style: '1' }),
      D.paragraph([D.run('【大事】', { bold: true }), D.run('正文一。')]),
      D.paragraph([D.run('短标题：', { bold: true }), D.run('正文二。')]),
      D.paragraph([D.run('这是一句加粗的话，不是标题。', { bold: true }), D.run('正文三。')]),
    ].join('');
    expect(outline((await imported(D.docx({ body }))).nodes)).toEqual(['### 大事', '正文一。', '### 短标题', '正文二。', '这是一句加粗的话，不是标题。正文三。']);
  });

  it('writes a table without merged cells as GFM, numbers right-aligned, and warns of a table without a title', async () => {
    const result = await imported(D.docx({ body: [D.paragraph('标题', { style: '1' }), D.table([['项目', '数量'], ['提案', '133']])].join('') }));
    expect(result.markdown).toContain('| 项目 |  数量 |\n| -- | --: |\n| 提案 | 133 |');
    expect(result.reasons).toContain('warning: table 1 has no title (表N …): write one above it');
  });

  it('drops a table of contents field with its paragraphs, and keeps a hyperlink’s text', async () => {
    const toc = `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${D.run('团结联合 1')}</w:p>${D.paragraph('民主监督 2')}<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;
    const link = `<w:p><w:hyperlink w:anchor="x">${D.run('见附录')}</w:hyperlink></w:p>`;
    const result = await imported(D.docx({ body: [D.paragraph('标题', { style: '1' }), toc, link].join('') }));
    expect(outline(result.nodes)).toEqual(['见附录']);
    expect(result.reasons.some((r) => r.startsWith('info: Word table of contents dropped'))).toBe(true);
    expect(result.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
  });

  it('without a place for images keeps the figure with its caption and says so', async () => {
    const result = await imported(unitDocx(), { imageTarget: noImages as never });
    expect(outline(result.nodes)).toContain('figure: 图1\u3000委员视察现场');
  });
});

describe.each([
  ['2022', 'raw/2022-gongzuo-liangdian.txt'],
  ['2024', 'raw/2024-liangdian-huimou.txt'],
])('the %s sample article written as .docx', (_year, file) => {
  it('imports to the same title, headings, captions and paragraphs as its raw text', async () => {
    const raw = readFileSync(path.join(repo, file), 'utf8');
    const fromText = markdownParser.parse(importText(raw, 'raw.txt').markdown) as Root;
    const fromWord = await importDocx(sampleAsDocx(raw), { file: 'sample.docx', imageTarget: noImages });
    const textMeta = parseManuscript(importText(raw, 'raw.txt').markdown, 'a.md').meta;
    expect(parseManuscript(fromWord.markdown, 'b.md').meta).toEqual({ title: textMeta.title, ...(textMeta.subtitle ? { subtitle: textMeta.subtitle } : {}) });
    expect(outline((markdownParser.parse(fromWord.markdown) as Root).children.filter((n) => n.type !== 'yaml'))).toEqual(outline(fromText.children.filter((n) => n.type !== 'yaml')));
    expect(fromWord.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
  });
});
