/**
 * paiban as a user gets it: `npm pack`, the tarball installed into an empty folder (dependencies from
 * the npm registry), then `npx paiban init my-book && npx paiban build my-book` there. Needs the
 * network and a minute or more, so it is not part of `npm test`: `npm run test:package` (CI runs both).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/pdf/chromium.js';
import { pdfFonts } from './helpers/poppler.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = (JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
// Without the npm_* variables of an enclosing `npm run`, which would point npm at this repository.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
let dir: string;
let app: string;
let tarball: string;

async function sh(command: string, args: string[], cwd: string) {
  const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, env, maxBuffer: 32 * 1024 * 1024 });
  return { out: stdout, err: stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-package-'));
  app = path.join(dir, 'app');
  await mkdir(app);
  const packed = await sh('npm', ['pack', '--pack-destination', dir, '--json'], repo);
  tarball = path.join(dir, (JSON.parse(packed.out) as { filename: string }[])[0]!.filename);
  await sh('npm', ['install', '--no-audit', '--no-fund', tarball], app);
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the packed paiban', () => {
  it('holds the compiled CLI, templates, styles, starter files, colour profiles and LittleCMS, and no sources or tests', async () => {
    const installed = path.join(app, 'node_modules', 'paiban');
    expect((await readdir(installed)).sort()).toEqual(['README.md', 'bin', 'dist', 'package.json', 'profiles', 'scripts', 'styles', 'templates', 'vendor']);
    const shipped = ['dist/cli/main.js', 'templates/book.html', 'templates/init/book.yaml', 'templates/init/manuscripts/01-example.md', 'styles/book.css'];
    for (const file of [...shipped, 'profiles/FOGRA39L_coated.icc', 'profiles/sRGB.icc', 'profiles/LICENSE', 'vendor/lcms-wasm/lcms.js', 'vendor/lcms-wasm/lcms.wasm', 'vendor/lcms-wasm/LICENSE.md']) {
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect((await readdir(path.join(installed, 'dist'), { recursive: true })).filter((name) => name.endsWith('.map'))).toEqual([]);
    const { out } = await sh('npx', ['paiban', '--version'], app);
    expect(out.trim()).toBe(version);
  });

  it('installs, starts a book and builds it: npx paiban init my-book && npx paiban build my-book', async () => {
    const init = await sh('npx', ['paiban', 'init', 'my-book'], app);
    expect(init.out).toContain('npx paiban build my-book');
    const build = await sh('npx', ['paiban', 'build', 'my-book'], app);
    expect(build.out).toMatch(/Built \d+ pages/);
    expect(build.err).not.toContain('note:');
    expect(build.err.split('\n').filter((line) => /\bwarning\b/.test(line) && !/short-page|⚠/.test(line))).toEqual([]);
    const pdf = path.join(app, 'my-book', 'out', 'book.pdf');
    for (const name of ['book.pdf', 'book-booklet.pdf', 'book-cover.pdf', 'book-print.pdf', 'book-archive.pdf', 'book.manifest.json']) {
      expect(existsSync(path.join(app, 'my-book', 'out', name)), name).toBe(true);
    }
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => font.type.includes('Type 3') || !font.embedded)).toEqual([]);
    // The manifest records the installed paiban.
    const manifest = JSON.parse(await readFile(path.join(app, 'my-book', 'out', 'book.manifest.json'), 'utf8')) as { tool: string };
    expect(JSON.stringify(manifest.tool)).toContain(version);
  });

  it('builds and verifies with only node and the browser on PATH (its profiles, LittleCMS and PDFium inside the package)', async () => {
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, path.join(bin, 'node'));
    // The browser itself: Debian's /usr/bin/chromium is a shell script that needs coreutils on PATH.
    await symlink(existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : await realpath(findChromium()), path.join(bin, 'chromium'));
    const cli = path.join(app, 'node_modules', 'paiban', 'bin', 'paiban.js');
    const bare = { PATH: bin, PAIBAN_CHROMIUM: path.join(bin, 'chromium'), HOME: dir, LANG: 'C.UTF-8' };
    const run = (args: string[]) => promisify(execFile)(path.join(bin, 'node'), [cli, ...args], { cwd: app, env: bare, maxBuffer: 32 * 1024 * 1024 });
    await run(['init', 'bare-book']);
    const build = await run(['build', 'bare-book']);
    expect(build.stdout).toMatch(/PDF\/X-4 for “FOGRA39L Coated”/);
    expect(build.stdout).toMatch(/layout +(no problems|\d+ warnings)/);
    // The archive's PDF/A clauses and the print file's PDF/X-4 keys (pdf-lib; the text against the manuscripts: no-tools.integration.test.ts).
    expect((await run(['verify', path.join('bare-book', 'out', 'book-archive.pdf')])).stdout).toMatch(/All \d+ checks passed/);
    expect((await run(['verify', '--pdfx', path.join('bare-book', 'out', 'book-print.pdf')])).stdout).not.toMatch(/^FAIL/m);
  });
});
