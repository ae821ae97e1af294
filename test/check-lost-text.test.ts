/**
 * `paiban check` finds what the build would lose or stop on: a table row with more cells than its header
 * (the extra cells never print), and every image the build refuses — Markdown, ::figure and raw HTML
 * `<img>` alike, a missing file or one on the web — with what to do. For images, check and the build's
 * own transform are run side by side on the same manuscripts: one fails exactly where the other does.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManuscript } from '../src/check/check.js';
import { loadHtmlStages } from '../src/check/lost-text.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { PaibanError } from '../src/util/errors.js';

const FRONT = '---\ntitle: 标题\n---\n\n';
let bookDir: string;
let manuscript: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-lost-text-'));
  await mkdir(path.join(bookDir, 'manuscripts'));
  await mkdir(path.join(bookDir, 'images'));
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6ea3b0000000049454e44ae426082', 'hex');
  await writeFile(path.join(bookDir, 'images', 'here.png'), png);
  await writeFile(path.join(bookDir, 'images', 'a b.png'), png);
  manuscript = path.join(bookDir, 'manuscripts', 'm.md');
  // As checkFiles does for a manuscript with raw HTML (the CLI loads these stages only then).
  await loadHtmlStages();
});

afterAll(async () => {
  await rm(bookDir, { recursive: true, force: true });
});

/** `line:column E|W rule | message` for the messages of the given rules. */
const report = (source: string, rules = ['table-cells', 'missing-image', 'remote-image']) =>
  checkManuscript(source, manuscript, bookDir)
    .messages.filter((m) => rules.includes(m.ruleId ?? ''))
    .map((m) => `${m.line}:${m.column} ${m.fatal ? 'E' : 'W'} ${m.ruleId} | ${m.reason}`);

describe('table rows with more cells than their header', () => {
  it('an unescaped | inside backticks: an error at that |, naming the cell that would not print and the fix', () => {
    const table = '| 参数 | 说明 | 默认 |\n| --- | --- | --- |\n| mode | 运行模式：`a|b` 表示二选一 | online |\n| port | 端口 | 80 |\n';
    expect(report(`${FRONT}${table}`)).toEqual([
      '7:17 E table-cells | This table row has 4 cells and its header 3: “online” would not print; the “|” in `a|b` splits the cell: write it as “\\|”',
    ]);
  });

  it('extra cells without code: an error at the row, to remove the | or escape it; escaped pipes and short rows are fine', () => {
    expect(report(`${FRONT}| 年份 | 人数 |\n| --- | --- |\n| 2023 | 120 | 130 | 备注 |\n`)).toEqual([
      '7:1 E table-cells | This table row has 4 cells and its header 2: “130”, “备注” would not print; remove the extra “|”, or write a “|” that belongs to the text as “\\|”',
    ]);
    expect(report(`${FRONT}| 参数 | 说明 |\n| --- | --- |\n| mode | \`a\\|b\` 二选一 |\n| port |\n`)).toEqual([]);
  });
});

describe('images the build would refuse', () => {
  it('a raw HTML <img> whose file is missing: an error at the tag, as for a Markdown image', () => {
    expect(report(`${FRONT}段落<img src="../images/none.png" alt="x">文字\n\n<img src="../images/here.png">\n`)).toEqual([
      '5:3 E missing-image | Image "../images/none.png" does not exist. Expected it at images/none.png.',
    ]);
  });

  it('an image on the web, in Markdown or raw HTML: says to save it into images/ (with the path to write) or to keep the caption alone', () => {
    expect(report(`${FRONT}![图](https://example.com/pic/photo.jpg)\n\n<div>\n<img src="https://example.com/b.png">\n</div>\n`)).toEqual([
      '5:1 E remote-image | Image "https://example.com/pic/photo.jpg" is on the web: paiban never fetches from the network, so it would not print. Save the image into the book\'s images/ folder and point to it: "../images/photo.jpg"; or, for a caption without a picture, write ::figure[图注] without src.',
      '8:1 E remote-image | Image "https://example.com/b.png" is on the web: paiban never fetches from the network, so it would not print. Save the image into the book\'s images/ folder and point to it: "../images/b.png"; or, for a caption without a picture, write ::figure[图注] without src.',
    ]);
  });
});

/** What the build's transform says about a manuscript: its error message, or 'ok'. */
async function build(body: string): Promise<string> {
  const { meta, tree } = parseManuscript(`${FRONT}${body}`, manuscript);
  try {
    await transformManuscript({ file: manuscript, name: 'manuscripts/m.md', meta, tree }, { id: 'ch1', bookDir });
    return 'ok';
  } catch (error) {
    if (error instanceof PaibanError) return `${error.line}:${error.column} ${error.message} ${error.hint}`;
    throw error;
  }
}

/** What check says about the same manuscript's images: the first image error, as the build would word it, or 'ok'. */
function check(body: string): string {
  const found = checkManuscript(`${FRONT}${body}`, manuscript, bookDir).messages.find((m) => m.ruleId === 'missing-image' || m.ruleId === 'remote-image');
  return found ? `${found.line}:${found.column} ${found.reason}` : 'ok';
}

describe('check and build agree on every image', () => {
  it.each([
    ['a Markdown image that exists', '![图](../images/here.png)'],
    ['a Markdown image that does not', '![图](../images/none.png)'],
    ['a figure, spaces around its path', '::figure[注]{src=" ../images/here.png "}'],
    ['a figure whose file is missing', '::figure[注]{src="../images/gone.png"}'],
    ['a caption alone', '::figure[注]'],
    ['raw HTML, existing', '<img src="../images/here.png" alt="x">'],
    ['raw HTML, a name with a space', '<img src="../images/a b.png">'],
    ['raw HTML, missing', '文字<img src="../images/none.png">'],
    ['raw HTML in a block', '<div>\n<p>说明</p>\n<img src="../images/none.png">\n</div>'],
    ['raw HTML on the web', '<img src="https://example.com/a.png">'],
    ['a protocol-relative address', '![图](//example.com/a.png)'],
    ['javascript:', '<img src="javascript:alert(1)">'],
    ['outside the book', '<img src="../../../etc/passwd">'],
    ['an <img> in an HTML comment', '<!-- <img src="none.png"> -->'],
    ['an <img> in inline code', '`<img src="none.png">`'],
    ['an <img> in a code block', '```html\n<img src="none.png">\n```'],
  ])('%s', async (_what, body) => {
    const built = await build(body);
    const checked = check(body);
    // The same verdict, at the same place, in the same words (the build's error and its hint; check's one line).
    expect(checked).toBe(built);
  });
});
