/**
 * `paiban check`, rule by rule: what the user reads (message, line:column, error or warning) for
 * each kind of problem, the edges each rule has (a URL, a sentence end, a heading that goes back up),
 * and what `--fix` writes. Written against the mutants that survived check.test.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManuscript, hasFixable } from '../src/check/check.js';
import { checkBook, checkFiles, countProblems } from '../src/check/check-book.js';
import { fixManuscript } from '../src/check/fix.js';
import { parseConfig } from '../src/config/load.js';

const FRONT = '---\ntitle: 标题\n---\n\n';
let bookDir: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-mutation-check-'));
  await mkdir(path.join(bookDir, 'manuscripts', 'images'), { recursive: true });
  // A real PNG signature: the image check reads the file's head.
  await writeFile(path.join(bookDir, 'manuscripts', 'images', 'here.png'), Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6ea3b0000000049454e44ae426082', 'hex'));
});

afterAll(async () => {
  await rm(bookDir, { recursive: true, force: true });
});

/** `line:column E|W rule | message` for every message, in report order. */
const report = (source: string, file = path.join(bookDir, 'manuscripts', 'm.md')) =>
  checkManuscript(source, file, bookDir).messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'E' : 'W'} ${m.ruleId} | ${m.reason}`);
const places = (source: string) => report(source).map((line) => line.split(' | ')[0]);

describe('half-width punctuation', () => {
  it('names each mark and its full-width form, at its column, with or without a space beside the Han character', () => {
    expect(report(`${FRONT}甲 ,乙;丙: 丁?戊!己(庚)辛`)).toEqual([
      '5:3 W half-width-punctuation | Half-width "," in Chinese text: use "，"',
      '5:5 W half-width-punctuation | Half-width ";" in Chinese text: use "；"',
      '5:7 W half-width-punctuation | Half-width ":" in Chinese text: use "："',
      '5:10 W half-width-punctuation | Half-width "?" in Chinese text: use "？"',
      '5:12 W half-width-punctuation | Half-width "!" in Chinese text: use "！"',
      '5:14 W half-width-punctuation | Half-width "(" in Chinese text: use "（"',
      '5:16 W half-width-punctuation | Half-width ")" in Chinese text: use "）"',
    ]);
  });

  it('leaves marks between Latin letters alone, and a URL, but not the text around the URL', () => {
    expect(places(`${FRONT}a,b 与 c;d`)).toEqual(['5:4 W space-between-han-and-latin', '5:6 W space-between-han-and-latin']);
    expect(places(`${FRONT}甲,乙 https://a.cn/x,y?z=1 丙,丁`)).toEqual(['5:2 W half-width-punctuation', '5:27 W half-width-punctuation']);
  });

  it('in a text with Markdown escapes is reported at the start of the text, since columns would be off', () => {
    expect(places(`${FRONT}转义\\*的文字,后面`)).toEqual(['5:1 W half-width-punctuation']);
  });
});

describe('space between Han and Latin', () => {
  it('is reported at the space, after Han before Latin or digits and after Latin, digits or % before Han', () => {
    expect(report(`${FRONT}共 12 人, 增长 5% 以上`)).toEqual([
      '5:2 W space-between-han-and-latin | Space between Han and Latin or digits: remove it (the stylesheet adds the gap)',
      '5:5 W space-between-han-and-latin | Space between Han and Latin or digits: remove it (the stylesheet adds the gap)',
      '5:7 W half-width-punctuation | Half-width "," in Chinese text: use "，"',
      '5:11 W space-between-han-and-latin | Space between Han and Latin or digits: remove it (the stylesheet adds the gap)',
      '5:14 W space-between-han-and-latin | Space between Han and Latin or digits: remove it (the stylesheet adds the gap)',
    ]);
  });

  it('is not reported beside a URL or between Latin words', () => {
    expect(report(`${FRONT}见 https://example.com/a 网站。\n\nHello world 2024.`)).toEqual([]);
    expect(places(`${FRONT}见 https://example.com/a 网站 A 级。`)).toEqual(['5:27 W space-between-han-and-latin', '5:29 W space-between-han-and-latin']);
  });
});

