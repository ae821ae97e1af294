/**
 * The CLI as an editor meets it: help, one plain line per mistake with file:line, no stack trace,
 * and a failed build that leaves the previous outputs untouched.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pdfFonts } from './helpers/poppler.js';
import { cp, mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { PDFDocument } from 'pdf-lib';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let book: string;


/** A fresh copy of the sample book (book.yaml, manuscripts and their raw sources) to break on purpose. */
async function copySample(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paiban-cli-'));
  await cp(path.join(ESSAYS, 'book.yaml'), path.join(dir, 'book.yaml'));
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(dir, 'manuscripts'), { recursive: true });
  await cp(path.join(ESSAYS, 'raw'), path.join(dir, 'raw'), { recursive: true });
  return dir;
}

beforeAll(async () => {
  book = await copySample();
});

afterAll(async () => {
  await rm(book, { recursive: true, force: true });
});

describe('paiban CLI', () => {
  it('prints help, from the installed binary too', async () => {
    const { stdout } = await promisify(execFile)('node', [path.join(repo, 'bin/paiban.js'), '--help']);
    expect(stdout).toContain('Usage: paiban');
    expect(stdout).toMatch(/build \[options\] \[dir\]/);
  });

  it('exits 2 on an unknown command', async () => {
    const { code, err } = await run(['bulid']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'bulid'");
  });

  it('says where book.yaml is wrong, in one line and a hint, and exits 1', async () => {
    const dir = await copySample();
    await writeFile(path.join(dir, 'book.yaml'), 'title: 年鉴\npage:\n  size: A7\n');
    const { code, err } = await run(['build', dir]);
    expect(code).toBe(1);
    const lines = err.split('\n');
    expect(lines[0]).toBe(`error: ${path.join(dir, 'book.yaml')}:3:9: "page.size": "A7" is not a page size. Allowed: A4, A5, B5, 16开, 大16开, 32开, 大32开, or width×height in mm such as 150×220`);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines).toHaveLength(2);
    expect(err).not.toMatch(/\n\s+at /);
    await rm(dir, { recursive: true, force: true });
  });

  it('says where front matter is wrong, with the manuscript line', async () => {
    const dir = await copySample();
    const file = path.join(dir, 'manuscripts', '2024-liangdian-huimou.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('year: 2024', 'year: 二〇二四'));
    const { code, err } = await run(['build', dir]);
    expect(code).toBe(1);
    // The check report first (as `paiban check` prints it), then the one-line error with file:line:column.
    expect(err).toMatch(/^\s*4:1\s+error\s+"year" must be a number\.\s+front-matter\s+paiban$/m);
    expect(err.split('\n').filter((line) => line.startsWith('error: '))).toEqual([`error: ${file}:4:1: "year" must be a number.`]);
    await rm(dir, { recursive: true, force: true });
  });

  it('builds, reports progress and a summary; a failed build leaves the outputs as they were', async () => {
    const ok = await run(['build', book]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/✓ config/);
    expect(ok.out).toMatch(/✓ (pass \d+ +TOC numbered|toc +\d+ front pages with the TOC numbers)/);
    expect(ok.out).toMatch(/Built \d+ pages, \d+ KB, in \d+\.\d s\./);
    const before = await readFile(path.join(book, 'out', 'yearbook.pdf'));
    // Every name, dot-names included: a build's temporary folder (.paiban-build-*) left behind must show.
    const namesBefore = (await readdir(path.join(book, 'out'))).sort();
    // .history keeps the previous PDF, .fonts the font subsets, .*.layout.json the last page layout: nothing else with a dot.
    expect(namesBefore.filter((name) => name.startsWith('.') && !['.history', '.fonts'].includes(name) && !name.endsWith('.layout.json'))).toEqual([]);
    expect(namesBefore).toContain('yearbook-booklet.pdf');
    // The archive carries the raw articles the manuscripts name in `source:`, beside the manuscripts.
    const attached = execFileSync('pdfdetach', ['-list', path.join(book, 'out', 'yearbook-archive.pdf')], { encoding: 'utf8' });
    for (const name of ['book.yaml', 'manuscripts/2022-gongzuo-liangdian.md', 'raw/2022-gongzuo-liangdian.txt', 'raw/2024-liangdian-huimou.txt']) expect(attached).toContain(name);
    expect(ok.err).not.toContain('note:');

    // Break the build after the output staging has begun: a template slot that does not exist.
    await mkdir(path.join(book, 'templates'));
    await writeFile(path.join(book, 'templates', 'colophon.html'), '<section class="colophon">{{nope}}</section>\n');
    const failed = await run(['build', book]);
    expect(failed.code).toBe(1);
    expect(failed.err.split('\n')[0]).toBe(`error: ${path.join(book, 'templates', 'colophon.html')}:1: Unknown slot {{nope}} in the template.`);
    expect(Buffer.compare(await readFile(path.join(book, 'out', 'yearbook.pdf')), before)).toBe(0);
    await rm(path.join(book, 'templates'), { recursive: true, force: true });
    expect((await readdir(path.join(book, 'out'))).sort()).toEqual(namesBefore);
  });

  it('imports a raw article (raw/) into a manuscript, reports its decisions, and will not overwrite without --force', async () => {
    const raw = path.join(ESSAYS, 'raw', '2022-gongzuo-liangdian.txt');
    const output = path.join(book, 'manuscripts', 'imported.md');
    const first = await run(['import', raw, '-o', output]);
    expect(first.code, first.err).toBe(0);
    expect(await readFile(output, 'utf8')).toMatch(/^---\ntitle: 栉风沐雨奋楫笃行 履职为民尽显担当\n/);
    expect(first.err).toMatch(/7:1\s+info\s+byline: “本报记者 单瑞”/);
    const again = await run(['import', raw, '-o', output]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('exists already');
    expect((await run(['import', raw, '-o', output, '--force'])).code).toBe(0);
    const printed = await run(['import', raw]);
    expect(printed.out).toContain('## 团结联合：广泛凝聚共识');
  });

  it('imposes any PDF, proofs the last build, and diffs it with the build before (exit 1 when pages changed)', async () => {
    const pdf = path.join(book, 'out', 'yearbook.pdf');
    // Built by the test above; built here when this test runs alone.
    if (!existsSync(pdf)) await run(['build', book]);
    expect(existsSync(pdf)).toBe(true);
    const imposed = await run(['impose', pdf, '-o', path.join(book, 'booklet.pdf')]);
    expect(imposed.code, imposed.err).toBe(0);
    expect(imposed.out).toMatch(/booklet\.pdf: \d+ sheets of A4 \(\d+ pages, \d+ blank added\)/);
    expect((await run(['impose', pdf, '--sheet', 'A7'])).code).toBe(1);

    // Change one paragraph and build again: the previous PDF moves to out/.history/.
    const file = path.join(book, 'manuscripts', '2022-gongzuo-liangdian.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('思想决定行动，方向关乎全局。', '思想决定行动，方向关乎全局。思想决定行动，方向关乎全局。思想决定行动，方向关乎全局。'));
    expect((await run(['build', book])).code).toBe(0);
    const diff = await run(['diff', '--dir', book]);
    expect(diff.code).toBe(1);
    // The pages listed are pages of the new PDF, as many as said; each has its diff image on disk.
    const newCount = (await PDFDocument.load(await readFile(pdf), { updateMetadata: false })).getPageCount();
    const summary = new RegExp(`^(\\d+) of ${newCount} pages changed: ([\\d, ]+)$`, 'm').exec(diff.out);
    expect(summary, diff.out).not.toBeNull();
    const changed = summary![2]!.split(', ').map(Number);
    expect(changed).toHaveLength(Number(summary![1]));
    expect(changed.every((page) => page >= 1 && page <= newCount)).toBe(true);
    expect(changed.length).toBeLessThan(newCount);
    const images = diff.out.split('\n').filter((line) => /diff-.*\.png$/.test(line.trim())).map((line) => line.trim());
    expect(images).toHaveLength(changed.length);
    for (const image of images) expect(existsSync(path.resolve(book, image)) || existsSync(path.resolve(image)), image).toBe(true);

    const proof = await run(['proof', book, '--dpi', '40', '--pdf']);
    expect(proof.code, proof.err).toBe(0);
    expect(proof.out).toMatch(/^\d+ page images, contact sheet .*contact-sheet\.png, index .*index\.html$/m);
    expect(proof.out).toMatch(/changed since the last build: pages /);
    expect(pdfFonts(path.join(book, 'out', 'yearbook-proof.pdf')).filter((font) => font.type.includes('Type 3'))).toEqual([]);
    // The watermark is drawn diagonally; text extraction may split its two characters.
    const proofText = execFileSync('pdftotext', ['-f', '1', '-l', '1', path.join(book, 'out', 'yearbook-proof.pdf'), '-'], { encoding: 'utf8' });
    expect(proofText).toContain('校');
    expect(proofText).toContain('样');
    // The same PDF twice: nothing changed, said with the PDF's real page count.
    const pageCount = (await PDFDocument.load(await readFile(pdf), { updateMetadata: false })).getPageCount();
    const same = await run(['diff', pdf, pdf]);
    expect(same.code).toBe(0);
    expect(same.out).toBe(`No page changed (${pageCount} pages).`);
    // Two builds, a booklet, a diff and a proof PDF: minutes on a busy two-core machine.
  }, 300_000);
});
