// npm run bench — how fast paiban builds, measured against the physical limit (one bare page.pdf
// of the finished HTML on the same warm Chromium). Builds the sample book and generated books of
// ~100/500/1,000 A5 pages, horizontal and vertical; prints a table and writes out/bench.json.
//
//   npm run bench -- [--quick] [--sizes 100,500,1000] [--writing horizontal,vertical]
//                    [--out out/bench.json] [--no-fresh] [--no-fonts] [--keep] [--peers]
//
// npm run bench compiles paiban into dist/ and the bench into dist-scripts/ (tsconfig.bench.json says
// why), then runs dist-scripts/bench/bench.js; the bench drives the compiled paiban in dist/. The smoke
// test passes the TypeScript sources instead (runBench's `lib`).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReport } from './format.js';
import { DEFAULT_SIZES, QUICK_SIZES, REPO, WRITINGS, runBench, type BenchLib } from './run.js';
import type { Writing } from './report.js';

/** The command line's options (`help` only when asked for). */
export interface CliOptions {
  quick: boolean;
  sizes: readonly number[];
  writings: Writing[];
  out: string;
  fresh: boolean;
  fonts: boolean;
  keep: boolean;
  waitIdle: number;
  peers: boolean;
  rebuild: boolean;
  yearbook: boolean;
  help?: boolean;
}

const isWriting = (value: string): value is Writing => (WRITINGS as readonly string[]).includes(value);

/** Command-line options. */
export function parseArgs(argv: readonly string[]): CliOptions {
  let sizes: readonly number[] | undefined;
  const options: Omit<CliOptions, 'sizes'> = { quick: false, writings: [...WRITINGS], out: path.join(REPO, 'out', 'bench.json'), fresh: true, fonts: true, keep: false, waitIdle: 0, peers: false, rebuild: false, yearbook: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      i += 1;
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--sizes') sizes = value().split(',').filter(Boolean).map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: "${s}" is not a page count (≥ 10).`);
      return n;
    });
    else if (arg === '--writing') {
      options.writings = value().split(',').filter(Boolean).map((w) => {
        if (!isWriting(w)) throw new Error(`--writing: "${w}" is not one of ${WRITINGS.join(', ')}.`);
        return w;
      });
      if (options.writings.length === 0) throw new Error(`--writing: name one of ${WRITINGS.join(', ')}.`);
    }
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--no-fresh') options.fresh = false;
    else if (arg === '--no-fonts') options.fonts = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--peers') options.peers = true;
    else if (arg === '--rebuild') options.rebuild = true;
    else if (arg === '--yearbook') options.yearbook = true;
    else if (arg === '--wait-idle') {
      options.waitIdle = Number(value());
      if (!(options.waitIdle >= 0)) throw new Error('--wait-idle needs a number of seconds.');
    }
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown option ${arg} (see --help).`);
  }
  return { ...options, sizes: sizes ?? (options.quick ? QUICK_SIZES : DEFAULT_SIZES) };
}

/** paiban's modules the bench needs, from the compiled dist/ (or, in the smoke test, from src/). */
export async function loadDistLib(repo = REPO): Promise<BenchLib> {
  // The types are the sources' (src/), which dist/ is compiled from.
  const dist = async <Module>(file: string): Promise<Module> => (await import(pathToFileURL(path.join(repo, 'dist', file)).href)) as Module;
  try {
    await stat(path.join(repo, 'dist', 'make', 'build-book.js'));
  } catch {
    throw new Error('dist/ is missing: compile paiban first (npx tsc -p tsconfig.build.json).');
  }
  const [build, chromium, print, config, manuscripts, transform, book, pageRules, fonts] = await Promise.all([
    dist<typeof import('../../src/make/build-book.js')>('make/build-book.js'),
    dist<typeof import('../../src/pdf/chromium.js')>('pdf/chromium.js'),
    dist<typeof import('../../src/pdf/print.js')>('pdf/print.js'),
    dist<typeof import('../../src/config/load.js')>('config/load.js'),
    dist<typeof import('../../src/manuscript/load.js')>('manuscript/load.js'),
    dist<typeof import('../../src/pipeline/transform.js')>('pipeline/transform.js'),
    dist<typeof import('../../src/render/book.js')>('render/book.js'),
    dist<typeof import('../../src/render/page-rules.js')>('render/page-rules.js'),
    dist<typeof import('../../src/render/fonts.js')>('render/fonts.js'),
  ]);
  return {
    buildBook: build.buildBook,
    launchChromium: chromium.launchChromium,
    printPdf: print.printPdf,
    isAllowedUrl: print.isAllowedUrl,
    loadConfig: config.loadConfig,
    loadManuscripts: manuscripts.loadManuscripts,
    transformManuscripts: transform.transformManuscripts,
    runningHeads: book.runningHeads,
    marginBoxText: pageRules.marginBoxText,
    fontDirs: fonts.fontDirs,
  };
}

const HELP = `Usage: npm run bench -- [options]   (compiles paiban and the bench first)
  --quick                 the sample and a ~100-page book only (CI)
  --sizes 100,500,1000    generated book sizes in A5 pages (default 100,500,1000)
  --writing horizontal,vertical
  --out FILE              JSON report (default out/bench.json)
  --no-fresh              skip the fresh-browser-per-build comparison
  --no-fonts              skip the font-loading experiment
  --keep                  keep the generated books and outputs (their folder is printed)
  --wait-idle SECONDS     before each build, wait up to SECONDS for the machine to go idle (shared machines)
  --rebuild               time a rebuild (out/ already holds the last build: its layout and font
                          subsets), the usual case; the first build's seconds and passes are kept too
  --yearbook              the generated books as two-column yearbooks (kind: yearbook, 大16开, 9 pt,
                          every chapter a 类目 with its opener): the figures beside the one-column ones
  --peers                 also build each generated book with pandoc + XeLaTeX (horizontal; needs
                          scripts/bench/setup-peers.sh) and print the ratio`;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${messageOf(error)}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const lib = await loadDistLib();
  const report = await runBench(options, lib);
  process.stdout.write(`${formatReport(report)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error) : error}\n`);
    process.exitCode = 1;
  });
}
