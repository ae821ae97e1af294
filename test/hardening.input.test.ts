/**
 * Issue 24, items 6–10: what a stranger's manuscript, book.yaml, template or marked PDF can do besides
 * links. Each input must end in one line that says what to do (never a stack trace), in bounded time
 * and memory, and `paiban check` must stop exactly where `paiban build` stops (the build runs the check
 * first; both use manuscript/limits.ts). No Chromium: the builds here stop before anything is printed.
 * The time ceilings are the tests' timeouts, generous on purpose (each input took minutes before).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { insertText, oneLine } from '../src/comments/insert-text.js';
import { describe as describeComment } from '../src/comments/report.js';
import { loadConfig } from '../src/config/load.js';
import { MAX_HEADINGS, MAX_LINES, MAX_MARKS, MAX_MARKS_PER_PARAGRAPH, MAX_NESTING } from '../src/manuscript/limits.js';
import { buildDate } from '../src/pdf/metadata.js';
import { isOwnHost } from '../src/preview/server.js';
import { loadShell } from '../src/render/book.js';
import { brokenPdfs, onePagePdf, rawPdf } from './helpers/hostile-pdfs.js';
import type { Comment } from '../src/comments/comments.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-hardening-input-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function makeBook(manuscripts: Record<string, string>, yaml = 'title: 书\ndate: 2024-01-01\n'): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'book-'));
  await mkdir(path.join(dir, 'manuscripts'));
  await writeFile(path.join(dir, 'book.yaml'), yaml);
  for (const [name, text] of Object.entries(manuscripts)) await writeFile(path.join(dir, 'manuscripts', name), text);
  return dir;
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const FRONT = '---\ntitle: 章\n---\n\n';

/** `file:line` of the first error `paiban check` reports, and of the error `paiban build` stops with: the same. */
async function checkAndBuild(book: string): Promise<{ check: string; build: string; report: string }> {
  const checked = await run(['check', '-d', book]);
  expect(checked.code).toBe(1);
  const error = /^(\d+):\d+(?:-\d+:\d+)? +error +(.*)$/m.exec(checked.out);
  const file = /^(\S+\.md)$/m.exec(checked.out.split(/\n(?=\S+\.md\n)/).find((block) => / error /.test(block)) ?? '')?.[1];
  const built = await run(['build', book]);
  expect(built.code).toBe(1);
  expect(built.err).not.toMatch(/crashed|\n\s+at /);
  const stopped = /^error: (\S+\.md:\d+):\d+: (.*)$/m.exec(built.err);
  expect(stopped, built.err).not.toBeNull();
  return { check: `${path.basename(file ?? '')}:${error?.[1]}`, build: `${path.basename(stopped![1]!.split(':')[0]!)}:${stopped![1]!.split(':')[1]}`, report: `${error?.[2]}\n${stopped![2]}` };
}

describe('item 9: bounded time and memory, the same stop in check and build', () => {
  it(`40 KB of "*a" in one paragraph (over 60 s): refused at its line, past ${MAX_MARKS_PER_PARAGRAPH} marks`, { timeout: 60_000 }, async () => {
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n\n${'*a'.repeat(20_000)}\n` });
    const { check, build, report } = await checkAndBuild(book);
    expect(check).toBe('a.md:7');
    expect(build).toBe(check);
    expect(report).toMatch(/more than 1,000 emphasis marks .* in one paragraph.*backslash/);
  });

  it('the same marks spread over short paragraphs are read, up to the total per file', { timeout: 60_000 }, async () => {
    const paragraph = `${'*着重*，'.repeat(200)}\n\n`;
    const fine = await makeBook({ 'a.md': `${FRONT}${paragraph.repeat(50)}` });
    expect((await run(['check', '-d', fine])).out).not.toMatch(/limits/);
    const many = await makeBook({ 'a.md': `${FRONT}${paragraph.repeat(Math.ceil(MAX_MARKS / 400) + 1)}` });
    const { check, build, report } = await checkAndBuild(many);
    expect(build).toBe(check);
    expect(report).toMatch(/more than 50,000 emphasis marks/);
  });

  it(`50,000 headings in 1.2 MB (54 s, 1.9 GB): refused at line ${MAX_LINES + 1}; ${MAX_HEADINGS + 1} headings: at the first one too many`, { timeout: 90_000 }, async () => {
    const heading = (i: number) => `## 标题${i}\n\n`;
    const huge = await makeBook({ 'a.md': FRONT + Array.from({ length: 50_000 }, (_, i) => heading(i)).join('') });
    const first = await checkAndBuild(huge);
    expect(first.check).toBe(`a.md:${MAX_LINES + 1}`);
    expect(first.build).toBe(first.check);
    expect(first.report).toMatch(/100,005 lines; paiban reads at most 30,000 lines in one file/);
    // Two manuscripts of 3,000 headings each: the book's 5,001st is heading 2,001 of the second.
    const half = FRONT + Array.from({ length: 3_000 }, (_, i) => heading(i)).join('');
    const two = await makeBook({ 'a.md': half, 'b.md': half });
    const second = await checkAndBuild(two);
    expect(second.check).toBe(`b.md:${4 + 2 * 2_001 - 1}`);
    expect(second.build).toBe(second.check);
    expect(second.report).toMatch(/This is heading 5,001 of the book; paiban prints at most 5,000/);
  });

  it(`a list nested 5,000 deep (a stack trace in check's glyph pass): one line at ${MAX_NESTING + 1} levels`, { timeout: 60_000 }, async () => {
    const deep = `${'- '.repeat(5_000)}a`;
    const book = await makeBook({ 'a.md': `${FRONT}${deep}\n` });
    const { check, build, report } = await checkAndBuild(book);
    expect(build).toBe(check);
    expect(report).toMatch(/nested about \d+ levels deep here; paiban accepts at most 32/);
    // Every other command that reads manuscripts stops the same way: comments, check --fix.
    await writeFile(path.join(book, 'marked.pdf'), onePagePdf());
    const comments = await run(['comments', path.join(book, 'marked.pdf'), book]);
    expect(comments.err).toMatch(/^error: .*a\.md:\d+: Lists or quotes are nested/);
    expect((await run(['check', '--fix', '-d', book])).err).not.toMatch(/crashed/);
  });
});

