import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { opensFrontMatter, parseManuscript } from '../src/manuscript/parse.js';
import { frontMatterProblems } from '../src/manuscript/front-matter.js';
import { MAX_MANUSCRIPT_BYTES, decodeManuscript } from '../src/manuscript/decode.js';
import { loadManuscripts, manuscriptNames, sortByOrder, type Manuscript } from '../src/manuscript/load.js';
import { manuscriptTexts } from '../src/manuscript/texts.js';
import { parseConfig } from '../src/config/load.js';
import { PaibanError } from '../src/util/errors.js';
import { errorOf } from './helpers/errors.js';


describe('front matter', () => {
  it('reads the keys and removes the block from the body', () => {
    const { meta, tree } = parseManuscript('---\ntitle: 标题\nsubtitle: 副题\nauthor: 单瑞\nbyline: 本报记者\nyear: 2022\norder: 1\n---\n\n正文。\n', 'a.md');
    expect(meta).toEqual({ title: '标题', subtitle: '副题', author: '单瑞', byline: '本报记者', year: 2022, order: 1 });
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph']);
  });

  it('points an unknown key at its own line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\nauther: 单瑞\n---\n正文\n', 'manuscripts/a.md'));
    expect(error.place).toBe('manuscripts/a.md:3');
    expect(error.message).toBe('Front matter: Unknown key "auther". Did you mean "author"? Allowed keys: title, subtitle, author, byline, year, order, source, role, columns.');
  });

  it('points a wrong type at its line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\n\nyear: 二〇二四\n---\n', 'a.md'));
    expect(error.line).toBe(4);
    expect(error.message).toBe('Front matter: "year" must be a number.');
  });

  it('requires a title', () => {
    const error = errorOf(() => parseManuscript('---\nauthor: 单瑞\n---\n正文\n', 'a.md'));
    expect(error.message).toBe('Front matter: "title" is missing: it is required.');
    expect(error.line).toBe(2);
  });

  it('reports YAML syntax errors on the manuscript line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\nsubtitle: [副题\n---\n', 'a.md'));
    expect(error.message).toMatch(/^The front matter is not valid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('reads a yearbook manuscript’s role and columns', () => {
    const { meta } = parseManuscript('---\ntitle: 大事记\nrole: chronicle\ncolumns: 1\n---\n\n正文。\n', 'a.md');
    expect(meta).toEqual({ title: '大事记', role: 'chronicle', columns: 1 });
    for (const role of ['front', 'plates', 'special', 'chronicle', 'part', 'appendix', 'index']) expect(parseManuscript(`---\ntitle: t\nrole: ${role}\n---\n`, 'a.md').meta.role).toBe(role);
    for (const columns of [1, 2, 3]) expect(parseManuscript(`---\ntitle: t\ncolumns: ${columns}\n---\n`, 'a.md').meta.columns).toBe(columns);
  });

  it('refuses an unknown role or column count at its line, saying what is allowed', () => {
    const role = errorOf(() => parseManuscript('---\ntitle: 大事记\n\nrole: chronicles\n---\n', 'manuscripts/a.md'));
    expect([role.message, role.place]).toEqual(['Front matter: "role" must be one of: front, plates, special, chronicle, part, appendix, index.', 'manuscripts/a.md:4']);
    for (const columns of ['4', '0', '1.5', '"2"', 'two']) {
      const error = errorOf(() => parseManuscript(`---\ntitle: t\ncolumns: ${columns}\n---\n`, 'manuscripts/a.md'));
      expect([error.message, error.place]).toEqual(['Front matter: "columns" must be 1, 2 or 3.', 'manuscripts/a.md:3']);
    }
  });

  it('reports front matter that is never closed', () => {
    expect(errorOf(() => parseManuscript('---\ntitle: 标题\n\n正文\n', 'a.md')).message).toBe('The front matter is not closed.');
  });

  it('reports a manuscript without front matter', () => {
    const error = errorOf(() => parseManuscript('正文\n', 'a.md'));
    expect(error.message).toBe('The manuscript has no front matter.');
    expect(error.place).toBe('a.md:1');
  });
});

