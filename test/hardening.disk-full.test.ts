/**
 * Issue 24, item 8: a full disk while the font subsets are cut was a stack trace. Every write goes
 * through files/write.ts, so a full disk anywhere is one line naming the file and what to do, and
 * leaves no temporary file. The disk is made full by failing the writes of new files in one folder
 * (node:fs/promises mocked for this file only): no root, no small file system needed.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** Folders whose new files cannot be written: the disk is full there. */
const full = new Set<string>();

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    if (args[1] !== 'wx' || ![...full].some((dir) => String(args[0]).startsWith(dir))) return handle;
    const enospc = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
    return new Proxy(handle, {
      get: (target, key) => {
        if (key === 'writeFile' || key === 'write') return enospc;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return { ...actual, default: { ...actual, open }, open };
});

const { main } = await import('../src/cli/main.js');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-disk-full-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a full disk', () => {
  it('while the font subsets are cut: one line, what to do, no temporary file left', async () => {
    const book = await mkdtemp(path.join(work, 'book-'));
    await mkdir(path.join(book, 'manuscripts'));
    await writeFile(path.join(book, 'book.yaml'), 'title: 书\ndate: 2024-01-01\n');
    await writeFile(path.join(book, 'manuscripts', 'a.md'), '---\ntitle: 第一章\n---\n\n正文。\n');
    full.add(path.join(book, 'out', '.fonts'));
    const result = await run(['build', book]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: Cannot write .*out\/\.fonts\/[\w-]+\.ttf: the disk is full\.\n  hint: Free some disk space, then run paiban again\.$/m);
    expect(result.err, result.err).not.toMatch(/crashed|\n\s+at /);
    expect(await readdir(path.join(book, 'out', '.fonts'))).toEqual([]);
    // Nothing of the failed build stays in out/.
    expect((await readdir(path.join(book, 'out'))).filter((name) => name.startsWith('.paiban'))).toEqual([]);
  });

  it('while a proofreader\'s corrections are written: the manuscript is unchanged', async () => {
    const book = await mkdtemp(path.join(work, 'book-'));
    await mkdir(path.join(book, 'manuscripts'));
    await writeFile(path.join(book, 'book.yaml'), 'title: 书\n');
    await writeFile(path.join(book, 'manuscripts', 'a.md'), '---\ntitle: 章\n---\n\n今天,我们开会.\n');
    full.add(path.join(book, 'manuscripts'));
    const result = await run(['check', '--fix', '-d', book]);
    expect(result.err).toMatch(/Cannot write the fixed manuscript "manuscripts\/a.md" \(the disk is full\); it is unchanged\./);
    expect(result.err, result.err).not.toMatch(/crashed|\n\s+at /);
    expect((await readdir(path.join(book, 'manuscripts'))).sort()).toEqual(['a.md']);
  });
});
