/**
 * Mistakes of a newcomer's first hour that used to pass silently: a title of spaces, a misspelt text
 * directive, a wrong attribute. Each is an error at its line, in `paiban check` and in the build alike.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManuscript } from '../src/check/check.js';
import { parseConfig } from '../src/config/load.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { PaibanError } from '../src/util/errors.js';

const FRONT = '---\ntitle: 标题\n---\n\n';

async function build(markdown: string): Promise<string> {
  const bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-first-hour-'));
  const file = path.join(bookDir, 'a.md');
  const { meta, tree } = parseManuscript(markdown, file);
  const chapter = await transformManuscript({ file, name: 'a.md', meta, tree }, { id: 'ch1', bookDir });
  return JSON.stringify(chapter.body);
}

const errorOf = async (work: () => unknown): Promise<PaibanError> => {
  try {
    await work();
  } catch (error) {
    return error as PaibanError;
  }
  throw new Error('no error');
};

describe('a title of spaces', () => {
  it('is an error at its line, in a manuscript (ASCII or ideographic spaces) and in book.yaml', async () => {
    for (const title of ['"   "', '"　　"', '""']) {
      const file = checkManuscript(`---\ntitle: ${title}\n---\n\n正文。\n`, 'a.md', tmpdir());
      expect(file.messages.map((m) => [m.line, m.reason, m.fatal])).toEqual([[2, '"title": is empty or only spaces: write the title', true]]);
      expect(() => parseManuscript(`---\ntitle: ${title}\n---\n\n正文。\n`, 'a.md')).toThrow(/only spaces/);
    }
    const error = await errorOf(() => parseConfig('title: "　"\n', 'book.yaml'));
    expect([error.line, error.message]).toEqual([1, '"title": is empty or only spaces: write the title']);
  });
});

describe('a misspelt text directive', () => {
  it('is an error with the name it most likely meant; a wrong or missing attribute too; prose with a colon stays text', async () => {
    const misspelt = checkManuscript(`${FRONT}正文:rubi[吴忠]{rt="wú zhōng"}。\n`, 'a.md', tmpdir());
    expect(misspelt.messages.map((m) => [m.line, m.column, m.fatal, m.reason.split('.')[0]])).toEqual([[5, 3, true, 'Unknown directive ":rubi[…]{…}"']]);
    expect(misspelt.messages[0]!.reason).toContain('Did you mean :ruby?');
    const attribute = checkManuscript(`${FRONT}:ruby[银川]{pinyin="yín chuān"}\n`, 'a.md', tmpdir());
    expect(attribute.messages.map((m) => m.reason)).toEqual([expect.stringMatching(/^:ruby takes no attribute "pinyin"\. It takes rt/)]);
    const index = checkManuscript(`${FRONT}:index[奶产业]{seee="乳业"}\n`, 'a.md', tmpdir());
    expect(index.messages.map((m) => m.reason)).toEqual([expect.stringMatching(/^:index takes no attribute "seee"\. It takes sub, see, hidden/)]);
    // The build stops at the same place.
    const error = await errorOf(() => build(`${FRONT}正文:rubi[吴忠]{rt="wú zhōng"}。\n`));
    expect([error.line, error.column, error.hint]).toEqual([5, 3, expect.stringContaining('Did you mean :ruby?')]);
    await expect(build(`${FRONT}:ruby[银川]\n`)).rejects.toThrow(/needs its reading/);
    // Prose: a half-width colon before letters, even before brackets without attributes, is text.
    const prose = checkManuscript(`${FRONT}注:abc，比分为 3:2，见:附录[一]。\n`, 'a.md', tmpdir());
    expect(prose.messages.filter((m) => m.ruleId === 'unknown-directive')).toEqual([]);
    expect(await build(`${FRONT}注:abc。\n`)).toContain(':abc');
  });
});

describe('YAML slips', () => {
  it('names a full-width colon after a key, at its line, in book.yaml and in front matter', async () => {
    const error = await errorOf(() => parseConfig('title： 我的书\nsubtitle: 副题\n', 'book.yaml'));
    expect([error.line, error.message, error.hint]).toEqual([1, 'book.yaml: “title：” has a full-width colon (全角冒号 “：”) after the key.', 'Write the half-width colon and a space: “title: …”.']);
    const later = await errorOf(() => parseConfig('title: 书\nsubtitle： 副题\n', 'book.yaml'));
    expect(later.line).toBe(2);
    const file = checkManuscript('---\ntitle： 标题\n---\n\n正文。\n', 'a.md', tmpdir());
    expect(file.messages.map((m) => [m.line, m.reason])).toEqual([[2, expect.stringContaining('full-width colon (全角冒号 “：”)')]]);
  });

  it('says to quote a value that holds a colon and a space', async () => {
    const error = await errorOf(() => parseConfig('title: 我的书: 第一卷\n', 'book.yaml'));
    expect([error.line, error.hint]).toEqual([1, 'Put the value in quotes: title: "我的书: 第一卷".']);
    expect(checkManuscript('---\ntitle: 标题: 副\n---\n\n正文。\n', 'a.md', tmpdir()).messages[0]!.reason).toContain('Put the value in quotes: title: "标题: 副"');
    // Quoted, or a full-width colon inside a value, is fine.
    expect(parseConfig('title: "我的书: 第一卷"\nsubtitle: 回眸：2022\n', 'book.yaml').title).toBe('我的书: 第一卷');
  });

  it('names a misspelt key first, with the key it most likely meant', async () => {
    const error = await errorOf(() => parseConfig('titel: 书\n', 'book.yaml'));
    expect([error.line, error.message.split(' Allowed')[0]]).toEqual([1, 'Unknown key "titel". Did you mean "title"?']);
    const nested = await errorOf(() => parseConfig('title: 书\nlayout:\n  colums: 2\n', 'book.yaml'));
    expect([nested.line, nested.message.split(' Allowed')[0]]).toEqual([3, 'Unknown key "colums" in "layout". Did you mean "columns"?']);
  });
});

describe('a folder that is not a book yet', () => {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'paiban.js');

  it('`paiban` alone says to run `paiban init`; a command there says so in its hint', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-no-book-'));
    const { stdout } = await promisify(execFile)('node', [bin], { cwd: dir });
    expect(stdout).toContain('No book.yaml here: `paiban init` starts a book in this folder');
    const failed = await promisify(execFile)('node', [bin, 'check'], { cwd: dir }).then(
      () => '',
      (error: { stderr: string }) => error.stderr,
    );
    expect(failed).toContain('to start a book here, run `paiban init`');
  });
});