describe('spaced-out characters and hard wraps', () => {
  it('quotes the line as it should read, cut at 16 characters, on its own line of the paragraph', () => {
    expect(report(`${FRONT}第一行\n利 通 区 党 政 主 要 领 导 和 政 协 主 席 会 成 员 们`)).toEqual([
      '5:4 W hard-wrap | Line break inside a paragraph: a paragraph is one line (keep one blank line between paragraphs)',
      '6:1 W spaced-out-characters | Characters spaced out like a justified newspaper column: “利通区党政主要领导和政协主席会成…”',
    ]);
  });

  it('reports one hard wrap per paragraph, at its first line break', () => {
    expect(places(`${FRONT}一行\n二行\n三行\n\n另一段\n接着`)).toEqual(['5:3 W hard-wrap', '9:4 W hard-wrap']);
  });
});

describe('unbalanced pairs', () => {
  it('points at the first mark left open, and at a closing mark that closes nothing', () => {
    expect(report(`${FRONT}他说《书名》和《另一本`)).toEqual(['5:8 W unbalanced-pairs | “《” is not closed in this paragraph']);
    expect(report(`${FRONT}他说》（括号`)).toEqual(['5:3 W unbalanced-pairs | “》” closes nothing before it in this paragraph', '5:4 W unbalanced-pairs | “（” is not closed in this paragraph']);
  });

  it('counts marks across emphasis within a paragraph, and never across paragraphs', () => {
    expect(report(`${FRONT}“一*强调*二”三”`)).toEqual(['5:10 W unbalanced-pairs | “”” closes nothing before it in this paragraph']);
    expect(report(`${FRONT}“一*强*”\n\n“二”`)).toEqual([]);
    expect(places(`${FRONT}“开\n\n合”`)).toEqual(['5:1 W unbalanced-pairs', '7:2 W unbalanced-pairs']);
  });

  it('checks headings too', () => {
    expect(places(`${FRONT}## 《标题\n\n正文。`)).toEqual(['5:4 W unbalanced-pairs']);
  });
});

describe('heading order', () => {
  it('names the level it jumped from and the one to use, and follows the headings back up', () => {
    expect(report(`${FRONT}## 二\n\n#### 四\n\n### 三\n\n##### 五\n\n## 二\n\n### 三`)).toEqual([
      '7:1 W heading-order | Heading level jumps from ## to ####: use ###',
      '11:1 W heading-order | Heading level jumps from ### to #####: use ####',
    ]);
  });

  it('starts from a chapter title (#), so ### first is a jump; a # inside a chapter is its own message', () => {
    expect(report(`${FRONT}### 三`)).toEqual(['5:1 W heading-order | Heading level jumps from # to ###: use ##']);
    expect(report(`${FRONT}# 一\n\n## 二`)).toEqual(['5:1 W heading-order | A "#" heading inside a chapter: the chapter title comes from the front matter; use "##" for sections']);
  });
});

describe('images and directives', () => {
  it('an image that does not exist is an error at its line, in Markdown and in a figure, the path trimmed; one that exists is not', () => {
    const found = report(`${FRONT}![图](images/none.png)\n\n::figure[注]{src=" images/gone.png "}\n\n![有](images/here.png)\n\n::figure[注]{src="images/here.png"}`);
    expect(found.map((line) => line.split(' | ')[0])).toEqual(['5:1 E missing-image', '7:1 E missing-image']);
    expect(found[0]).toMatch(/"images\/none\.png"/);
    expect(found[1]).toMatch(/"images\/gone\.png"/);
  });

  it('an unknown directive is an error that lists the known ones; a known one is not', () => {
    expect(report(`${FRONT}::video[片]\n\n:::pagebreak\n:::\n\n::figure[注]{src="images/here.png"}`)).toEqual(['5:1 E unknown-directive | Unknown directive "::video"; known: figure, pagebreak, table, ruby, index, ref']);
  });
});