describe('item 8: stack traces become one line', () => {
  it('SOURCE_DATE_EPOCH too large (a RangeError) or not a number (silently ignored)', async () => {
    for (const epoch of ['99999999999999999999', '253402300800', '1.7e9', ' 1700000000', 'yesterday']) {
      expect(() => buildDate({ SOURCE_DATE_EPOCH: epoch })).toThrow(/^SOURCE_DATE_EPOCH is ".*", not a number of seconds since 1970 up to the year 9999\.$/);
    }
    expect(buildDate({ SOURCE_DATE_EPOCH: '253402300799' })?.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    expect(buildDate({ SOURCE_DATE_EPOCH: '' }, '2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '99999999999999999999';
    try {
      const built = await run(['build', book]);
      expect(built.code).toBe(1);
      expect(built.err).toMatch(/^error: SOURCE_DATE_EPOCH is "99999999999999999999", not a number/);
      expect(built.err).not.toMatch(/\n\s+at /);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('item 10: the lesser ones', () => {
  it('a template with <meta http-equiv=refresh> or <base href> (blamed on a "very large book") is refused at its line', async () => {
    const shell = await readFile(path.join(import.meta.dirname, '..', 'templates', 'book.html'), 'utf8');
    const lures: [string, RegExp][] = [
      ['<meta http-equiv="refresh" content="0;url=file:///etc/passwd">', /<meta http-equiv="refresh">/],
      ['<meta http-equiv="&#114;efresh" content="0">', /<meta http-equiv="refresh">/],
      ['<META HTTP-EQUIV=Content-Security-Policy content="font-src none">', /content-security-policy/],
      ['<base href="file:///etc/">', /<base> element/],
    ];
    for (const [lure, message] of lures) {
      const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
      await mkdir(path.join(book, 'templates'));
      await writeFile(path.join(book, 'templates', 'book.html'), shell.replace('</head>', `\n${lure}\n</head>`));
      const { config } = await loadConfig(book);
      const error = await loadShell(book, config).then(() => undefined, (e: Error & { line?: number }) => e);
      expect(error?.message, lure).toMatch(message);
      expect(error?.line).toBe(shell.slice(0, shell.indexOf('</head>')).split('\n').length + 1);
    }
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
    await mkdir(path.join(book, 'styles'));
    await writeFile(path.join(book, 'styles', 'book.css'), 'body {}\n</STYLE><base href="/">\n');
    const { config } = await loadConfig(book);
    await expect(loadShell(book, config)).rejects.toThrow(/holds "<\/style", which would end the <style> element/);
  });

  it('the preview answers only to its own host names, whole', () => {
    for (const host of ['[::1]evil.example', '[::1]:80.evil.example', 'localhost.evil.example', '127.0.0.1:80@evil', '[::1]:999999']) expect(isOwnHost(host), host).toBe(false);
    for (const host of ['[::1]:7788', 'LOCALHOST:7788', '127.0.0.1']) expect(isOwnHost(host), host).toBe(true);
  });

  it('a raw <img src=http…> fails check as it fails the build, on the same line', async () => {
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n\n<img src="http://127.0.0.1:9/x.png">\n` });
    const { check, build, report } = await checkAndBuild(book);
    expect(check).toBe('a.md:7');
    expect(build).toBe(check);
    expect(report, report).toMatch(/^Image "http:\/\/127.0.0.1:9\/x.png" is /m);
  });

  it('UTF-32 is named UTF-32 (not UTF-16), in manuscripts and book.yaml; CR-only line ends read', async () => {
    const utf32 = Buffer.from([0xff, 0xfe, 0, 0, 0x74, 0, 0, 0]);
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
    await writeFile(path.join(book, 'manuscripts', 'a.md'), utf32);
    expect((await run(['check', '-d', book])).err).toMatch(/a\.md:1: The file is UTF-32 text; paiban reads UTF-8 only\./);
    await writeFile(path.join(book, 'book.yaml'), utf32);
    expect((await run(['check', '-d', book])).err).toMatch(/book\.yaml:1: book\.yaml is UTF-32 text/);
    await writeFile(path.join(book, 'book.yaml'), 'title: 经典\rsubtitle: 苹果\rdate: 2024-01-01\r');
    const { config } = await loadConfig(book);
    expect([config.title, config.subtitle]).toEqual(['经典', '苹果']);
  });
});

describe('item 10: a marked PDF with a 300-digit number', () => {
  it('imports without printing pdf-lib\'s warnings, and names the annotation it cannot read', async () => {
    const huge = '9'.repeat(300);
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Annots [4 0 R 5 0 R] >>',
      `<< /Type /Annot /Subtype /Highlight /Rect [0 0 ${huge} 1] /Contents (x) >>`,
      '<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /Contents (kept) >>',
    ]);
    const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
    await writeFile(path.join(book, 'marked.pdf'), pdf);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const result = await run(['comments', path.join(book, 'marked.pdf'), book]);
      expect(warn).not.toHaveBeenCalled();
      expect(result.err).toMatch(/^warning: .*page 1, Highlight annotation 4 0 R: its Rect reach outside the page .*; it was skipped/);
      expect(result.out).toContain('kept');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a damaged or hostile PDF where paiban reads one (more attacks)', () => {
  it('out/book.pdf brought with the book (proof, diff) and the marked PDF (comments): one line each, never a crash', { timeout: 120_000 }, async () => {
    for (const [name, bytes] of Object.entries(brokenPdfs())) {
      const book = await makeBook({ 'a.md': `${FRONT}正文。\n` });
      await mkdir(path.join(book, 'out', '.history'), { recursive: true });
      await writeFile(path.join(book, 'out', 'book.pdf'), bytes);
      await writeFile(path.join(book, 'out', '.history', 'book.pdf'), onePagePdf());
      for (const args of [['proof', book, '--pdf', '--dpi', '20'], ['diff', '-d', book, '--dpi', '20'], ['comments', path.join(book, 'out', 'book.pdf'), book]]) {
        const result = await run(args);
        expect(result.err, `${args[0]} ${name}`).not.toMatch(/crashed|\n\s+at /);
        expect(result.code, `${args[0]} ${name}: ${result.err}`).toBeLessThanOrEqual(1);
        if (args[0] !== 'comments' || name !== 'no pages') expect(result.err.split('\n')[0], `${args[0]} ${name}`).toMatch(/^error: /);
      }
    }
  });
});

describe('item 7: text a comment inserts is inserted as text, and shown as it is', () => {
  it('is one line, with every character Markdown would read as markup escaped', () => {
    const cases: [string, string][] = [
      ['## 标题\n::pagebreak\n<img src=x onerror=y>', '\\## 标题 \\:\\:pagebreak \\<img src=x onerror=y\\>'],
      ['协商\n议事', '协商议事'],
      ['*着重* [链接](http://x) `code` ~~删~~ a|b &amp; \\', '\\*着重\\* \\[链接\\](http\\://x) \\`code\\` \\~\\~删\\~\\~ a\\|b \\&amp; \\\\'],
      ['- 列表', '\\- 列表'],
      ['1. 一', '1\\. 一'],
      ['> 引用', '\\> 引用'],
      ['===', '\\==='],
      [':ruby[字]{rt="zì"}', '\\:ruby\\[字\\]{rt="zì"}'],
    ];
    for (const [text, markdown] of cases) expect(insertText(text), text).toEqual({ markdown, printed: oneLine(text) });
    expect(insertText('好\u001b[2J')).toEqual({ refused: expect.stringMatching(/control characters/) });
    expect(insertText('好\u202e坏')).toEqual({ refused: expect.stringMatching(/control characters/) });
  });

  it('the report shows exactly what goes into the manuscript, not a flattened copy', () => {
    const inserted = insertText('## 标题\n正文');
    if ('refused' in inserted) throw new Error('refused');
    const comment = {
      annotation: { key: '1 0 R', page: 1, type: 'Caret', author: '', date: '', text: '## 标题\n正文', boxes: [], replyType: 'R', pageBox: { x0: 0, y0: 0, x1: 1, y1: 1 } },
      covered: { text: '', before: '甲', after: '乙' },
      group: [],
      replies: [],
      fix: { kind: 'insert', source: {} as never, start: 0, end: 0, expect: '', insert: inserted.markdown, printed: inserted.printed },
    } as Comment;
    expect(describeComment(comment), describeComment(comment)).toContain('fix: insert “\\## 标题正文” (--apply)');
  });
});
