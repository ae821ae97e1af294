/**
 * `--json` and `--quiet` for scripts and CI: one JSON document on standard output and nothing else there
 * (problems with file, line, column, severity, rule and hint; a stopped command's error in the same
 * shape), the exit codes of the terminal form; quiet prints only problems.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-json-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function book(name: string, yaml: string, manuscript: string): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(path.join(folder, 'manuscripts'), { recursive: true });
  await writeFile(path.join(folder, 'book.yaml'), yaml);
  await writeFile(path.join(folder, 'manuscripts', 'a.md'), manuscript);
  return folder;
}

describe('check --json and --quiet', () => {
  it('gives every problem with its place, rule and severity, exit 1; a clean book is ok, exit 0, and quiet prints nothing', async () => {
    const slips = await book('slips', 'title: 书\n', '---\ntitle: 一章\n---\n\n正文:rubi[吴忠]{rt="wú zhōng"}。\n');
    const result = await run(['check', '--json', '-b', slips]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { ok: boolean; errors: number; problems: { file: string; line: number; column: number; severity: string; rule: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.errors).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/manuscripts[\\/]a\.md$/), line: 5, severity: 'error', message: expect.stringContaining('Did you mean :ruby?') })]);

    const clean = await book('clean', 'title: 书\n', '---\ntitle: 一章\n---\n\n正文。\n');
    expect(JSON.parse((await run(['check', '--json', '-b', clean])).out)).toEqual({ ok: true, errors: 0, warnings: 0, problems: [] });
    expect(await run(['check', '-q', '-b', clean])).toEqual({ code: 0, out: '', err: '' });
    expect((await run(['check', '--quiet', '-b', slips])).out).toMatch(/a\.md/);
  });
});

describe('build --json and --quiet', () => {
  it('reports a book.yaml mistake as a problem at its line in the same document, exit 1', async () => {
    const wrong = await book('wrong', 'titel: 书\n', '---\ntitle: 一章\n---\n\n正文。\n');
    const result = await run(['build', '--json', '-b', wrong]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ file: expect.stringMatching(/book\.yaml$/), line: 1, severity: 'error', message: expect.stringContaining('Did you mean "title"?'), hint: expect.any(String) })],
    });
  });

  it('gives the pages, the outputs and the problems of a build, and quiet prints nothing for a clean one', async () => {
    const small = await book('small', 'title: 书\ndate: 2024-01-01\noutput:\n  name: small\n  formats: [pdf]\n', '---\ntitle: 一章\n---\n\n利通区政协坚持团结和民主两大主题。\n');
    const result = await run(['build', '--json', '-b', small]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { ok: boolean; pages: number; outputs: string[]; problems: unknown[] };
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.pages).toBeGreaterThan(1);
    expect(report.outputs.some((file) => file.endsWith(`small${path.sep}out${path.sep}small.pdf`) || file.endsWith('out/small.pdf'))).toBe(true);
    expect(await run(['build', '-q', '-b', small])).toEqual({ code: 0, out: '', err: '' });
  }, 120_000);
});