describe('decoding', () => {
  it('reads UTF-8 and drops a BOM', () => {
    expect(decodeManuscript(new TextEncoder().encode('\uFEFF正文'), 'a.md')).toBe('正文');
  });

  it('refuses UTF-16', () => {
    expect(errorOf(() => decodeManuscript(new Uint8Array([0xff, 0xfe, 0x63, 0x6b]), 'a.md')).message).toMatch(/UTF-16/);
  });

  it('refuses GBK with the line of the first bad byte', () => {
    const gbk = new Uint8Array([...new TextEncoder().encode('line one\nline two\n'), 0xd5, 0xfe, 0xd0, 0xad]);
    const error = errorOf(() => decodeManuscript(gbk, 'a.md'));
    expect(error.message).toMatch(/not valid UTF-8/);
    expect(error.line).toBe(3);
  });

  it('refuses binary files', () => {
    expect(errorOf(() => decodeManuscript(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'a.md')).message).toMatch(/not text/);
  });
});

describe('order', () => {
  const manuscript = (name: string, order?: number) => ({ name, file: name, tree: { type: 'root', children: [] }, meta: { title: name, ...(order === undefined ? {} : { order }) } }) as Manuscript;

  it('sorts by order, then by name for files without one', () => {
    const sorted = sortByOrder([manuscript('c.md'), manuscript('b.md', 2), manuscript('a.md'), manuscript('d.md', 1)]);
    expect(sorted.map((m) => m.name)).toEqual(['d.md', 'b.md', 'a.md', 'c.md']);
  });

  it('refuses two manuscripts with the same order', () => {
    expect(errorOf(() => sortByOrder([manuscript('a.md', 1), manuscript('b.md', 1)])).message).toBe('"order: 1" is used by two manuscripts: a.md and b.md.');
  });
});

describe('decoding: limits and marks, exactly', () => {
  it('accepts a manuscript of exactly the limit and refuses one byte more, in megabytes', () => {
    const atLimit = new Uint8Array(MAX_MANUSCRIPT_BYTES).fill(0x61);
    expect(decodeManuscript(atLimit, 'a.md')).toHaveLength(MAX_MANUSCRIPT_BYTES);
    const over = new Uint8Array(MAX_MANUSCRIPT_BYTES + 1).fill(0x61);
    const error = (() => {
      try {
        decodeManuscript(over, 'a.md');
      } catch (e) {
        return e as PaibanError;
      }
      throw new Error('expected a PaibanError');
    })();
    expect(error.message).toBe('The file is 4.0 MB; one manuscript may have at most 4 MB.');
    expect(error.file).toBe('a.md');
    expect(error.hint).toMatch(/^Split it/);
  });

  it('refuses big-endian UTF-16 too, and reads text that only starts like a BOM', () => {
    expect(() => decodeManuscript(Uint8Array.from([0xfe, 0xff, 0, 0x61]), 'a.md')).toThrow('The file is UTF-16 text; paiban reads UTF-8 only.');
    expect(() => decodeManuscript(Uint8Array.from([0xff, 0xfe, 0x61, 0]), 'a.md')).toThrow('UTF-16');
    // ÿ (U+00FF) then þ in UTF-8 begins with 0xc3, not 0xff: fine.
    expect(decodeManuscript(Buffer.from('ÿþ正文', 'utf8'), 'a.md')).toBe('ÿþ正文');
  });

  it('takes only the two byte-order marks for UTF-16: a lone 0xff or 0xfe is bad UTF-8, with its hint and line', () => {
    for (const bytes of [[0xff, 0x61], [0x61, 0xfe], [0xfe, 0x61], [0x61, 0xff]]) {
      let error: PaibanError | undefined;
      try {
        decodeManuscript(Uint8Array.from(bytes), 'a.md');
      } catch (e) {
        error = e as PaibanError;
      }
      expect([error?.message, error?.file, error?.line], JSON.stringify(bytes)).toEqual(['The file is not valid UTF-8 (perhaps GBK or GB18030).', 'a.md', 1]);
      expect(error?.hint).toMatch(/UTF-8/);
    }
    let utf16: PaibanError | undefined;
    try {
      decodeManuscript(Uint8Array.from([0xff, 0xfe, 0x61, 0]), 'a.md');
    } catch (e) {
      utf16 = e as PaibanError;
    }
    expect([utf16?.file, utf16?.line]).toEqual(['a.md', 1]);
    expect(utf16?.hint).toMatch(/UTF-8/);
    let binary: PaibanError | undefined;
    try {
      decodeManuscript(Uint8Array.from([0x61, 0, 0x62]), 'a.md');
    } catch (e) {
      binary = e as PaibanError;
    }
    expect([binary?.file, binary?.line, binary?.hint]).toEqual(['a.md', 1, 'Only Markdown text files belong in manuscripts/.']);
  });

  it('drops only a leading BOM', () => {
    expect(decodeManuscript(Buffer.from('正文\uFEFF', 'utf8'), 'a.md')).toBe('正文\uFEFF');
    expect(decodeManuscript(Buffer.from('\uFEFF正文', 'utf8'), 'a.md')).toBe('正文');
  });

  it('puts a bad byte on its own line, the first line or the last', () => {
    const lineOf = (bytes: Buffer) => {
      try {
        decodeManuscript(bytes, 'a.md');
      } catch (error) {
        return (error as PaibanError).line;
      }
      return undefined;
    };
    expect(lineOf(Buffer.concat([Buffer.from([0xd5, 0xfe]), Buffer.from('\n正文\n')]))).toBe(1);
    expect(lineOf(Buffer.concat([Buffer.from('一\n二\n三\n'), Buffer.from([0xd5, 0xfe])]))).toBe(4);
    expect(lineOf(Buffer.concat([Buffer.from('一\n二\n'), Buffer.from([0xd5, 0xfe]), Buffer.from('\n四\n')]))).toBe(3);
  });

  it('says what binary data is, on line 1', () => {
    expect(() => decodeManuscript(Uint8Array.from([0x61, 0, 0x62]), 'a.md')).toThrow('The file is not text (it contains binary data).');
  });
});

