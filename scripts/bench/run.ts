// One run of the bench: the sample and the generated books built on a warm Chromium, each against a
// bare print of its final HTML, with memory, CPU, font loading, fresh browsers and the peers; the
// report is written to out/bench.json (see report.ts for its shape).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import type { buildBook, BuildResult } from '../../src/make/build-book.js';
import type { launchChromium } from '../../src/pdf/chromium.js';
import type { isAllowedUrl, printPdf, PrintResult } from '../../src/pdf/print.js';
import type { loadConfig } from '../../src/config/load.js';
import type { loadManuscripts } from '../../src/manuscript/load.js';
import type { transformManuscripts } from '../../src/pipeline/transform.js';
import type { runningHeads } from '../../src/render/book.js';
import type { marginBoxText } from '../../src/render/page-rules.js';
import type { fontDirs } from '../../src/render/fonts.js';
import { dropFontFaces, keepUsedFontFaces } from './fonts.js';
import { generateBook } from './generate.js';
import { mergeWindows, startMemorySampler, waitForIdle, type MemoryWindow } from './memory.js';
import { phasedPrint, type PhasedPrintOptions } from './phases.js';
import { buildWithPandoc, peerVersions } from './peers.js';
import { MB, OTHER_STAGE, TARGETS, kbToMB, linearity, round, roundPhases, targetChecks, type BenchReport, type BuildRecord, type IdleWait, type PeerRecord, type StageMemory, type Writing } from './report.js';

/** The repository, where out/bench.json goes (two folders up, compiled or not). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The default sample book: the essay book (two articles, A5, one column) the bench's figures in the README
 * were measured on, and the source of its generated books. The repository's own sample is a yearbook, whose
 * roles (编辑说明, plates, …) repeated a hundred times would be no book.
 */
export const ESSAY_BOOK = path.join(REPO, 'test', 'fixtures', 'essays');

export const DEFAULT_SIZES: readonly number[] = [100, 500, 1000];
export const QUICK_SIZES: readonly number[] = [100];
export const WRITINGS: readonly Writing[] = ['horizontal', 'vertical'];

export interface BenchOptions {
  quick?: boolean;
  /** Generated book sizes in A5 pages. */
  sizes?: readonly number[];
  writings?: readonly Writing[];
  /** JSON report path; null writes none. Default out/bench.json. */
  out?: string | null;
  /** Compare with a fresh browser per build (default true). */
  fresh?: boolean;
  /** Build the sample once before measuring (JIT, first renderer; default true). */
  warmup?: boolean;
  /** How many books (the sample first, then the smallest generated) get the fresh-browser build (default 2). */
  freshBooks?: number;
  /** The font-loading experiment (default true). */
  fonts?: boolean;
  keep?: boolean;
  /** Before each build, wait up to this many seconds for the machine to go idle; rebuild contended builds (default 0: off). */
  waitIdle?: number;
  /** The sample book folder (default: the essay book, ESSAY_BOOK). */
  sampleDir?: string;
  /** Also build each generated book with pandoc + XeLaTeX, horizontal (default false). */
  peers?: boolean;
  /** Time a rebuild into an output folder that holds the last build (default false: a first build). */
  rebuild?: boolean;
  /** Generate the books as two-column yearbooks (default false: the essay book's form). */
  yearbook?: boolean;
}

/** The paiban functions the bench drives: from dist/ (loadDistLib) or, in the smoke test, from src/. */
export interface BenchLib {
  buildBook: typeof buildBook;
  launchChromium: typeof launchChromium;
  printPdf: typeof printPdf;
  isAllowedUrl: typeof isAllowedUrl;
  loadConfig: typeof loadConfig;
  loadManuscripts: typeof loadManuscripts;
  transformManuscripts: typeof transformManuscripts;
  runningHeads: typeof runningHeads;
  marginBoxText: typeof marginBoxText;
  fontDirs: typeof fontDirs;
}

/** A book the bench builds: the sample, or a generated one of about `targetPages` pages. */
interface Book {
  label: string;
  dir: string;
  chapters: number;
  targetPages?: number;
}

const now = () => performance.now() / 1000;
const collect = () => globalThis.gc?.();

/** Stage name as the bench records it: "pass 2", "pass 3", … are the passes after the first. */
function stageKey(stage: string): string {
  return /^pass ([2-9]|\d{2,})$/.test(stage) ? 'pass 2+' : stage;
}

