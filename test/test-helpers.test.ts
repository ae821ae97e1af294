/**
 * The test helpers are part of what guards the product: a helper that cannot fail makes every test
 * using it unable to fail. These check the helpers themselves (fast, no Chromium).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference, printedChapter, readReferenceText } from './helpers/reference-text.js';
import { REFERENCE_DIR, compareWithReference } from './helpers/visual.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'paiban-helpers-'));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the reference text reader (the manuscripts read without paiban’s parser)', () => {
  const manuscript = [
    '---',
    'title: 标题',
    'subtitle: 副题',
    'author: 单瑞',
    'byline: 本报记者',
    '---',
    '',
    '第一段，*着重*与:ruby[吴忠]{rt="wú zhōng"}，',
    '续行<sup>2</sup>。',
    '',
    '## 小节',
    '',
    '::figure[没有照片的图注。]',
    '',
    '::figure[有照片的图注。]{src="../images/a.jpg"}',
    '',
    '::pagebreak',
    '',
    '| 项目 | 数量 |',
    '| --- | ---: |',
    '| 提案 | 130 |',
    '',
    '```',
    'const 代码 = 1;',
    '```',
    '',
    '***',
    '',
    '最后一段。',
    '',
  ].join('\n');

  it('reads every block in order: paragraphs joined, headings, captions, table cells, code lines, breaks', () => {
    const read = readReferenceText(manuscript);
    expect(read.meta).toEqual({ title: '标题', subtitle: '副题', author: '单瑞', byline: '本报记者' });
    expect(read.blocks).toEqual(['第一段，着重与吴忠，续行2。', '小节', '▲没有照片的图注。', '有照片的图注。', '项目', '数量', '提案', '130', 'const 代码 = 1;', '＊', '最后一段。']);
    expect(read.headings).toEqual(['小节']);
  });

  it('prints a chapter as the stylesheet does: title, dash and subtitle, byline, blocks; ▶ for vertical captions', () => {
    const read = readReferenceText(manuscript);
    expect(printedChapter(read)).toBe('标题——副题本报记者单瑞第一段，着重与吴忠，续行2。小节▲没有照片的图注。有照片的图注。项目数量提案130const代码=1;＊最后一段。');
    expect(printedChapter(read, 'vertical')).toContain('▶没有照片的图注。');
  });

  it('refuses what it cannot read rather than guess', () => {
    expect(() => readReferenceText('no front matter')).toThrow(/no front matter/);
    expect(() => readReferenceText('---\ntitle: x\n---\n\n- a list\n')).toThrow(/lists/);
    expect(() => readReferenceText('---\ntitle: x\n---\n\n::video[x]\n')).toThrow(/unknown directive/);
  });

  it('finds a lost, an added and a duplicated paragraph', () => {
    expect(firstDifference('甲乙丙', '甲乙丙')).toBeUndefined();
    expect(firstDifference('甲丙', '甲乙丙')).toMatch(/^differs at 1 of 3/);
    expect(firstDifference('甲乙乙丙', '甲乙丙')).toMatch(/^differs at 2 of 3/);
    expect(firstDifference('甲乙丙丁', '甲乙丙')).toMatch(/^differs at 3 of 3/);
  });
});

describe('the visual reference', () => {
  it('fails when the reference image is missing, and does not write one unless UPDATE_REFERENCE=1', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([200, 200]);
    const file = path.join(tmp, 'one.pdf');
    await writeFile(file, await pdf.save());
    const name = `missing-${process.pid}`;
    const saved = { update: process.env.UPDATE_REFERENCE, ci: process.env.CI };
    delete process.env.UPDATE_REFERENCE;
    delete process.env.CI;
    try {
      expect(() => compareWithReference(file, 1, name)).toThrow(/No reference image .*UPDATE_REFERENCE=1/);
      expect(existsSync(path.join(REFERENCE_DIR, `${name}.png`))).toBe(false);
    } finally {
      await rm(path.join(REFERENCE_DIR, `${name}.png`), { force: true });
      if (saved.update !== undefined) process.env.UPDATE_REFERENCE = saved.update;
      if (saved.ci !== undefined) process.env.CI = saved.ci;
    }
  });
});
