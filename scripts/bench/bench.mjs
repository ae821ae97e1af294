#!/usr/bin/env node
// npm run bench — how fast paiban builds, measured against the physical limit (one bare page.pdf
// of the finished HTML on the same warm Chromium). Builds the sample book and generated books of
// ~100/500/1,000 A5 pages, horizontal and vertical; prints a table and writes out/bench.json.
//
//   node --expose-gc scripts/bench/bench.mjs [--quick] [--sizes 100,500,1000] [--writing horizontal,vertical]
//                                            [--out out/bench.json] [--no-fresh] [--no-fonts] [--keep] [--peers]
//
// Runs the compiled paiban in dist/ (compile first: npx tsc -p tsconfig.build.json); the smoke test
// passes the TypeScript sources instead (runBench's `lib`).
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { dropFontFaces, keepUsedFontFaces } from './fonts.mjs';
import { generateBook } from './generate.mjs';
import { mergeWindows, startMemorySampler, waitForIdle } from './memory.mjs';
import { phasedPrint } from './phases.mjs';
import { buildWithPandoc, peerVersions } from './peers.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Stages every build reports (the last pass is reported as "pass N"; here it is "pass 2+"). */
export const CORE_STAGES = ['config', 'check', 'manuscripts', 'transform', 'pass 1', 'pass 2+', 'finish'];
/** Stages of the production outputs, when book.yaml's output.formats asks for them. */
export const PRODUCTION_STAGES = { cover: 'cover', booklet: 'booklet', archive: 'archive', print: 'print' };
/** After the last stage: manifest, moving outputs into place, cleanup. */
export const OTHER_STAGE = 'other';

export const TARGETS = { ratio: 1.5, seconds1000Vertical: 15, memory1000VerticalMB: 1229, sampleSeconds: 3 };

export const DEFAULT_SIZES = [100, 500, 1000];
export const QUICK_SIZES = [100];
export const WRITINGS = ['horizontal', 'vertical'];

