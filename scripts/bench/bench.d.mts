// Types of bench.mjs, for test/bench.smoke.test.ts under `tsc -p tsconfig.json` (strict).
import type { Browser } from 'playwright-core';

export type Writing = 'horizontal' | 'vertical';

export interface BenchOptions {
  quick?: boolean;
  /** Generated book sizes in A5 pages. */
  sizes?: number[];
  writings?: Writing[];
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
  /** The sample book folder (default: the repository). */
  sampleDir?: string;
  /** Also build each generated book with pandoc + XeLaTeX, horizontal (default false). */
  peers?: boolean;
  /** Time a rebuild into an output folder that holds the last build (default false: a first build). */
  rebuild?: boolean;
}

/** The paiban functions the bench drives: from dist/ (loadDistLib) or from src/. */
export interface BenchLib {
  buildBook: (dir: string, options: any) => Promise<any>;
  launchChromium: () => Promise<Browser>;
  printPdf: (browser: Browser, htmlFile: string, options: any) => Promise<{ pdf: Uint8Array; blocked: string[] }>;
  isAllowedUrl: (url: string, allowedDirs: readonly string[]) => boolean;
  loadConfig: (dir: string) => Promise<any>;
  loadManuscripts: (dir: string, config: any, configFile?: string) => Promise<any[]>;
  transformManuscripts: (manuscripts: any[], dir: string) => Promise<any[]>;
  runningHeads: (chapters: readonly any[]) => any[];
  marginBoxText: (config: any, heads: readonly any[]) => { font: string; text: string };
  fontDirs: (families: readonly any[]) => string[];
}

export interface PrintPhases {
  seconds: { context: number; load: number; fonts: number; pdf: number; close: number; total: number };
  fontFiles: number;
  fontMB: number;
  /** CPU seconds other processes used meanwhile (null without /proc). */
  otherCpuSeconds: number | null;
}

export interface BuildRecord {
  book: string;
  targetPages: number | null;
  chapters: number;
  writing: Writing;
  pages: number;
  passes: number;
  /** With --rebuild: the untimed first build into the same output folder. */
  firstBuild: { seconds: number; passes: number } | null;
  /** Wall seconds per stage, as onProgress reported them ("pass 2+" = every pass after the first; "other" = after the last stage). */
  stages: Record<string, number>;
  /** Node's own CPU seconds per stage (all its threads), when the build reports them. */
  stagesCpu: Record<string, number>;
  /** Peak MB (PSS) from the previous stage's end to this one's: node, Chromium, other tools, all at one instant. */
  stagesMemory: Record<string, { nodeMB: number; chromiumMB: number; toolsMB: number; sumMB: number }>;
  stageOrder: string[];
  passSeconds: { first: number; later: number; perLaterPass: number };
  totalSeconds: number;
  wallSeconds: number;
  secondsPer100Pages: number;
  pdfBytes: number;
  pdfMB: number;
  memory: {
    nodePeakMB: number;
    nodeRssPeakMB: number;
    /** Summed PSS of the Chromium processes (descendants named chrom*). */
    chromiumPeakMB: number;
    /** Summed PSS of the other programs the build ran (e.g. mutool for the layout checks), and their names. */
    toolsPeakMB: number;
    tools: string[];
    /** node + Chromium + tools at one instant. */
    sumPeakMB: number;
    processes: number;
    samples: number;
    samplerBusySeconds: number;
    /** Time between samples: 0.1 s, longer while smaps_rollup is slow (the sampler keeps to ≤ 10% of a core). */
    meanIntervalSeconds: number;
  } | null;
  cpu: { seconds: number; otherSeconds: number } | null;
  idleWait: { waitedSeconds: number; busyCoresBefore: number } | null;
  /** One printPdf of the final HTML on the same warm browser; pdfLibLoadSeconds: PDFDocument.load of its PDF. */
  bare: { seconds: number; pdfMB: number; chromiumPeakMB: number | null; cpuSeconds: number | null; otherCpuSeconds: number | null; ratio: number; pdfLibLoadSeconds: number } | null;
  /** The bare print by phases: all @font-face rules, only the used ones, none (system fonts; a bound). */
  fonts: { rulesAll: number; rulesUsed: number; all: PrintPhases; used: PrintPhases; none: PrintPhases; savedSeconds: number; ratio: number } | null;
  notes: string[];
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryMB: number; node: string; chromium: string; loadAverageAtStart: number[] };
  options: { quick: boolean; sizes: number[]; writings: Writing[]; fresh: boolean; fonts: boolean; waitIdle: number; peers: boolean; rebuild: boolean };
  targets: { ratio: number; seconds1000Vertical: number; memory1000VerticalMB: number; sampleSeconds: number };
  launch: { seconds: number; launchCloseSeconds?: number[] } | null;
  warmup: { book: string; writing: Writing; seconds: number } | null;
  builds: BuildRecord[];
  /** The same build with a browser launched for it and closed after it (freshSeconds includes both). */
  fresh: {
    book: string;
    writing: Writing;
    pages: number;
    freshSeconds: number;
    launchSeconds: number;
    buildSeconds: number;
    closeSeconds: number;
    stages: Record<string, number>;
    warmSeconds: number | null;
    extraSeconds: number | null;
    chromiumPeakMB: number | null;
    cpuSeconds: number | null;
    warmCpuSeconds: number | null;
    otherCpuSeconds: number | null;
  }[];
  linearity: {
    writing: Writing;
    perSize: { book: string; pages: number; secondsPer100Pages: number; bareSecondsPer100Pages: number | null }[];
    slopes: { from: string; to: string; secondsPer100Pages: number; bareSecondsPer100Pages: number | null }[];
  }[];
  checks: { target: string; book: string; writing: Writing; value: number; met: boolean }[];
  /** pandoc + XeLaTeX on the generated books (--peers); versions null when not installed. */
  peers: {
    versions: { pandoc: string; xelatex: string } | null;
    books: { book: string; pages: number; seconds: number; cpuSeconds: number | null; otherCpuSeconds: number | null; paibanPages: number | null; paibanSeconds: number | null; ratio: number | null }[];
  } | null;
  nodeMaxRssMB: number;
  seconds: number;
  memorySampling: boolean;
  file?: string;
}

export const CORE_STAGES: readonly string[];
export const PRODUCTION_STAGES: Readonly<Record<string, string>>;
export const OTHER_STAGE: string;
export const TARGETS: BenchReport['targets'];
export const DEFAULT_SIZES: readonly number[];
export const QUICK_SIZES: readonly number[];
export const WRITINGS: readonly Writing[];

export function parseArgs(argv: readonly string[]): Required<Pick<BenchOptions, 'quick' | 'sizes' | 'writings' | 'fresh' | 'fonts' | 'keep' | 'waitIdle' | 'peers' | 'rebuild'>> & { out: string; help?: boolean };
export function loadDistLib(repo?: string): Promise<BenchLib>;
export function runBench(options: BenchOptions, lib: BenchLib, log?: (line: string) => void): Promise<BenchReport>;
export function formatReport(report: BenchReport): string;