describe('front matter and empty manuscripts', () => {
  it('says what is missing: the whole front matter, or its closing line', () => {
    expect(report('正文。')).toEqual(['1:1 E front-matter | No front matter: start the file with "---", "title: 标题", "---"']);
    expect(report('---\ntitle: 标题\n\n正文。').filter((line) => line.includes('front-matter'))).toEqual(['1:1 E front-matter | The front matter is not closed: add a line "---" after its last line']);
  });

  it('reports invalid YAML on its line, and every schema problem, each on its own line', () => {
    expect(report('---\ntitle: [\n---\n\n正文。')).toEqual(['2:1 E front-matter | Front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    const schema = report('---\ntitle: 标题\nyear: 12\nauther: 某\n---\n\n正文。').map((line) => line.split(' | ')[0]);
    expect(schema).toEqual(['3:1 E front-matter', '4:1 E front-matter']);
  });

  it('a manuscript with only its front matter is an error', () => {
    expect(report(FRONT)).toEqual(['1:1 E empty-manuscript | The manuscript has no text after its front matter']);
    expect(report(`${FRONT}正文。`)).toEqual([]);
  });
});

describe('long paragraphs', () => {
  it('warns past 3,000 characters without a sentence end, and gives the count', () => {
    expect(report(`${FRONT}${'甲'.repeat(3001)}`)).toEqual(['5:1 W long-paragraph | A paragraph runs 3001 characters without ending a sentence: check that the text was pasted or imported whole']);
    expect(report(`${FRONT}${'甲'.repeat(3000)}`)).toEqual([]);
  });

  it('counts from one sentence end to the next, whichever mark ends it', () => {
    const long = (source: string) => report(source).filter((line) => line.includes('long-paragraph'));
    for (const end of ['。', '！', '？', '.', '!', '?']) expect(long(`${FRONT}${'甲'.repeat(2000)}${end}${'乙'.repeat(2000)}`), end).toEqual([]);
    expect(places(`${FRONT}${'甲'.repeat(100)}。${'乙'.repeat(3001)}`)).toEqual(['5:1 W long-paragraph']);
  });
});

describe('the report as a whole', () => {
  it('a manuscript nested too deep gets one error and nothing else, and --fix leaves it as it is', () => {
    const deep = `${FRONT}${'>'.repeat(3000)} 深,中`;
    expect(report(deep)).toEqual(['5:1 E limits | Lists or quotes are nested about 3000 levels deep here; paiban accepts at most 32 (the rest of the file was not checked). Flatten the nesting: a book needs a few levels of lists or quotes at most.']);
    expect(fixManuscript(deep)).toBe(deep);
  });

  it('is sorted by line, then column, whatever rule found it', () => {
    expect(places(`${FRONT}## 《题\n\n#### 跳\n\n甲,乙 A 丙“丁`)).toEqual(['5:4 W unbalanced-pairs', '7:1 W heading-order', '9:2 W half-width-punctuation', '9:4 W space-between-han-and-latin', '9:6 W space-between-han-and-latin', '9:8 W unbalanced-pairs']);
  });

  it('says whether --fix could help', () => {
    expect(hasFixable(checkManuscript(`${FRONT}中文,中文`, 'm.md', bookDir))).toBe(true);
    expect(hasFixable(checkManuscript(`${FRONT}“中文`, 'm.md', bookDir))).toBe(false);
    expect(hasFixable(checkManuscript(`${FRONT}中文。`, 'm.md', bookDir))).toBe(false);
  });
});

describe('--fix', () => {
  it('joins hard wraps and keeps the spaces at the ends of a text; text with escapes is left alone', () => {
    expect(fixManuscript(`${FRONT}  *强调* 中文,\n接着\n`)).toBe(`${FRONT}  *强调* 中文，接着\n`);
    expect(fixManuscript(`${FRONT}转义\\*的文字,后面\n`)).toBe(`${FRONT}转义\\*的文字,后面\n`);
  });

  it('fixes every text of a paragraph, from the last to the first, without shifting the others', () => {
    expect(fixManuscript(`${FRONT}甲,乙 **强调** 丙,丁 [链接](https://a.cn/x,y) 戊,己\n`)).toBe(`${FRONT}甲，乙 **强调** 丙，丁 [链接](https://a.cn/x,y) 戊，己\n`);
  });
});

describe('checking files', () => {
  it('shows paths relative to the folder asked for, and sorts glyph and rule messages together', async () => {
    const file = path.join(bookDir, 'manuscripts', 'glyphs.md');
    await writeFile(file, `${FRONT}甲,乙𠀀丙\n\n第二段,完`);
    const [checked] = await checkFiles([file], bookDir, { cwd: bookDir });
    expect(checked!.path).toBe(path.join('manuscripts', 'glyphs.md'));
    expect(checked!.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'E' : 'W'} ${m.ruleId}`)).toEqual(['5:2 W half-width-punctuation', '5:4 E missing-glyph', '7:4 W half-width-punctuation']);
    expect(countProblems([checked!])).toEqual({ errors: 1, warnings: 2 });
  });

  it('--fix rewrites the file and keeps its mode; a file outside the folder asked for is shown by its path', async () => {
    const file = path.join(bookDir, 'manuscripts', 'fix.md');
    await writeFile(file, `${FRONT}甲,乙\n`);
    await chmod(file, 0o600);
    const [checked] = await checkFiles([file], bookDir, { fix: true, cwd: path.join(bookDir, 'manuscripts', 'images') });
    expect(await readFile(file, 'utf8')).toBe(`${FRONT}甲，乙\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(checked!.messages).toEqual([]);
    expect(checked!.path).toBe(path.join('..', 'fix.md'));
  });

  it('--fix writes its copy under a fresh name: a folder at the name earlier versions used neither blocks it nor is touched', async () => {
    const file = path.join(bookDir, 'manuscripts', 'blocked.md');
    await writeFile(file, `${FRONT}甲,乙\n`);
    // Earlier versions wrote beside the file under a name anyone could guess; a folder there made the fix fail.
    const blocker = path.join(bookDir, 'manuscripts', `.blocked.md.paiban-fix-${process.pid}`);
    await mkdir(blocker);
    try {
      await checkFiles([file], bookDir, { fix: true });
      expect(await readFile(file, 'utf8')).toBe(`${FRONT}甲，乙\n`);
      expect((await stat(blocker)).isDirectory()).toBe(true);
      expect((await readdir(path.join(bookDir, 'manuscripts'))).filter((name) => name.startsWith('.paiban-'))).toEqual([]);
    } finally {
      await rm(blocker, { recursive: true, force: true });
    }
  });

  // Root writes into a read-only folder all the same: there is nothing to show as root.
  it.skipIf(process.getuid?.() === 0)('--fix in a read-only folder says so and leaves the file unchanged', async () => {
    const dir = path.join(bookDir, 'manuscripts', 'ro');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'ro.md');
    await writeFile(file, `${FRONT}甲,乙\n`);
    await chmod(dir, 0o555);
    try {
      await expect(checkFiles([file], bookDir, { fix: true })).rejects.toThrow(/Cannot write the fixed manuscript "manuscripts\/ro\/ro\.md" \(its folder is read-only\); it is unchanged\./);
      expect(await readFile(file, 'utf8')).toBe(`${FRONT}甲,乙\n`);
    } finally {
      await chmod(dir, 0o755);
    }
  });
});

describe('checking a book', () => {
  it('reports book.yaml only when it has problems, then the listed manuscripts, then the unlisted ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-mutation-book-'));
    try {
      await mkdir(path.join(dir, 'manuscripts'));
      await writeFile(path.join(dir, 'manuscripts', '01.md'), `${FRONT}正文,完。\n`);
      await writeFile(path.join(dir, 'manuscripts', '02.md'), `${FRONT}正文。\n`);
      await writeFile(path.join(dir, 'book.yaml'), 'title: 书\nmanuscripts: [manuscripts/01.md]\n');
      const files = await checkBook(dir, parseConfig(await readFile(path.join(dir, 'book.yaml'), 'utf8'), 'book.yaml'), { cwd: dir });
      expect(files.map((file) => file.path)).toEqual([path.join('manuscripts', '01.md'), path.join('manuscripts', '02.md')]);
      expect(files[0]!.messages.map((m) => m.ruleId)).toEqual(['half-width-punctuation']);
      const unlisted = files[1]!.messages;
      expect(unlisted.map((m) => [`${m.line}:${m.column}`, m.fatal, m.ruleId, m.reason, m.note])).toEqual([
        ['1:1', false, 'unlisted-manuscript', 'Not in the "manuscripts:" list of book.yaml, so the book leaves it out', 'Add it to the list (in its place in the reading order), or move it out of manuscripts/.'],
      ]);
      expect(countProblems(files)).toEqual({ errors: 0, warnings: 2 });

      // Without a list every manuscript is in the book: none is unlisted.
      await writeFile(path.join(dir, 'book.yaml'), 'title: 书😀\n');
      const all = await checkBook(dir, parseConfig(await readFile(path.join(dir, 'book.yaml'), 'utf8'), 'book.yaml'), { cwd: dir });
      expect(all.map((file) => file.path)).toEqual(['book.yaml', path.join('manuscripts', '01.md'), path.join('manuscripts', '02.md')]);
      expect(all[2]!.messages).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