describe('the manuscript text the checks compare with (manuscriptTexts)', () => {
  const parsed = parseManuscript('---\ntitle: 题目\n---\n\n第一段*着重*。\n\n## 小节\n\n> 引文一段。\n\n- 列表项\n\n::figure[图注。]\n\n::pagebreak\n\n| 甲 | 乙 |\n| - | - |\n| 丙 | 丁 |\n\n最后一段。\n', 'a.md');

  it('lists the title, then paragraphs, headings and captions in order, each once, nothing empty', () => {
    expect(manuscriptTexts(parsed)).toEqual(['题目', '第一段着重。', '小节', '引文一段。', '列表项', '图注。', '最后一段。']);
  });

  it('leaves the title out when asked', () => {
    expect(manuscriptTexts(parsed, { title: false })[0]).toBe('第一段着重。');
    expect(manuscriptTexts(parsed, { title: true })[0]).toBe('题目');
  });

  it('reads a paragraph as printed: a hidden index mark prints nothing, a cross-reference splits it where its （见第…页） stands', () => {
    const marked = parseManuscript('---\ntitle: 题目\n---\n\n制定:index[党纪学习教育]“两个清单”:index[两个清单]{see="党纪学习教育" hidden}，报告36次:ref[严格执行请示报告制度]。重视委员作用。\n\n:ref[开头]在前。\n', 'a.md');
    expect(manuscriptTexts(marked, { title: false })).toEqual(['制定党纪学习教育“两个清单”，报告36次', '。重视委员作用。', '在前。']);
  });
});

