/**
 * The bench (scripts/bench/run.ts) at its smallest: a two-chapter book written here and one small
 * generated book, built with the TypeScript sources. Checks that the report is complete and
 * well-formed, never how fast anything was (timings depend on the machine); the timeout is generous
 * so that a busy machine slows the test down without failing it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../scripts/bench/bench.js';
import { generateBook } from '../scripts/bench/generate.js';
import { ESSAYS } from './helpers/essays.js';
import { keepUsedFontFaces, parseUnicodeRange } from '../scripts/bench/fonts.js';
import { formatReport } from '../scripts/bench/format.js';
import { CORE_STAGES, OTHER_STAGE, PRODUCTION_STAGES, type BenchReport } from '../scripts/bench/report.js';
import { runBench, type BenchLib } from '../scripts/bench/run.js';
import { buildBook } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import { loadManuscripts } from '../src/manuscript/load.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { isAllowedUrl, printPdf } from '../src/pdf/print.js';
import { transformManuscripts } from '../src/pipeline/transform.js';
import { runningHeads } from '../src/render/book.js';
import { fontDirs } from '../src/render/fonts.js';
import { marginBoxText } from '../src/render/page-rules.js';

const lib: BenchLib = { buildBook, launchChromium, printPdf, isAllowedUrl, loadConfig, loadManuscripts, transformManuscripts, runningHeads, marginBoxText, fontDirs };
let dir: string;
let report: BenchReport;
let json: BenchReport;
let formats: string[];

/** A book of two short chapters: the bench's "sample" here, and the source of its generated book. */
async function writeTinyBook(book: string): Promise<void> {
  await mkdir(path.join(book, 'manuscripts'), { recursive: true });
  await writeFile(path.join(book, 'book.yaml'), 'title: 小样\ndate: 2024-12-31\noutput:\n  name: tiny\n  formats: [pdf, html]\n');
  const paragraph = '回眸这一年，政协委员们深入基层，倾听民声，把群众的期盼写进提案，把协商的成果落到实处。'.repeat(3);
  for (const [index, title] of ['第一章', '第二章'].entries()) {
    const body = ['## 一节', paragraph, paragraph, '## 二节', paragraph].join('\n\n');
    await writeFile(path.join(book, 'manuscripts', `${index + 1}.md`), `---\ntitle: ${title}\norder: ${index + 1}\n---\n\n${body}\n`);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-bench-test-'));
  const sampleDir = path.join(dir, 'tiny');
  await writeTinyBook(sampleDir);
  formats = (await loadConfig(sampleDir)).config.output.formats;
  report = await runBench(
    { quick: true, sampleDir, sizes: [20], writings: ['horizontal'], out: path.join(dir, 'bench.json'), fresh: true, freshBooks: 1, fonts: true, warmup: false },
    lib,
    () => {},
  );
  json = JSON.parse(await readFile(path.join(dir, 'bench.json'), 'utf8')) as BenchReport;
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

describe('bench on a tiny book', () => {
  it('builds the book and the generated book and writes them to the JSON report', () => {
    expect(json.builds.map((b) => b.book)).toEqual(['sample', '20']);
    expect(json.builds.every((b) => b.writing === 'horizontal')).toBe(true);
    // As JSON writes it (a one-pass build has no later-pass time: NaN and undefined become null or go).
    expect(json.builds).toEqual(JSON.parse(JSON.stringify(report.builds)));
  });

  it('reports every stage of every build, in seconds', () => {
    const production = Object.keys(PRODUCTION_STAGES).filter((format) => formats.includes(format));
    for (const build of json.builds) {
      // A book whose TOC needs no second print has no "pass 2+" stage.
      for (const stage of [...CORE_STAGES.filter((stage) => stage !== 'pass 2+' || build.passes > 1), ...production, OTHER_STAGE]) {
        expect(build.stages, `${build.book}: ${stage}`).toHaveProperty([stage]);
        expect(finite(build.stages[stage]) && build.stages[stage]! >= 0, `${build.book}: ${stage}`).toBe(true);
      }
      expect(build.stageOrder).toEqual(Object.keys(build.stages));
      expect(finite(build.totalSeconds) && build.totalSeconds > 0).toBe(true);
    }
  });

  it('counts pages, passes, bytes and memory', () => {
    const [sample, generated] = json.builds;
    expect(sample!.pages).toBeGreaterThan(0);
    expect(generated!.pages).toBeGreaterThan(0);
    expect(generated!.chapters).toBeGreaterThanOrEqual(2);
    for (const build of json.builds) {
      expect(build.passes).toBeGreaterThanOrEqual(1);
      expect(build.pdfBytes).toBeGreaterThan(0);
      expect(finite(build.secondsPer100Pages)).toBe(true);
      if (json.memorySampling) {
        expect(build.memory!.nodePeakMB).toBeGreaterThan(0);
        expect(build.memory!.chromiumPeakMB).toBeGreaterThan(0);
        expect(build.memory!.sumPeakMB).toBeGreaterThanOrEqual(build.memory!.chromiumPeakMB);
        expect(build.memory!.processes).toBeGreaterThan(0);
        expect(finite(build.cpu!.seconds)).toBe(true);
        // Per stage: every stage the build reported, none above the build's own peak (they are its windows).
        expect(Object.keys(build.stagesMemory)).toEqual(build.stageOrder.filter((stage) => stage !== 'other'));
        const stagePeaks = Object.values(build.stagesMemory).map((m) => m.sumMB);
        expect(Math.max(...stagePeaks)).toBeLessThanOrEqual(build.memory!.sumPeakMB);
        expect(build.stagesMemory['pass 1']!.chromiumMB).toBeGreaterThan(0);
      }
    }
  });

  it('compares each build with a bare print of its HTML: finite ratios', () => {
    for (const build of json.builds) {
      expect(build.bare, build.book).not.toBeNull();
      expect(finite(build.bare!.seconds) && build.bare!.seconds > 0).toBe(true);
      expect(finite(build.bare!.ratio) && build.bare!.ratio > 0).toBe(true);
      expect(build.fonts!.rulesUsed).toBeGreaterThan(0);
      expect(build.fonts!.rulesUsed).toBeLessThanOrEqual(build.fonts!.rulesAll);
      expect(finite(build.fonts!.ratio) && build.fonts!.ratio > 0).toBe(true);
      expect(build.fonts!.used.fontFiles).toBeGreaterThan(0);
      for (const phase of Object.values(build.fonts!.all.seconds)) expect(finite(phase)).toBe(true);
    }
    expect(json.fresh.map((f) => f.book)).toEqual(['sample']);
    for (const fresh of json.fresh) expect(finite(fresh.freshSeconds) && finite(fresh.extraSeconds)).toBe(true);
    expect(json.linearity[0]!.perSize).toHaveLength(1);
    expect(json.checks.every((check) => finite(check.value) && typeof check.met === 'boolean')).toBe(true);
  });

  it('prints the table', () => {
    const text = formatReport(report);
    expect(text).toContain('pass1');
    expect(text).toMatch(/^sample +hor +\d+ \d/m);
    expect(text).not.toContain('NaN');
  });
});

describe('bench helpers', () => {
  it('parses its options', () => {
    expect(parseArgs(['--quick'])).toMatchObject({ quick: true, sizes: [100], writings: ['horizontal', 'vertical'] });
    expect(parseArgs(['--sizes', '100,500', '--writing', 'vertical'])).toMatchObject({ sizes: [100, 500], writings: ['vertical'] });
    expect(() => parseArgs(['--writing', 'diagonal'])).toThrow(/diagonal/);
    expect(() => parseArgs(['--sizes'])).toThrow(/value/);
    expect(parseArgs([]).yearbook).toBe(false);
    expect(parseArgs(['--yearbook']).yearbook).toBe(true);
  });

  it('generates the books as two-column yearbooks with --yearbook: every chapter a 类目 of a kind: yearbook book', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-bench-yearbook-'));
    try {
      const chapters = await generateBook(ESSAYS, dir, { pages: 100, name: 'y', yearbook: true });
      expect(chapters).toBe(24);
      const { config } = await loadConfig(dir);
      expect([config.kind, config.page.size.widthMm, config.fonts.size, config.layout.columns]).toEqual(['yearbook', 210, 9, 2]);
      const manuscripts = await loadManuscripts(dir, config);
      expect(manuscripts).toHaveLength(24);
      expect(new Set(manuscripts.map((m) => m.meta.role))).toEqual(new Set(['part']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps only the @font-face rules whose unicode-range the text uses', () => {
    expect(parseUnicodeRange('U+4e00-4e0f, U+3000,U+30??')).toEqual([[0x4e00, 0x4e0f], [0x3000, 0x3000], [0x3000, 0x30ff]]);
    const face = (range: string) => `@font-face {\n  font-family: 'X';\n  unicode-range: ${range};\n}\n`;
    const html = `<style>${face('U+4e00-4e0f')}${face('U+5000-5fff')}${face('U+0-7f')}</style><p>丁</p>`;
    const reduced = keepUsedFontFaces(html);
    expect([reduced.rulesBefore, reduced.rulesAfter]).toEqual([3, 2]);
    expect(reduced.html).not.toContain('U+5000');
    expect(keepUsedFontFaces(html, '平').rulesAfter).toBe(3);
  });
});
