/**
 * The house rules of src/, checked on every `npm test`: files that fit in one read, no import cycle, a
 * one-way flow between the stage folders (in the order below, which the README's map follows), no
 * folder named like an output, a README map that names the folders as they are, and no comment that
 * names a test file that does not exist.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

/** The stages from the ground up: a folder may import only folders before it (and itself). */
export const FLOW = [
  'util',
  'files',
  'reader',
  'config',
  'normalize',
  'manuscript',
  'import',
  'fonts',
  'pdf',
  'pipeline',
  'book-index',
  'render',
  'check',
  'impose',
  'archive',
  'press',
  'proof',
  'comments',
  'make',
  'preview',
  'cli',
] as const;

const MAX_LINES = 400;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, keep));
    else if (keep(full)) found.push(full);
  }
  return found;
}

const sources = filesUnder(SRC, (file) => file.endsWith('.ts'));

/** Relative imports of a source file, resolved to the .ts files they name (type-only imports included). */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name).replace(/\.js$/, '.ts'));
}

/** Every cycle of a directed graph, as one list of nodes per strongly connected component larger than one node (or a self-loop). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;
const shown = (file: string) => path.relative(ROOT, file);

describe('the source tree', () => {
  it(`keeps every file under src/ within ${MAX_LINES} lines`, () => {
    const long = sources.map((file) => [shown(file), readFileSync(file, 'utf8').split('\n').length] as const).filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const graph = new Map(sources.map((file) => [file, importsOf(file).filter((target) => target.startsWith(SRC))]));
    expect(cycles(graph).map((cycle) => cycle.map(shown))).toEqual([]);
  });

  it('flows one way: each stage folder imports only the folders below it', () => {
    expect([...new Set(sources.map(folderOf))].filter((folder) => !folder.endsWith('.ts')).sort()).toEqual([...FLOW].sort());
    const rank = new Map<string, number>(FLOW.map((folder, i) => [folder, i]));
    const upward: string[] = [];
    for (const file of sources) {
      for (const target of importsOf(file)) {
        if (!target.startsWith(SRC)) continue;
        const from = folderOf(file);
        const to = folderOf(target);
        if (rank.get(to)! > rank.get(from)!) upward.push(`${shown(file)} → ${shown(target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('names no source folder like an output (build, dist, out): tools skip those', () => {
    const folders = filesUnder(SRC, () => true).map((file) => path.relative(SRC, path.dirname(file)).split(path.sep));
    expect(folders.flat().filter((name) => ['build', 'dist', 'out'].includes(name))).toEqual([]);
  });

  it('imports resolve to files that exist', () => {
    const missing = sources.flatMap((file) => importsOf(file).filter((target) => !existsSync(target)).map((target) => `${shown(file)} → ${shown(target)}`));
    expect(missing).toEqual([]);
  });
});

describe('the README and comments', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('maps every stage folder in “How it works”, and no folder that is not there', () => {
    const section = /## How it works\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const named = new Set([...section.matchAll(/(?<![\w./-])([a-z][a-z-]*)\/(?=[\s),`])/g)].map((m) => m[1]!));
    // Folders of the book and of the outputs the map also names.
    const bookFolders = new Set(['src', 'manuscripts', 'templates', 'styles', 'out', 'images', 'raw', 'fonts', 'clauses', 'compose', 'audit']);
    expect(FLOW.filter((folder) => !named.has(folder))).toEqual([]);
    expect([...named].filter((folder) => !FLOW.includes(folder as (typeof FLOW)[number]) && !bookFolders.has(folder))).toEqual([]);
  });

  it('names only test files that exist (in source, tests, scripts and configs)', () => {
    const places = [
      ...sources,
      ...filesUnder(path.join(ROOT, 'test'), (file) => file.endsWith('.ts')),
      ...filesUnder(path.join(ROOT, 'scripts'), (file) => /\.(ts|sh)$/.test(file)),
      ...['vitest.config.ts', 'vitest.mutate.config.ts', 'stryker.config.json', 'README.md'].map((file) => path.join(ROOT, file)),
    ];
    const missing: string[] = [];
    for (const file of places) {
      for (const match of readFileSync(file, 'utf8').matchAll(/test\/[\w./-]+?\.test\.ts/g)) {
        if (!existsSync(path.join(ROOT, match[0]))) missing.push(`${shown(file)}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds a loop of two and of three, a self-loop, and nothing in a tree', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['f', ['f']],
      ['g', ['a']],
    ]);
    expect(cycles(graph)).toEqual(expect.arrayContaining([['a', 'b'], ['c', 'd', 'e'], ['f']]));
    expect(cycles(graph)).toHaveLength(3);
    expect(cycles(new Map([['x', ['y', 'z']], ['y', ['z']], ['z', []]]))).toEqual([]);
  });

  it('reads type-only and re-export imports as imports', () => {
    const file = path.join(SRC, 'x', 'a.ts');
    expect(importsOf(file, "import type { A } from './b.js';\nexport { C } from '../y/c.js';\nimport 'node:fs';\n")).toEqual([path.join(SRC, 'x', 'b.ts'), path.join(SRC, 'y', 'c.ts')]);
  });
});