describe('loading a book’s manuscripts', () => {
  it('takes manuscripts/*.md files only (no folders, no other files), sorted by order then name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-load-'));
    try {
      await mkdir(path.join(dir, 'manuscripts', 'sub.md'), { recursive: true });
      await writeFile(path.join(dir, 'manuscripts', 'notes.txt'), 'x');
      await writeFile(path.join(dir, 'manuscripts', 'b.md'), '---\ntitle: 乙\n---\n\n正文。\n');
      await writeFile(path.join(dir, 'manuscripts', 'a.md'), '---\ntitle: 甲\norder: 2\n---\n\n正文。\n');
      await writeFile(path.join(dir, 'manuscripts', 'c.md'), '---\ntitle: 丙\norder: 1\n---\n\n正文。\n');
      const config = parseConfig('title: 书\n', 'book.yaml');
      expect(await manuscriptNames(dir, config)).toEqual(['manuscripts/a.md', 'manuscripts/b.md', 'manuscripts/c.md']);
      const loaded = await loadManuscripts(dir, config);
      expect(loaded.map((m) => [m.name, m.meta.title, m.file])).toEqual([
        ['manuscripts/c.md', '丙', path.join(dir, 'manuscripts', 'c.md')],
        ['manuscripts/a.md', '甲', path.join(dir, 'manuscripts', 'a.md')],
        ['manuscripts/b.md', '乙', path.join(dir, 'manuscripts', 'b.md')],
      ]);
      // book.yaml's list wins, in its order, even against "order".
      const listed = await loadManuscripts(dir, parseConfig('title: 书\nmanuscripts: [manuscripts/a.md, manuscripts/c.md]\n', 'book.yaml'));
      expect(listed.map((m) => m.name)).toEqual(['manuscripts/a.md', 'manuscripts/c.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when there is no manuscript, or a listed one does not exist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-load-'));
    try {
      const none = await loadManuscripts(dir, parseConfig('title: 书\n', 'book.yaml'), '/b/book.yaml').then(() => undefined, (e: unknown) => e as PaibanError);
      expect(none).toBeInstanceOf(PaibanError);
      expect([none?.message, none?.file]).toEqual(['No manuscripts found in manuscripts/.', '/b/book.yaml']);
      const missing = await loadManuscripts(dir, parseConfig('title: 书\nmanuscripts: [manuscripts/x.md]\n', 'book.yaml'), '/b/book.yaml').then(() => undefined, (e: unknown) => e as PaibanError);
      expect([missing?.message, missing?.file]).toEqual(['Manuscript "manuscripts/x.md" does not exist.', '/b/book.yaml']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('front matter fences', () => {
  it('recognises an opening fence with trailing spaces or CR, not one with text after it', () => {
    expect(opensFrontMatter('---\ntitle: x')).toBe(true);
    expect(opensFrontMatter('--- \t\r\ntitle: x')).toBe(true);
    expect(opensFrontMatter('---x\ntitle: x')).toBe(false);
    expect(opensFrontMatter(' ---\ntitle: x')).toBe(false);
    expect(opensFrontMatter('----\ntitle: x')).toBe(false);
  });

  it('puts a front matter problem on the line of the file, counting the opening fence', () => {
    const error = (() => {
      try {
        parseManuscript('---\ntitle: x\n\nyear: 二〇二四\n---\n\n正文\n', 'a.md');
      } catch (e) {
        return e as PaibanError;
      }
      throw new Error('expected a PaibanError');
    })();
    expect([error.file, error.line]).toEqual(['a.md', 4]);
  });

  it('says that a manuscript without front matter has none, and how to start one', () => {
    const error = (() => {
      try {
        parseManuscript('正文\n', 'a.md');
      } catch (e) {
        return e as PaibanError;
      }
      throw new Error('expected a PaibanError');
    })();
    expect([error.message, error.line, error.file]).toEqual(['The manuscript has no front matter.', 1, 'a.md']);
    expect(error.hint).toContain('title: 文章标题');
  });
});

describe('front matter messages', () => {
  it('says a YAML error in one sentence, without the parser’s own "at line…", on the manuscript’s line, with a hint', () => {
    let error: PaibanError | undefined;
    try {
      parseManuscript('---\ntitle: x\nauthor: [a\n---\n\n正文\n', 'a.md');
    } catch (e) {
      error = e as PaibanError;
    }
    expect(error?.message).toMatch(/^The front matter is not valid YAML: \S/);
    expect(error?.message).not.toMatch(/at line|\n/);
    expect(error?.line).toBeGreaterThanOrEqual(3);
    expect(error?.hint).toBe('Front matter lines look like "title: 标题". Put a space after each colon.');
  });

  it('lists every schema problem on its own line; a wrong key name on the key', () => {
    const checked = frontMatterProblems('title: x\nauther: 单瑞\nyear: 二〇二四\n', 2);
    expect(checked.problems.map((p) => p.line).sort()).toEqual([3, 4]);
    expect(checked.problems.every((p) => p.kind === 'schema')).toBe(true);
    let error: PaibanError | undefined;
    try {
      parseManuscript('---\ntitle: x\nauther: 单瑞\n---\n\n正文\n', 'a.md');
    } catch (e) {
      error = e as PaibanError;
    }
    expect([error?.message, error?.line]).toEqual(['Front matter: Unknown key "auther". Did you mean "author"? Allowed keys: title, subtitle, author, byline, year, order, source, role, columns.', 3]);
    expect(error?.hint).toBe('Front matter lines look like "title: 标题"; only "title" is required.');
  });
});
