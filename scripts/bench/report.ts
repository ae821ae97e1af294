// The bench's report (out/bench.json): its shape, the stages and targets it names, and the summaries
// drawn from the builds (linearity, the targets met or missed).
import type { PhasedPrint } from './phases.js';
import type { PeerVersions } from './peers.js';

export type Writing = 'horizontal' | 'vertical';

/** Stages every build reports (the last pass is reported as "pass N"; here it is "pass 2+"). */
export const CORE_STAGES: readonly string[] = ['config', 'check', 'manuscripts', 'transform', 'pass 1', 'pass 2+', 'finish'];
/** Stages of the production outputs, when book.yaml's output.formats asks for them. */
export const PRODUCTION_STAGES: Readonly<Record<string, string>> = { cover: 'cover', booklet: 'booklet', archive: 'archive', print: 'print' };
/** After the last stage: manifest, moving outputs into place, cleanup. */
export const OTHER_STAGE = 'other';

export const TARGETS = { ratio: 1.5, seconds1000Vertical: 15, memory1000VerticalMB: 1229, sampleSeconds: 3 };

export const MB = 1024 * 1024;
/** Rounded to `digits` decimals (NaN and infinities as they are). */
export const round = (value: number, digits = 3): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) + 0 : value); // + 0: no -0
export const kbToMB = (kb: number): number => round(kb / 1024, 1);

export interface PrintPhases {
  seconds: PhasedPrint['seconds'];
  fontFiles: number;
  fontMB: number;
  /** CPU seconds other processes used meanwhile (null without /proc). */
  otherCpuSeconds: number | null;
}

/** Peak MB (PSS) of one stage: node, Chromium, other tools, all at one instant. */
export interface StageMemory {
  nodeMB: number;
  chromiumMB: number;
  toolsMB: number;
  sumMB: number;
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
  /** Peak memory from the previous stage's end to this one's. */
  stagesMemory: Record<string, StageMemory>;
  stageOrder: string[];
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
  idleWait: IdleWait | null;
  /** One printPdf of the final HTML on the same warm browser; pdfLibLoadSeconds: PDFDocument.load of its PDF. */
  bare: { seconds: number; pdfMB: number; chromiumPeakMB: number | null; cpuSeconds: number | null; otherCpuSeconds: number | null; ratio: number; pdfLibLoadSeconds: number } | null;
  /** The bare print by phases: all @font-face rules, only the used ones, none (system fonts; a bound). */
  fonts: { rulesAll: number; rulesUsed: number; all: PrintPhases; used: PrintPhases; none: PrintPhases; savedSeconds: number; ratio: number } | null;
  notes: string[];
  /** Seconds of the first pass and of the later ones (none when the TOC needed no second print: JSON drops them). */
  passSeconds: { first: number | undefined; later: number | undefined; perLaterPass: number };
}

/** With --wait-idle: how long the bench waited for other work to stop, and the load it saw then. */
export interface IdleWait {
  waitedSeconds: number;
  busyCoresBefore: number;
}

/** The same build with a browser launched for it and closed after it (freshSeconds includes both). */
export interface FreshRecord {
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
}

export interface Linearity {
  writing: Writing;
  perSize: { book: string; pages: number; secondsPer100Pages: number; bareSecondsPer100Pages: number | null }[];
  slopes: { from: string; to: string; secondsPer100Pages: number; bareSecondsPer100Pages: number | null }[];
}

export interface TargetCheck {
  target: string;
  book: string;
  writing: Writing;
  value: number;
  met: boolean;
}

/** pandoc + XeLaTeX on one generated book, beside paiban's build of it. */
export interface PeerRecord {
  book: string;
  pages: number;
  seconds: number;
  cpuSeconds: number | null;
  otherCpuSeconds: number | null;
  idleWait: IdleWait | null;
  paibanPages: number | null;
  paibanSeconds: number | null;
  ratio: number | null;
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryMB: number; node: string; chromium: string; loadAverageAtStart: number[] };
  options: { quick: boolean; sizes: number[]; writings: Writing[]; fresh: boolean; fonts: boolean; waitIdle: number; peers: boolean; rebuild: boolean };
  targets: typeof TARGETS;
  launch: { seconds: number; launchCloseSeconds?: number[] } | null;
  builds: BuildRecord[];
  /** The process's first build (JIT, Chromium's first renderer), kept out of the table. */
  warmup: { book: string; writing: Writing; seconds: number } | null;
  fresh: FreshRecord[];
  linearity: Linearity[];
  checks: TargetCheck[];
  /** pandoc + XeLaTeX on the generated books (--peers); versions null when not installed. */
  peers: { versions: PeerVersions | null; books: PeerRecord[] } | null;
  seconds: number;
  memorySampling: boolean;
  nodeMaxRssMB: number;
  /** Where the report was written. */
  file?: string;
}

/** A phased print with its seconds rounded, and its fonts in files and MB. */
export function roundPhases(printed: PhasedPrint & { otherCpuSeconds: number | null }): PrintPhases {
  const { context, load, fonts, pdf, close, total } = printed.seconds;
  return {
    seconds: { context: round(context), load: round(load), fonts: round(fonts), pdf: round(pdf), close: round(close), total: round(total) },
    fontFiles: printed.fonts.files,
    fontMB: round(printed.fonts.bytes / MB, 2),
    otherCpuSeconds: printed.otherCpuSeconds === null ? null : round(printed.otherCpuSeconds, 2),
  };
}

/** Seconds per 100 pages per size, and the slope between consecutive sizes, per writing mode. */
export function linearity(builds: readonly BuildRecord[]): Linearity[] {
  const rows: Linearity[] = [];
  for (const writing of new Set(builds.map((b) => b.writing))) {
    const generated = builds.filter((b) => b.writing === writing && b.targetPages !== null).sort((a, b) => a.pages - b.pages);
    const perSize = generated.map((b) => ({ book: b.book, pages: b.pages, secondsPer100Pages: b.secondsPer100Pages, bareSecondsPer100Pages: b.bare ? round((b.bare.seconds / b.pages) * 100) : null }));
    const slopes: Linearity['slopes'] = [];
    for (const [i, b] of generated.entries()) {
      const a = generated[i - 1];
      if (!a) continue;
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

/** The targets, reported (never asserted). */
export function targetChecks(builds: readonly BuildRecord[], sizes: readonly number[], peers: BenchReport['peers'] = null): TargetCheck[] {
  const checks = builds.flatMap((b): TargetCheck[] => (b.bare ? [{ target: `build ≤ ${TARGETS.ratio}× bare print`, book: b.book, writing: b.writing, value: b.bare.ratio, met: b.bare.ratio <= TARGETS.ratio }] : []));
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