/** Command-line options. */
export function parseArgs(argv) {
  const options = { quick: false, sizes: undefined, writings: [...WRITINGS], out: path.join(REPO, 'out', 'bench.json'), fresh: true, fonts: true, keep: false, waitIdle: 0, peers: false, rebuild: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      i += 1;
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--sizes') options.sizes = value().split(',').filter(Boolean).map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: "${s}" is not a page count (≥ 10).`);
      return n;
    });
    else if (arg === '--writing') options.writings = value().split(',').filter(Boolean).map((w) => {
      if (!WRITINGS.includes(w)) throw new Error(`--writing: "${w}" is not one of ${WRITINGS.join(', ')}.`);
      return w;
    });
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--no-fresh') options.fresh = false;
    else if (arg === '--no-fonts') options.fonts = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--peers') options.peers = true;
    else if (arg === '--rebuild') options.rebuild = true;
    else if (arg === '--wait-idle') {
      options.waitIdle = Number(value());
      if (!(options.waitIdle >= 0)) throw new Error('--wait-idle needs a number of seconds.');
    }
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown option ${arg} (see --help).`);
  }
  options.sizes ??= options.quick ? QUICK_SIZES : DEFAULT_SIZES;
  return options;
}

/** paiban's modules the bench needs, from the compiled dist/ (or, in the smoke test, from src/). */
export async function loadDistLib(repo = REPO) {
  const dist = (file) => import(pathToFileURL(path.join(repo, 'dist', file)).href);
  try {
    await stat(path.join(repo, 'dist', 'build', 'build-book.js'));
  } catch {
    throw new Error('dist/ is missing: compile paiban first (npx tsc -p tsconfig.build.json).');
  }
  const [build, chromium, print, config, manuscripts, transform, book, pageRules, fonts] = await Promise.all([
    dist('make/build-book.js'),
    dist('pdf/chromium.js'),
    dist('pdf/print.js'),
    dist('config/load.js'),
    dist('manuscript/load.js'),
    dist('pipeline/transform.js'),
    dist('render/book.js'),
    dist('render/page-rules.js'),
    dist('render/fonts.js'),
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

const MB = 1024 * 1024;
const round = (value, digits = 3) => (Number.isFinite(value) ? Number(value.toFixed(digits)) + 0 : value); // + 0: no -0
const kbToMB = (kb) => round(kb / 1024, 1);
const now = () => performance.now() / 1000;
const collect = () => globalThis.gc?.();

/** Stage name as the bench records it: "pass 2", "pass 3", … are the passes after the first. */
function stageKey(stage) {
  return /^pass ([2-9]|\d{2,})$/.test(stage) ? 'pass 2+' : stage;
}

/** The marginText printPdf gets in a build (running heads and the title in the heading font). */
async function marginTextOf(lib, bookDir, writing) {
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
export async function runBench(options, lib, log = (line) => process.stderr.write(`${line}\n`)) {
  const sizes = options.sizes ?? (options.quick ? QUICK_SIZES : DEFAULT_SIZES);
  const writings = options.writings ?? WRITINGS;
  const sampleDir = options.sampleDir ?? REPO;
  const work = await mkdtemp(path.join(tmpdir(), 'paiban-bench-'));
  const sampler = startMemorySampler({ intervalMs: 100 });
  const mark = async () => (sampler ? sampler.mark() : null);
  const started = now();
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryMB: Math.round(totalmem() / MB), node: process.version, chromium: '', loadAverageAtStart: loadavg().map((l) => round(l, 2)) },
    options: { quick: Boolean(options.quick), sizes, writings, fresh: options.fresh !== false, fonts: options.fonts !== false, waitIdle: options.waitIdle ?? 0, peers: Boolean(options.peers), rebuild: Boolean(options.rebuild) },
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
  };

  const launchStarted = now();
  const browser = await lib.launchChromium();
  report.launch = { seconds: round(now() - launchStarted) };
  report.machine.chromium = browser.version();
  try {
    // One bare launch + close, repeated: what a fresh browser per build costs before any printing.
    if (options.fresh !== false) {
      const times = [];
      for (let i = 0; i < 3; i += 1) {
        const t = now();
        const fresh = await lib.launchChromium();
        await fresh.close();
        times.push(now() - t);
      }
      report.launch.launchCloseSeconds = times.map((t) => round(t));
    }

    // On a shared machine: wait (at most waitIdle seconds) for other work to stop before each build.
    const idle = async () => {
      if (!options.waitIdle) return null;
      const waited = await waitForIdle(options.waitIdle);
      return { waitedSeconds: round(waited.waitedSeconds, 1), busyCoresBefore: round(waited.busyCores, 2) };
    };

    // A fresh browser is launched and closed inside the timed window, exactly as buildBook does without
    // `browser`, but by the bench, so that its CPU is counted before it exits (see memory.mjs).
    const build = async (book, writing, extra = {}) => {
      const idleWait = await idle();
      const outDir = path.join(work, `out-${book.label}-${writing}-${report.builds.length}-${extra.fresh ? 'fresh' : 'warm'}`);
      // --rebuild: the usual case of editing a book: out/ already holds the last build (its layout and
      // font subsets), so the timed build is the second one into the same folder.
      let firstBuild = null;
      if (options.rebuild && !extra.fresh) {
        const first = await lib.buildBook(book.dir, { outDir, env: {}, writing, browser });
        firstBuild = { seconds: round(first.seconds), passes: first.passes };
      }
      const stages = {};
      const stagesCpu = {};
      // Peak memory from the end of the stage before to the end of this one (the layout lint runs beside
      // the print-shop outputs, so it shows in theirs): what holds the memory, stage by stage.
      const stagesMemory = {};
      const windows = [];
      const order = [];
      collect();
      await mark();
      const t = now();
      const own = extra.fresh ? await lib.launchChromium() : browser;
      const launchSeconds = now() - t;
      let result;
      let memoryBeforeClose = null;
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
            if (sampler) windows.push(mark().then((window) => ({ key, window })));
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
        const peak = (before, kb) => Math.max(before ?? 0, kbToMB(kb));
        const was = stagesMemory[key];
        stagesMemory[key] = { nodeMB: peak(was?.nodeMB, window.nodePssKb), chromiumMB: peak(was?.chromiumMB, window.childrenPssKb), toolsMB: peak(was?.toolsMB, window.toolsPssKb), sumMB: peak(was?.sumMB, window.sumPssKb) };
      }
      const memory = sampler ? mergeWindows([...stageWindows.map((s) => s.window), last]) : last;
      const staged = order.reduce((sum, key) => sum + stages[key], 0);
      stages[OTHER_STAGE] = round(Math.max(0, result.seconds - staged));
      order.push(OTHER_STAGE);
      return { result, outDir, stages, stagesCpu, stagesMemory, order, wall, memory, idleWait, launchSeconds, closeSeconds, firstBuild };
    };

    /** Other processes used more than a quarter of a core meanwhile. */
    const contended = (memory, seconds) => Boolean(options.waitIdle && memory && memory.otherCpuSeconds > 0.25 * seconds);

    // With --wait-idle, a build that other work competed with is built again, twice at most.
    const buildQuietly = async (book, writing, extra = {}) => {
      for (let attempt = 1; ; attempt += 1) {
        const built = await build(book, writing, extra);
        if (!contended(built.memory, built.wall) || attempt >= 3) return built;
        log(`again    ${book.label} ${writing}: other processes used ${built.memory.otherCpuSeconds.toFixed(1)} CPU s during the build`);
        await rm(built.outDir, { recursive: true, force: true });
      }
    };

    const measure = async (book, writing) => {
      const built = await buildQuietly(book, writing);
      const { result, outDir, stages, stagesCpu, stagesMemory, order, wall, memory, idleWait, firstBuild } = built;
      const record = {
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
      };
      const passesAfterFirst = result.passes - 1;
      record.passSeconds = { first: stages['pass 1'], later: stages['pass 2+'], perLaterPass: round(stages['pass 2+'] / Math.max(1, passesAfterFirst)) };

      if (!result.outputs.includes(result.htmlFile)) {
        record.notes.push('No HTML output (book.yaml output.formats lacks "html"): no bare print to compare with.');
      } else {
        const { config, marginText } = await marginTextOf(lib, book.dir, writing);
        const allowedDirs = [book.dir, outDir, ...lib.fontDirs([config.fonts.body, config.fonts.heading, config.fonts.caption])];
        let bare;
        let bareSeconds;
        let bareMemory;
        for (let attempt = 1; ; attempt += 1) {
          await idle();
          collect();
          await mark();
          const t = now();
          bare = await lib.printPdf(browser, result.htmlFile, { allowedDirs, marginText });
          bareSeconds = now() - t;
          bareMemory = await mark();
          if (!contended(bareMemory, bareSeconds) || attempt >= 3) break;
          log(`again    ${book.label} ${writing} bare print: other processes used ${bareMemory.otherCpuSeconds.toFixed(1)} CPU s`);
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
          const print = { allowedDirs, marginText, isAllowedUrl: lib.isAllowedUrl };
          const phased = async (file, printOptions) => {
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
        (record.memory ? `  chromium ${record.memory.chromiumPeakMB} MB  node ${record.memory.nodePeakMB} MB  cpu ${record.cpu.seconds} s (others ${record.cpu.otherSeconds} s)` : '');
      log(line);
      return record;
    };

    const sample = { label: 'sample', dir: path.resolve(sampleDir), chapters: null };
    sample.chapters = (await lib.loadManuscripts(sample.dir, (await lib.loadConfig(sample.dir)).config)).length;

    // The process's first build pays for JIT and Chromium's first renderer; kept apart from the table.
    if (options.warmup !== false) {
      const { result } = await build(sample, writings[0]);
      report.warmup = { book: 'sample', writing: writings[0], seconds: round(result.seconds) };
      if (!options.keep) await rm(path.dirname(result.pdfFile), { recursive: true, force: true });
      log(`warm-up  sample ${writings[0]}: ${result.seconds.toFixed(2)} s (first build in this process)`);
    }

    const books = [sample];
    for (const pages of sizes) {
      const dir = path.join(work, `book-${pages}`);
      const chapters = await generateBook(sample.dir, dir, { pages, name: `bench-${pages}` });
      books.push({ label: String(pages), dir, chapters, targetPages: pages });
    }
    for (const book of books) for (const writing of writings) report.builds.push(await measure(book, writing));

    // pandoc + XeLaTeX on the same generated books (horizontal: LaTeX's standard classes set no vertical text).
    if (options.peers) {
      const versions = peerVersions();
      report.peers = { versions, books: [] };
      if (!versions) log('peers    pandoc or xelatex not found: run scripts/bench/setup-peers.sh (as root) first');
      for (const book of versions ? books.slice(1) : []) {
        const idleWait = await idle();
        collect();
        await mark();
        const built = await buildWithPandoc(book.dir, path.join(work, `peer-${book.label}`));
        const window = await mark();
        const pages = (await PDFDocument.load(await readFile(built.pdfFile), { updateMetadata: false })).getPageCount();
        const ours = report.builds.find((b) => b.book === book.label && b.writing === 'horizontal');
        const row = {
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
        report.peers.books.push(row);
        log(`peers    ${book.label}: pandoc+XeLaTeX ${pages} pp ${row.seconds.toFixed(2)} s` + (ours ? ` | paiban ${ours.pages} pp ${ours.totalSeconds.toFixed(2)} s (×${row.ratio})` : ''));
      }
    }

    // A fresh Chromium per build (launched, used by one build, closed) against the warm one.
    if (options.fresh !== false) {
      for (const book of books.slice(0, options.freshBooks ?? 2)) {
        const writing = writings[0];
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

function roundPhases(printed) {
  return {
    seconds: Object.fromEntries(Object.entries(printed.seconds).map(([k, v]) => [k, round(v)])),
    fontFiles: printed.fonts.files,
    fontMB: round(printed.fonts.bytes / MB, 2),
    otherCpuSeconds: printed.otherCpuSeconds === null ? null : round(printed.otherCpuSeconds, 2),
  };
}

/** Seconds per 100 pages per size, and the slope between consecutive sizes, per writing mode. */
function linearity(builds) {
  const rows = [];
  for (const writing of new Set(builds.map((b) => b.writing))) {
    const generated = builds.filter((b) => b.writing === writing && b.targetPages !== null).sort((a, b) => a.pages - b.pages);
    const perSize = generated.map((b) => ({ book: b.book, pages: b.pages, secondsPer100Pages: b.secondsPer100Pages, bareSecondsPer100Pages: b.bare ? round((b.bare.seconds / b.pages) * 100) : null }));
    const slopes = [];
    for (let i = 1; i < generated.length; i += 1) {
      const [a, b] = [generated[i - 1], generated[i]];
      slopes.push({
        from: a.book,
        to: b.book,
        secondsPer100Pages: round(((b.totalSeconds - a.totalSeconds) / (b.pages - a.pages)) * 100),
        bareSecondsPer100Pages: a.bare && b.bare ? round(((b.bare.seconds - a.bare.seconds) / (b.pages - a.pages)) * 100) : null,
      });
    }
    rows.push({ writing, perSize, slopes });
  }
  return rows;
}

/** The issue's targets, reported (never asserted). */
function targetChecks(builds, sizes, peers = null) {
  const checks = builds
    .filter((b) => b.bare)
    .map((b) => ({ target: `build ≤ ${TARGETS.ratio}× bare print`, book: b.book, writing: b.writing, value: b.bare.ratio, met: b.bare.ratio <= TARGETS.ratio }));
  const largest = Math.max(...sizes);
  const big = builds.find((b) => b.targetPages === largest && b.writing === 'vertical');
  if (big && largest >= 1000) {
    checks.push({ target: `${largest} pages vertical ≤ ${TARGETS.seconds1000Vertical} s`, book: big.book, writing: 'vertical', value: big.totalSeconds, met: big.totalSeconds <= TARGETS.seconds1000Vertical });
    if (big.memory) checks.push({ target: `${largest} pages vertical < 1.2 GB (node + Chromium PSS)`, book: big.book, writing: 'vertical', value: big.memory.sumPeakMB, met: big.memory.sumPeakMB < TARGETS.memory1000VerticalMB });
  }
  for (const sample of builds.filter((b) => b.book === 'sample')) {
    checks.push({ target: `sample ≤ ${TARGETS.sampleSeconds} s`, book: 'sample', writing: sample.writing, value: sample.totalSeconds, met: sample.totalSeconds <= TARGETS.sampleSeconds });
  }
  for (const peer of peers?.books ?? []) {
    if (peer.ratio !== null) checks.push({ target: 'faster than pandoc + XeLaTeX', book: peer.book, writing: 'horizontal', value: peer.ratio, met: peer.ratio < 1 });
  }
  return checks;
}

const pad = (value, width) => String(value ?? '–').padStart(width);
const fixed = (value, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The report as text tables. */
export function formatReport(report) {
  const lines = [];
  const stageNames = [...new Set(report.builds.flatMap((b) => b.stageOrder))];
  const short = { manuscripts: 'manus', transform: 'transf', 'pass 1': 'pass1', 'pass 2+': 'pass2+', booklet: 'bookl', archive: 'archiv', [OTHER_STAGE]: 'other' };
  const head = ['book', 'mode', 'pages', 'P', ...stageNames.map((s) => short[s] ?? s), 'total', 'bare', '×bare', 's/100p'];
  const widths = [6, 4, 5, 1, ...stageNames.map(() => 6), 6, 5, 5, 6];
  const row = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : pad(c, widths[i]))).join(' ');
  lines.push(`Wall seconds per stage (P = passes; bare = one printPdf of the final HTML, same warm Chromium)`);
  lines.push(row(head));
  for (const b of report.builds) {
    lines.push(row([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map((s) => fixed(b.stages[s])), fixed(b.totalSeconds), fixed(b.bare?.seconds), fixed(b.bare?.ratio, 1), fixed(b.secondsPer100Pages)]));
  }
  if (report.builds.some((b) => b.stagesCpu && Object.keys(b.stagesCpu).length)) {
    lines.push('');
    lines.push('Node CPU seconds per stage (its own threads; Chromium and mutool not included): the profile on a busy machine');
    lines.push(row(head.slice(0, -4).concat(['', '', '', ''])));
    for (const b of report.builds) {
      lines.push(row([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map((s) => fixed(b.stagesCpu?.[s])), '', '', '', '']));
    }
  }
  if (report.builds.some((b) => b.stagesMemory && Object.keys(b.stagesMemory).length)) {
    lines.push('');
    lines.push('Peak memory per stage, MB, node + Chromium (PSS at one instant, from the stage before\'s end to this one\'s; the layout');
    lines.push('lint runs beside the print-shop outputs and counts in theirs): where the memory goes');
    const memoryRow = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : pad(c, i < 4 ? widths[i] : 9))).join(' ');
    lines.push(memoryRow(head.slice(0, 4 + stageNames.length)));
    for (const b of report.builds) {
      const cell = (s) => (b.stagesMemory?.[s] ? `${Math.round(b.stagesMemory[s].nodeMB)}+${Math.round(b.stagesMemory[s].chromiumMB)}` : '–');
      lines.push(memoryRow([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map(cell)]));
    }
  }
  lines.push('');
  lines.push('Size, peak memory (MB: node = its PSS, chrom = summed PSS of Chromium\'s processes, tools = other programs the build');
  lines.push('runs, sum = all at one instant; procs = Chromium processes),');
  lines.push('CPU seconds (cpu = node and every process it started; others = every other process meanwhile: competition for the cores);');
  lines.push('pdf-lib load = PDFDocument.load of the bare print\'s PDF (each pass does one)');
  const head2 = ['book', 'mode', 'pages', 'PDF MB', 'node', 'chrom', 'tools', 'sum', 'procs', 'cpu', 'others', 'bare chrom', 'bare cpu', 'bare others', 'pdf-lib load'];
  const widths2 = [6, 4, 5, 6, 6, 6, 5, 6, 5, 6, 6, 10, 8, 11, 12];
  const row2 = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths2[i]) : pad(c, widths2[i]))).join(' ');
  lines.push(row2(head2));
  for (const b of report.builds) {
    lines.push(
      row2([
        b.book,
        b.writing === 'vertical' ? 'vert' : 'hor',
        b.pages,
        fixed(b.pdfMB, 1),
        b.memory?.nodePeakMB,
        b.memory?.chromiumPeakMB,
        b.memory?.toolsPeakMB,
        b.memory?.sumPeakMB,
        b.memory?.processes,
        fixed(b.cpu?.seconds, 1),
        fixed(b.cpu?.otherSeconds, 1),
        b.bare?.chromiumPeakMB,
        fixed(b.bare?.cpuSeconds, 1),
        fixed(b.bare?.otherCpuSeconds, 1),
        fixed(b.bare?.pdfLibLoadSeconds),
      ]),
    );
  }
  if (report.builds.some((b) => b.fonts)) {
    lines.push('');
    lines.push('Font loading: the bare print again, phase by phase (s: context / load / fonts / pdf / close = total), with all');
    lines.push('@font-face rules, with only the rules whose unicode-range the text uses, and with none (system fonts: a bound, not a usable PDF)');
    for (const b of report.builds.filter((x) => x.fonts)) {
      const f = b.fonts;
      const phases = (p) => `${[p.context, p.load, p.fonts, p.pdf, p.close].map((v) => fixed(v)).join(' / ')} = ${fixed(p.total)}`;
      lines.push(`  ${b.book.padEnd(6)} ${(b.writing === 'vertical' ? 'vert' : 'hor').padEnd(4)} all ${f.rulesAll}: ${phases(f.all.seconds)} | used ${f.rulesUsed} (${f.used.fontFiles} files, ${fixed(f.used.fontMB, 1)} MB): ${phases(f.used.seconds)} | none: ${phases(f.none.seconds)}`);
    }
  }
  if (report.linearity.length) {
    lines.push('');
    lines.push('Linearity: seconds per 100 pages (build | bare), and the slope between sizes');
    for (const l of report.linearity) {
      const per = l.perSize.map((p) => `${p.pages} pp ${fixed(p.secondsPer100Pages)}|${fixed(p.bareSecondsPer100Pages)}`).join('  ');
      const slopes = l.slopes.map((s) => `${s.from}→${s.to} ${fixed(s.secondsPer100Pages)}|${fixed(s.bareSecondsPer100Pages)}`).join('  ');
      lines.push(`  ${l.writing.padEnd(10)} ${per}${slopes ? `   slope ${slopes}` : ''}`);
    }
  }
  lines.push('');
  const launch = report.launch;
  lines.push(`Chromium launch ${fixed(launch?.seconds)} s${launch?.launchCloseSeconds ? `; launch+close ${launch.launchCloseSeconds.map((s) => fixed(s)).join(', ')} s` : ''}; first build in the process ${fixed(report.warmup?.seconds)} s`);
  for (const f of report.fresh) {
    lines.push(`Fresh browser per build: ${f.book} ${f.writing} ${fixed(f.freshSeconds)} s (launch ${fixed(f.launchSeconds)} + build ${fixed(f.buildSeconds)} + close ${fixed(f.closeSeconds)}) vs warm ${fixed(f.warmSeconds)} s (${f.extraSeconds >= 0 ? '+' : ''}${fixed(f.extraSeconds)} s); CPU ${fixed(f.cpuSeconds, 1)} vs ${fixed(f.warmCpuSeconds, 1)} s`);
  }
  if (report.peers) {
    lines.push('');
    if (!report.peers.versions) lines.push('Peers: pandoc or xelatex not installed (scripts/bench/setup-peers.sh).');
    else {
      lines.push(`Peers (horizontal, same manuscripts; ${report.peers.versions.pandoc}, ${report.peers.versions.xelatex}): whole paiban build vs pandoc --pdf-engine=xelatex`);
      for (const p of report.peers.books) {
        lines.push(`  ${p.book.padEnd(6)} pandoc+XeLaTeX ${pad(p.pages, 5)} pp ${fixed(p.seconds)} s (cpu ${fixed(p.cpuSeconds, 1)}, others ${fixed(p.otherCpuSeconds, 1)}) | paiban ${pad(p.paibanPages, 5)} pp ${fixed(p.paibanSeconds)} s | paiban/pandoc ×${fixed(p.ratio)}`);
      }
    }
  }
  lines.push('');
  lines.push('Targets (reported, not asserted):');
  for (const c of report.checks) lines.push(`  ${c.met ? 'met ' : 'MISS'} ${c.target}: ${c.book} ${c.writing} ${c.value}`);
  lines.push(`Bench took ${fixed(report.seconds, 1)} s; node maxRSS ${report.nodeMaxRssMB} MB; ${report.memorySampling ? 'memory sampled every 100 ms from /proc' : 'no /proc: memory not sampled'}.`);
  if (report.file) lines.push(`Wrote ${path.relative(process.cwd(), report.file) || report.file}`);
  return lines.join('\n');
}

const HELP = `Usage: node --expose-gc scripts/bench/bench.mjs [options]   (after npx tsc -p tsconfig.build.json)
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
  --peers                 also build each generated book with pandoc + XeLaTeX (horizontal; needs
                          scripts/bench/setup-peers.sh) and print the ratio`;

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n`);
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
  main().catch((error) => {
    process.stderr.write(`bench: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
