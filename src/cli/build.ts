import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { buildBook, formatBytes } from '../make/build-book.js';
import { PAIBAN_VERSION } from '../util/package.js';
import { guarded, type Io } from './io.js';

export function runBuild(dir: string, options: { out?: string; writing?: 'horizontal' | 'vertical'; lint?: boolean; draft?: boolean }, io: Io): Promise<number> {
  return guarded(io, async () => {
    io.out(`paiban ${PAIBAN_VERSION} — building ${path.resolve(dir)}`);
    const result = await buildBook(dir, {
      ...(options.out ? { outDir: options.out } : {}),
      ...(options.writing ? { writing: options.writing } : {}),
      ...(options.lint === false ? { lint: false } : {}),
      ...(options.draft ? { draft: true } : {}),
      onProgress: (event) => io.out(`  ✓ ${event.stage.padEnd(12)} ${event.detail}  (${event.seconds.toFixed(2)} s)`),
      onCheckReport: (files) => io.err(reporter(files, { quiet: true, color: false })),
    });
    if (result.layout.length) io.err(reporter(result.layout, { color: false }));
    for (const url of result.blocked) io.err(`  warning: refused to load ${url} (outside the book folder)`);
    for (const note of result.notes) io.err(`  note: ${note}`);
    for (const file of result.outputs) io.out(`  → ${path.relative(process.cwd(), file) || file}`);
    io.out(`Built ${result.pages} pages, ${formatBytes(result.bytes)}, in ${result.seconds.toFixed(1)} s.`);
    return 0;
  });
}