/** The marginText printPdf gets in a build (running heads and the title in the heading font). */
async function marginTextOf(lib: BenchLib, bookDir: string, writing: Writing) {
  const loaded = await lib.loadConfig(bookDir);
  const config = { ...loaded.config, writing };
  const manuscripts = await lib.loadManuscripts(loaded.bookDir, config, loaded.file);
  const chapters = await lib.transformManuscripts(manuscripts, loaded.bookDir);
  return { config, marginText: [lib.marginBoxText(config, lib.runningHeads(chapters))] };
}

/**
 * Runs the bench. `lib` is paiban (loadDistLib() or the same functions from src/); `log` receives a
 * line per step. Returns the report that is also written to `options.out` (unless out is null).
 */
export async function runBench(options: BenchOptions, lib: BenchLib, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<BenchReport> {
  const sizes = options.sizes ?? (options.quick ? QUICK_SIZES : DEFAULT_SIZES);
  const writings = options.writings ?? WRITINGS;
  const [firstWriting] = writings;
  if (!firstWriting) throw new Error('The bench needs a writing mode to build.');
  const sampleDir = options.sampleDir ?? ESSAY_BOOK;
  const work = await mkdtemp(path.join(tmpdir(), 'paiban-bench-'));
  const sampler = startMemorySampler({ intervalMs: 100 });
  const mark = async () => (sampler ? sampler.mark() : null);
  const started = now();
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryMB: Math.round(totalmem() / MB), node: process.version, chromium: '', loadAverageAtStart: loadavg().map((l) => round(l, 2)) },
    options: { quick: Boolean(options.quick), sizes: [...sizes], writings: [...writings], fresh: options.fresh !== false, fonts: options.fonts !== false, waitIdle: options.waitIdle ?? 0, peers: Boolean(options.peers), rebuild: Boolean(options.rebuild) },
    targets: TARGETS,
    launch: null,
    builds: [],
    warmup: null,
    fresh: [],
    linearity: [],
    checks: [],
    peers: null,
    seconds: 0,
    memorySampling: Boolean(sampler),
    nodeMaxRssMB: 0,
  };

  const launchStarted = now();
  const browser: Browser = await lib.launchChromium();
  const launch: NonNullable<BenchReport['launch']> = { seconds: round(now() - launchStarted) };
  report.launch = launch;
  report.machine.chromium = browser.version();
  try {
    // One bare launch + close, repeated: what a fresh browser per build costs before any printing.
    if (options.fresh !== false) {
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const t = now();
        const fresh = await lib.launchChromium();
        await fresh.close();
        times.push(now() - t);
      }
      launch.launchCloseSeconds = times.map((t) => round(t));
    }

    // On a shared machine: wait (at most waitIdle seconds) for other work to stop before each build.
    const idle = async (): Promise<IdleWait | null> => {
      if (!options.waitIdle) return null;
      const waited = await waitForIdle(options.waitIdle);
      return { waitedSeconds: round(waited.waitedSeconds, 1), busyCoresBefore: round(waited.busyCores, 2) };
    };

    // A fresh browser is launched and closed inside the timed window, exactly as buildBook does without
    // `browser`, but by the bench, so that its CPU is counted before it exits (see memory.ts).
    const build = async (book: Book, writing: Writing, extra: { fresh?: boolean } = {}) => {
      const idleWait = await idle();
      const outDir = path.join(work, `out-${book.label}-${writing}-${report.builds.length}-${extra.fresh ? 'fresh' : 'warm'}`);
      // --rebuild: the usual case of editing a book: out/ already holds the last build (its layout and
      // font subsets), so the timed build is the second one into the same folder.
      let firstBuild: BuildRecord['firstBuild'] = null;
      if (options.rebuild && !extra.fresh) {
        const first = await lib.buildBook(book.dir, { outDir, env: {}, writing, browser });
        firstBuild = { seconds: round(first.seconds), passes: first.passes };
      }
      const stages: Record<string, number> = {};
      const stagesCpu: Record<string, number> = {};
      // Peak memory from the end of the stage before to the end of this one (the layout lint runs beside
      // the print-shop outputs, so it shows in theirs): what holds the memory, stage by stage.
      const stagesMemory: Record<string, StageMemory> = {};
      const windows: Promise<{ key: string; window: MemoryWindow }>[] = [];
      const order: string[] = [];
      collect();
      await mark();
      const t = now();
      const own = extra.fresh ? await lib.launchChromium() : browser;
      const launchSeconds = now() - t;
      let result: BuildResult;
      let memoryBeforeClose: MemoryWindow | null = null;
      let closeSeconds = 0;
      try {
        result = await lib.buildBook(book.dir, {
          outDir,
          env: {},
          writing,
          browser: own,
          onProgress: (event) => {
            const key = stageKey(event.stage);
            if (!(key in stages)) order.push(key);
            stages[key] = round((stages[key] ?? 0) + event.seconds);
            if (event.cpuSeconds !== undefined) stagesCpu[key] = round((stagesCpu[key] ?? 0) + event.cpuSeconds);
            if (sampler) windows.push(sampler.mark().then((window) => ({ key, window })));
          },
        });
      } finally {
        if (extra.fresh) {
          memoryBeforeClose = await mark();
          const closing = now();
          await own.close();
          closeSeconds = now() - closing;
        }
      }
      const wall = now() - t;
      const last = extra.fresh ? memoryBeforeClose : await mark();
      const stageWindows = await Promise.all(windows);
      for (const { key, window } of stageWindows) {
        const peak = (before: number | undefined, kb: number) => Math.max(before ?? 0, kbToMB(kb));
        const was = stagesMemory[key];
        stagesMemory[key] = { nodeMB: peak(was?.nodeMB, window.nodePssKb), chromiumMB: peak(was?.chromiumMB, window.childrenPssKb), toolsMB: peak(was?.toolsMB, window.toolsPssKb), sumMB: peak(was?.sumMB, window.sumPssKb) };
      }
      const memory = sampler ? mergeWindows([...stageWindows.map((s) => s.window), last]) : last;
      const staged = order.reduce((sum, key) => sum + (stages[key] ?? 0), 0);
      stages[OTHER_STAGE] = round(Math.max(0, result.seconds - staged));
      order.push(OTHER_STAGE);
      return { result, outDir, stages, stagesCpu, stagesMemory, order, wall, memory, idleWait, launchSeconds, closeSeconds, firstBuild };
    };

    /** Other processes used more than a quarter of a core meanwhile. */
    const contended = (memory: MemoryWindow | null, seconds: number) => Boolean(options.waitIdle && memory && memory.otherCpuSeconds > 0.25 * seconds);

    // With --wait-idle, a build that other work competed with is built again, twice at most.
    const buildQuietly = async (book: Book, writing: Writing, extra: { fresh?: boolean } = {}) => {
      for (let attempt = 1; ; attempt += 1) {
        const built = await build(book, writing, extra);
        if (!contended(built.memory, built.wall) || attempt >= 3) return built;
        log(`again    ${book.label} ${writing}: other processes used ${built.memory?.otherCpuSeconds.toFixed(1)} CPU s during the build`);
        await rm(built.outDir, { recursive: true, force: true });
      }
    };

    const measure = async (book: Book, writing: Writing): Promise<BuildRecord> => {
      const built = await buildQuietly(book, writing);
      const { result, outDir, stages, stagesCpu, stagesMemory, order, wall, memory, idleWait, firstBuild } = built;
      const record: BuildRecord = {
        book: book.label,
        targetPages: book.targetPages ?? null,
        chapters: book.chapters,
        writing,
        pages: result.pages,
        passes: result.passes,
        firstBuild,
        stages,
        stagesCpu,
        stagesMemory,
        stageOrder: order,
        totalSeconds: round(result.seconds),
        wallSeconds: round(wall),
        secondsPer100Pages: round((result.seconds / result.pages) * 100),
        pdfBytes: result.bytes,
        pdfMB: round(result.bytes / MB, 2),
        memory: memory && {
          nodePeakMB: kbToMB(memory.nodePssKb),
          nodeRssPeakMB: kbToMB(memory.nodeRssKb),
          chromiumPeakMB: kbToMB(memory.childrenPssKb),
          toolsPeakMB: kbToMB(memory.toolsPssKb),
          tools: memory.tools,
          sumPeakMB: kbToMB(memory.sumPssKb),
          processes: memory.processes,
          samples: memory.samples,
          samplerBusySeconds: round(memory.busyMs / 1000),
          meanIntervalSeconds: round(memory.windowSeconds / Math.max(1, memory.samples)),
        },
        cpu: memory && { seconds: round(memory.cpuSeconds, 2), otherSeconds: round(memory.otherCpuSeconds, 2) },
        idleWait,
        bare: null,
        fonts: null,
        notes: [],
        passSeconds: { first: stages['pass 1'], later: stages['pass 2+'], perLaterPass: round((stages['pass 2+'] ?? Number.NaN) / Math.max(1, result.passes - 1)) },
      };

      if (!result.outputs.includes(result.htmlFile)) {
        record.notes.push('No HTML output (book.yaml output.formats lacks "html"): no bare print to compare with.');
      } else {
        const { config, marginText } = await marginTextOf(lib, book.dir, writing);
        const allowedDirs = [book.dir, outDir, ...lib.fontDirs([config.fonts.body, config.fonts.heading, config.fonts.caption])];
        let bare: PrintResult;
        let bareSeconds: number;
        let bareMemory: MemoryWindow | null;
        for (let attempt = 1; ; attempt += 1) {
          await idle();
          collect();
          await mark();
          const t = now();
          bare = await lib.printPdf(browser, result.htmlFile, { allowedDirs, marginText });
          bareSeconds = now() - t;
          bareMemory = await mark();
          if (!contended(bareMemory, bareSeconds) || attempt >= 3) break;
          log(`again    ${book.label} ${writing} bare print: other processes used ${bareMemory?.otherCpuSeconds.toFixed(1)} CPU s`);
        }
        // What each pass adds to the print in node: pdf-lib parsing Chromium's PDF (for its /Dests).
        const loadStarted = now();
        await PDFDocument.load(bare.pdf, { updateMetadata: false });
        const pdfLibLoadSeconds = now() - loadStarted;
        record.bare = {
          seconds: round(bareSeconds),
          pdfMB: round(bare.pdf.length / MB, 2),
          chromiumPeakMB: bareMemory ? kbToMB(bareMemory.childrenPssKb) : null,
          cpuSeconds: bareMemory ? round(bareMemory.cpuSeconds, 2) : null,
          otherCpuSeconds: bareMemory ? round(bareMemory.otherCpuSeconds, 2) : null,
          ratio: round(result.seconds / bareSeconds, 2),
          pdfLibLoadSeconds: round(pdfLibLoadSeconds),
        };
        if (options.fonts !== false) {
          const html = await readFile(result.htmlFile, 'utf8');
          const reduced = keepUsedFontFaces(html, marginText.map((m) => m.text).join(''));
          const subsetFile = path.join(outDir, `${path.basename(result.htmlFile, '.html')}-usedfonts.html`);
          await writeFile(subsetFile, reduced.html);
          const noneFile = path.join(outDir, `${path.basename(result.htmlFile, '.html')}-nofonts.html`);
          await writeFile(noneFile, dropFontFaces(html).html);
          const print: PhasedPrintOptions = { allowedDirs, marginText, isAllowedUrl: lib.isAllowedUrl };
          const phased = async (file: string, printOptions: PhasedPrintOptions) => {
            await idle();
            await mark();
            const printed = await phasedPrint(browser, file, printOptions);
            const window = await mark();
            return { ...printed, otherCpuSeconds: window?.otherCpuSeconds ?? null };
          };
          const full = await phased(result.htmlFile, print);
          const subset = await phased(subsetFile, print);
          const none = await phased(noneFile, { ...print, marginText: [] });
          record.fonts = {
            rulesAll: reduced.rulesBefore,
            rulesUsed: reduced.rulesAfter,
            all: roundPhases(full),
            used: roundPhases(subset),
            none: roundPhases(none),
            savedSeconds: round(full.seconds.total - subset.seconds.total),
            ratio: round(subset.seconds.total / full.seconds.total, 2),
          };
        }
      }
      if (!options.keep) await rm(outDir, { recursive: true, force: true });
      const line = `${record.book.padEnd(7)} ${writing.padEnd(10)} ${String(record.pages).padStart(5)} pp  build ${record.totalSeconds.toFixed(2)} s` +
        (record.firstBuild ? ` (first build ${record.firstBuild.seconds.toFixed(2)} s, ${record.firstBuild.passes} P)` : '') +
        (record.bare ? `  bare ${record.bare.seconds.toFixed(2)} s  ×${record.bare.ratio}` : '') +
        (record.memory && record.cpu ? `  chromium ${record.memory.chromiumPeakMB} MB  node ${record.memory.nodePeakMB} MB  cpu ${record.cpu.seconds} s (others ${record.cpu.otherSeconds} s)` : '');
      log(line);
      return record;
    };

    const sampleBook = path.resolve(sampleDir);
    const sample: Book = { label: 'sample', dir: sampleBook, chapters: (await lib.loadManuscripts(sampleBook, (await lib.loadConfig(sampleBook)).config)).length };

    // The process's first build pays for JIT and Chromium's first renderer; kept apart from the table.
    if (options.warmup !== false) {
      const { result } = await build(sample, firstWriting);
      report.warmup = { book: 'sample', writing: firstWriting, seconds: round(result.seconds) };
      if (!options.keep) await rm(path.dirname(result.pdfFile), { recursive: true, force: true });
      log(`warm-up  sample ${firstWriting}: ${result.seconds.toFixed(2)} s (first build in this process)`);
    }

    const books: Book[] = [sample];
    for (const pages of sizes) {
      const dir = path.join(work, `book-${pages}`);
      const chapters = await generateBook(sample.dir, dir, { pages, name: `bench-${pages}`, yearbook: Boolean(options.yearbook) });
      books.push({ label: String(pages), dir, chapters, targetPages: pages });
    }
    for (const book of books) for (const writing of writings) report.builds.push(await measure(book, writing));

    // pandoc + XeLaTeX on the same generated books (horizontal: LaTeX's standard classes set no vertical text).
    if (options.peers) {
      const versions = peerVersions();
      const peers: NonNullable<BenchReport['peers']> = { versions, books: [] };
      report.peers = peers;
      if (!versions) log('peers    pandoc or xelatex not found: run scripts/bench/setup-peers.sh (as root) first');
      for (const book of versions ? books.slice(1) : []) {
        const idleWait = await idle();
        collect();
        await mark();
        const built = await buildWithPandoc(book.dir, path.join(work, `peer-${book.label}`));
        const window = await mark();
        const pages = (await PDFDocument.load(await readFile(built.pdfFile), { updateMetadata: false })).getPageCount();
        const ours = report.builds.find((b) => b.book === book.label && b.writing === 'horizontal');
        const row: PeerRecord = {
          book: book.label,
          pages,
          seconds: round(built.seconds),
          cpuSeconds: window ? round(window.cpuSeconds, 2) : null,
          otherCpuSeconds: window ? round(window.otherCpuSeconds, 2) : null,
          idleWait,
          paibanPages: ours?.pages ?? null,
          paibanSeconds: ours?.totalSeconds ?? null,
          ratio: ours ? round(ours.totalSeconds / built.seconds, 2) : null,
        };
        peers.books.push(row);
        log(`peers    ${book.label}: pandoc+XeLaTeX ${pages} pp ${row.seconds.toFixed(2)} s` + (ours ? ` | paiban ${ours.pages} pp ${ours.totalSeconds.toFixed(2)} s (×${row.ratio})` : ''));
      }
    }

    // A fresh Chromium per build (launched, used by one build, closed) against the warm one.
    if (options.fresh !== false) {
      for (const book of books.slice(0, options.freshBooks ?? 2)) {
        const writing = firstWriting;
        const { result, memory, wall, launchSeconds, closeSeconds, stages } = await buildQuietly(book, writing, { fresh: true });
        if (!options.keep) await rm(path.dirname(result.pdfFile), { recursive: true, force: true });
        const warm = report.builds.find((b) => b.book === book.label && b.writing === writing);
        report.fresh.push({
          book: book.label,
          writing,
          pages: result.pages,
          freshSeconds: round(wall),
          launchSeconds: round(launchSeconds),
          buildSeconds: round(result.seconds),
          closeSeconds: round(closeSeconds),
          stages,
          warmSeconds: warm?.totalSeconds ?? null,
          extraSeconds: warm ? round(wall - warm.totalSeconds) : null,
          chromiumPeakMB: memory ? kbToMB(memory.childrenPssKb) : null,
          cpuSeconds: memory ? round(memory.cpuSeconds, 2) : null,
          warmCpuSeconds: warm?.cpu?.seconds ?? null,
          otherCpuSeconds: memory ? round(memory.otherCpuSeconds, 2) : null,
        });
        log(`fresh    ${book.label} ${writing}: ${wall.toFixed(2)} s = launch ${launchSeconds.toFixed(2)} + build ${result.seconds.toFixed(2)} + close ${closeSeconds.toFixed(2)} (warm ${warm?.totalSeconds ?? '?'} s)`);
      }
    }
  } finally {
    await browser.close();
    await sampler?.stop();
    if (!options.keep) await rm(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }

  report.linearity = linearity(report.builds);
  report.checks = targetChecks(report.builds, sizes, report.peers);
  report.nodeMaxRssMB = round(process.resourceUsage().maxRSS / 1024, 1);
  report.seconds = round(now() - started, 1);
  if (options.out !== null) {
    const out = options.out ?? path.join(REPO, 'out', 'bench.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    report.file = out;
  }
  return report;
}
