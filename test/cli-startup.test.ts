/**
 * The CLI loads a command's modules only when that command runs: which npm packages `--help`,
 * `--version` and `check` load (seen through a module resolve hook), never how long they take.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let register: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-startup-'));
  const hooks = path.join(dir, 'hooks.mjs');
  // Prints the npm package of every module resolved, one per line on stderr.
  await writeFile(
    hooks,
    `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const found = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
  if (found) process.stderr.write('package ' + found[1] + '\\n');
  return result;
}\n`,
  );
  register = path.join(dir, 'register.mjs');
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function packagesLoadedBy(args: string[]): Promise<string[]> {
  const { stderr } = await promisify(execFile)('node', ['--import', pathToFileURL(register).href, path.join(repo, 'bin', 'paiban.js'), ...args], { cwd: repo });
  return [...new Set(stderr.split('\n').flatMap((line) => (line.startsWith('package ') ? [line.slice(8)] : [])))].sort();
}

// (check does read the fonts' character maps with fontkit: a character no book font has is an error.)
const HEAVY = ['playwright-core', 'pdf-lib', 'harfbuzzjs', 'zhlint', 'pngjs', 'pixelmatch', 'rehype-raw', 'rehype-sanitize'];

describe('CLI start-up', () => {
  it('--help and --version load nothing but commander', async () => {
    expect(await packagesLoadedBy(['--help'])).toEqual(['commander']);
    expect(await packagesLoadedBy(['--version'])).toEqual(['commander']);
  });

  it('check loads the Markdown parser, the config schema and the font reader, not Chromium, PDF, subsetting or punctuation libraries', async () => {
    const loaded = await packagesLoadedBy(['check']);
    expect(loaded).toEqual(expect.arrayContaining(['remark-parse', 'zod', 'yaml', 'vfile-reporter']));
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
