import path from 'node:path';
import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { buildBook, formatBytes, type BuildOptions } from '../make/build-book.js';
import { PAIBAN_VERSION } from '../util/package.js';
import { guarded, type Io } from './io.js';
import { guardedJson, problemsOf } from './json.js';

export interface BuildCliOptions {
  out?: string;
  writing?: 'horizontal' | 'vertical';
  lint?: boolean;
  draft?: boolean;
  /** One JSON document on standard output (for scripts and CI), nothing else. */
  json?: boolean;
  /** Only problems: no progress, no list of outputs, no summary. */
  quiet?: boolean;
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

export function runBuild(dir: string, options: BuildCliOptions, io: Io): Promise<number> {
  const settings: BuildOptions = {
    ...(options.out ? { outDir: options.out } : {}),
    ...(options.writing ? { writing: options.writing } : {}),
    ...(options.lint === false ? { lint: false } : {}),
    ...(options.draft ? { draft: true } : {}),
  };
  if (options.json) {
    return guardedJson(io.out, async () => {
      const checked: VFile[] = [];
      const result = await buildBook(dir, { ...settings, onCheckReport: (files) => checked.push(...files) });
      const problems = [...problemsOf(checked), ...problemsOf(result.layout)];
      return {
        code: 0,
        document: { ok: true, pages: result.pages, bytes: result.bytes, seconds: Number(result.seconds.toFixed(2)), outputs: result.outputs.map(shown), problems, notes: result.notes, refused: result.blocked },
      };
    });
  }
  return guarded(io, async () => {
    if (!options.quiet) io.out(`paiban ${PAIBAN_VERSION} — building ${path.resolve(dir)}`);
    const result = await buildBook(dir, {
      ...settings,
      ...(options.quiet ? {} : { onProgress: (event) => io.out(`  ✓ ${event.stage.padEnd(12)} ${event.detail}  (${event.seconds.toFixed(2)} s)`) }),
      onCheckReport: (files) => io.err(reporter(files, { quiet: true, color: false })),
    });
    if (result.layout.length) io.err(reporter(result.layout, { color: false, quiet: options.quiet === true }));
    for (const url of result.blocked) io.err(`  warning: refused to load ${url} (outside the book folder)`);
    for (const note of result.notes) io.err(`  note: ${note}`);
    if (options.quiet) return 0;
    for (const file of result.outputs) io.out(`  → ${shown(file)}`);
    io.out(`Built ${result.pages} pages, ${formatBytes(result.bytes)}, in ${result.seconds.toFixed(1)} s.`);
    return 0;
  });
}
