import { existsSync, statSync } from 'node:fs';
import { isSymlinkSync } from '../files/paths.js';
import { regularBookFileSync } from '../files/read.js';
import { describeTypeArea, typeArea } from '../config/grid.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { buildManifest, serializeManifest } from '../archive/manifest.js';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../config/load.js';
import type { BookConfig } from '../config/schema.js';
import { loadManuscripts, type Manuscript } from '../manuscript/load.js';
import { checkBook, countProblems } from '../check/check-book.js';
import type { VFile } from 'vfile';
import { transformManuscripts, type Chapter } from '../pipeline/transform.js';
import { collectIndex } from '../book-index/collect.js';
import { resolveRefs } from '../book-index/refs.js';
import { INDEX_ID } from '../render/index-pages.js';
import { plateGeometry } from '../pipeline/plate-geometry.js';
import { sourceImages } from '../pipeline/image-pixels.js';
import { platePages } from '../render/plates.js';
import { bookTocEntries, chapterLayout, loadShell, runningHeads, splitPreface, type BookContent, type Pagination } from '../render/book.js';
import { marginBoxText } from '../render/page-rules.js';
import { pruneFontCache } from '../fonts/subset.js';
import { subsetSfnt } from '../fonts/harfbuzz.js';
import { prepareFonts } from './fonts.js';
import { destinationPoint, type NamedDestination } from '../pdf/dests.js';
import { Printer } from '../pdf/printer.js';
import { WarmPrintPage } from '../pdf/print.js';
import { lintLayout } from '../proof/layout-lint.js';
import { PAGE_BREAK_ID } from '../pipeline/section-ids.js';
import { writeOutline, type OutlineItem } from '../pdf/outline.js';
import { buildDate, writeMetadata, writePageLabels, writeViewerPreferences, type PdfMetadata } from '../pdf/metadata.js';
import { MAX_SOURCE_BYTES, printCover, writeProductionOutputs } from './production.js';
import { preparePress } from '../press/press.js';
import { extendImagesIntoBleed } from '../press/bleed-images.js';
import { Staging } from '../files/staging.js';
import { readableFolders } from '../files/write.js';
import { PaibanError } from '../util/errors.js';
import { drawRunningHeads, yearbookHeads, type ChapterPages, type SectionStart } from './running-heads.js';
import { bookFaces } from '../fonts/faces.js';
import { MARGIN_BOX_WEIGHT } from '../render/page-rules.js';
import type { PDFDocument } from 'pdf-lib';
import { printBookOnce } from './print-book.js';
import { layoutCacheFile, readLayoutCache, writeLayoutCache } from './layout-cache.js';
import { PAIBAN_VERSION } from '../util/package.js';
import { TOC_ID, type TocEntry } from '../render/toc.js';

export interface ProgressEvent {
  stage: string;
  detail: string;
  seconds: number;
  /** CPU seconds of this process (all its threads; not Chromium's) since the last event: the bench's profile on a busy machine. */
  cpuSeconds?: number;
}

export interface BuildOptions {
  /** Overrides book.yaml's `writing` (the CLI's --writing). */
  writing?: 'horizontal' | 'vertical';
  /** Where outputs go; default `<book>/out`. */
  outDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Reuse a running browser (tests, preview); otherwise one is launched and closed. */
  browser?: Browser;
  onProgress?: (event: ProgressEvent) => void;
  /** The manuscript checks' report, when there is anything in it (the build stops on its errors). */
  onCheckReport?: (files: VFile[]) => void;
  /** Overrides book.yaml's output formats (the preview needs only the pdf). */
  formats?: BookConfig['output']['formats'];
  /** Check the printed pages (fallback fonts, overflow, headings at the foot, 孤字, …); default true. */
  lint?: boolean;
  /** Kept between builds of one book (preview, watch): lets a rebuild start from the last pagination. */
  cache?: BuildCache;
  /** A draft (the preview, `build --draft`): a figure whose picture is missing prints as a framed placeholder, not an error. */
  draft?: boolean;
}

export interface BuildCache {
  pagination?: Pagination;
  /** The print page kept open between builds, when the caller keeps the browser too (preview). */
  warm?: WarmPrintPage;
}

export interface BuildResult {
  pdfFile: string;
  htmlFile: string;
  /** Files moved into the output folder. */
  outputs: string[];
  pages: number;
  bytes: number;
  seconds: number;
  /** Print passes it took for the TOC numbers to settle (2 normally). */
  passes: number;
  /** Physical page (1-based) of each chapter's start, by chapter id; of the TOC (TOC_ID) when chapters stand before it, of the index (INDEX_ID). */
  chapterPages: Map<string, number>;
  /** Requests Chromium wanted to make and was refused. */
  blocked: string[];
  /** Notes worth telling the user (e.g. a non-reproducible date). */
  notes: string[];
  /** The layout checks' warnings, on the manuscripts (and the PDF for page-level ones). */
  layout: VFile[];
}

/** Builds a book folder into out/<name>.pdf and out/<name>.html. Stages: config → manuscripts → transform → HTML → print ×2 → finish. */
export async function buildBook(bookDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  let mark = started;
  let cpuMark = process.cpuUsage();
  const progress = (stage: string, detail: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    options.onProgress?.({ stage, detail, seconds: (now - mark) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    mark = now;
    cpuMark = process.cpuUsage();
  };
  const env = options.env ?? process.env;
  const notes: string[] = [];

  const loaded = await loadConfig(bookDir);
  const { bookDir: dir, file: configFile } = loaded;
  const config: BookConfig = {
    ...loaded.config,
    ...(options.writing ? { writing: options.writing } : {}),
    ...(options.formats ? { output: { ...loaded.config.output, formats: options.formats } } : {}),
  };
  progress('config', `${path.relative(process.cwd(), configFile) || configFile} · ${config.title} · ${config.page.size.name} ${config.writing} · ${describeTypeArea(typeArea(config))}`);

  const checked = await checkBook(dir, config, { draft: options.draft === true });
  const problems = countProblems(checked);
  if (problems.errors + problems.warnings > 0) options.onCheckReport?.(checked);
  if (problems.errors > 0) {
    const [file, first] = checked.flatMap((f) => f.messages.filter((m) => m.fatal === true).map((m) => [f, m] as const))[0]!;
    throw new PaibanError(first.reason.replace(/\.?$/, '.'), {
      file: path.resolve(process.cwd(), file.path),
      line: first.line,
      column: first.column,
      hint: `${problems.errors} error${problems.errors === 1 ? '' : 's'} in the manuscripts (listed above); nothing was built. \`paiban check\` shows the same report.`,
    });
  }
  progress('check', problems.warnings ? `${problems.warnings} warning${problems.warnings === 1 ? '' : 's'} (listed above)` : 'no problems');

  const manuscripts = await loadManuscripts(dir, config, configFile);
  progress('manuscripts', `${manuscripts.length} manuscript${manuscripts.length === 1 ? '' : 's'}`);

  const missingPicture = config.figures.captionOnly ? 'caption' : options.draft ? 'placeholder' : 'error';
  const chapters = await transformManuscripts(manuscripts, dir, { links: config.links, missingPicture, punctuation: config.punctuation, yearbook: config.kind === 'yearbook', numbers: { writing: config.writing, digits: config.vertical.digits }, plates: plateGeometry(config) });
  const shell = await loadShell(dir, config);
  const date = buildDate(env, config.date, config.year);
  if (!date) notes.push('No date in book.yaml and no SOURCE_DATE_EPOCH: the PDF carries today\'s date, so two builds on different days differ.');
  const content: BookContent = { config, chapters, date: (date ?? new Date()).toISOString().slice(0, 10), generator: `paiban ${PAIBAN_VERSION}`, ...bookIndex(config, chapters) };
  progress('transform', `${chapters.length} chapters, ${chapters.reduce((n, c) => n + c.sections.length, 0)} sections`);

  const outDir = path.resolve(options.outDir ?? path.join(dir, 'out'));
  const name = config.output.name;
  const staging = await Staging.open(outDir);
  // Only a caller that keeps both the browser and a cache (the preview) gets a print page kept open.
  if (options.cache && options.browser) options.cache.warm ??= new WarmPrintPage();
  const printer = new Printer({ ...(options.browser ? { browser: options.browser } : {}), env, ...(options.cache?.warm ? { warm: options.cache.warm } : {}) });
  try {
    const fonts = await prepareFonts({ bookDir: dir, config, shell, content, outDir, stagingDir: staging.dir });
    progress('fonts', `${fonts.files.length} subsets, ${fonts.characters} characters`);
    // Real paths of the book's own folders (out/.fonts checked to be a real folder), never a link's target.
    const allowedDirs = await readableFolders(dir, outDir, [staging.dir, fonts.dir]);
    const entries = bookTocEntries(content);
    const blocked = new Set<string>();
    const marginText = [marginBoxText(config, runningHeads(chapters))];

    const cacheFile = layoutCacheFile(outDir, name, config.writing);
    const formats = config.output.formats;
    const metadata: PdfMetadata = {
      title: config.title,
      author: config.editor ?? uniqueAuthors(content),
      subject: config.subtitle ?? config.description,
      keywords: config.keywords,
      language: config.language,
      creator: `paiban ${PAIBAN_VERSION}`,
      producer: `paiban ${PAIBAN_VERSION} (Chromium ${await printer.version()}, pdf-lib)`,
      date: date ?? new Date(),
    };
    // The cover needs nothing of the book's print: it prints beside it, on a page of its own.
    // The press profile and the cover colour in CMYK (a cmyk() cover colour also sets the screen cover's).
    const press = formats.includes('cover') || formats.includes('print') ? await preparePress(dir, config) : undefined;
    const coverJob = formats.includes('cover') ? printCover({ bookDir: dir, config, name, printer, staging, print: { allowedDirs, marginText: [] }, metadata, fontFaces: fonts.css, press }) : undefined;
    coverJob?.catch(() => undefined); // awaited below; a failure is reported there

    // The book: printed, finished (outline, labels, metadata) and saved; the parsed PDF is let go here.
    const finished = await (async () => {
      const guess = options.cache?.pagination ?? (await readLayoutCache(cacheFile));
      const { pdf, destinations, pagination, passes, wide } = await printBookOnce({ shell, content, entries, name, staging, printer, print: { allowedDirs, marginText }, guess, blocked, notes, progress });
      if (options.cache) options.cache.pagination = pagination;
      // Bleed plates (图片专辑): the photo drawn to the trim, and into the bleed of the print files.
      extendImagesIntoBleed(pdf, config.print.bleed);
      if (config.kind === 'yearbook') await drawSectionHeads(pdf, destinations, content, fonts.files, pagination.blanks);
      writeOutline(pdf, outlineItems(entries, destinations));
      writePageLabels(pdf, pagination.firstBodyPage - 1);
      writeViewerPreferences(pdf, config.writing === 'vertical' ? 'rtl' : 'ltr');
      writeMetadata(pdf, metadata);
      const bytes = await pdf.save({ addDefaultPage: false });
      return {
        bytes,
        pagination,
        passes,
        wide,
        pages: pdf.getPageCount(),
        chapterPages: new Map([...chapters.map((chapter) => chapter.id), ...[TOC_ID, INDEX_ID].filter((id) => destinations.has(id))].map((id) => [id, (destinations.get(id)?.pageIndex ?? -1) + 1])),
        // The back of the title page, and the page before each chapter moved to a recto, are blank on purpose.
        deliberateBlanks: new Set([2, ...[...pagination.blanks].map((id) => destinations.get(id)?.pageIndex ?? -1)]),
        // 图片专辑 pages: photos and captions laid out across whatever the writing (render/plates.ts).
        platePages: platePages(chapters, (id) => (destinations.has(id) ? destinations.get(id)!.pageIndex + 1 : undefined)),
        listPages: listPages(destinations.get(TOC_ID)?.pageIndex, pagination.firstBodyPage, destinations.get(INDEX_ID)?.pageIndex, pdf.getPageCount()),
        // The pages a ::pagebreak ends: short on purpose.
        breakPages: new Set([...destinations].filter(([id]) => PAGE_BREAK_ID.test(id)).map(([, destination]) => destination.pageIndex + 1)),
      };
    })();
    const { bytes, pagination, passes } = finished;
    await staging.write(`${name}.pdf`, bytes);
    progress('finish', `outline, metadata, ${formatBytes(bytes.length)}`);

    // The layout lint (mostly reading the PDF: mutool's process where installed, else PDFium) runs beside the print-shop outputs (worker threads).
    const lintJob = options.lint !== false
      ? lintLayout({ pdfFile: staging.path(`${name}.pdf`), shownAs: path.join(outDir, `${name}.pdf`), config, manuscripts, deliberateBlanks: finished.deliberateBlanks, wide: finished.wide, platePages: finished.platePages, listPages: finished.listPages, firstBodyPage: finished.pagination.firstBodyPage, breakPages: finished.breakPages, images: sourceImages(chapters) })
      : undefined;
    lintJob?.catch(() => undefined); // awaited below
    // book.yaml, the manuscripts, and the raw texts they were made from (front matter `source:`).
    const sources = [path.relative(dir, configFile), ...manuscripts.map((m) => m.name), ...rawSources(dir, manuscripts, notes)];
    const production = await writeProductionOutputs({ bookDir: dir, config, name, book: bytes, cover: await coverJob, staging, metadata, sources, press }, progress);
    let layout: VFile[] = [];
    if (lintJob) {
      layout = await lintJob;
      const count = layout.reduce((n, file) => n + file.messages.length, 0);
      progress('layout', count ? `${count} warning${count === 1 ? '' : 's'} (listed below)` : 'no problems');
    }
    const names = [...(formats.includes('pdf') ? [`${name}.pdf`] : []), ...(formats.includes('html') ? [`${name}.html`] : []), ...production];
    await writeManifest(staging, `${name}.manifest.json`, names, { bookDir: dir, inputs: [...sources, ...(await ownAssets(dir))], chromium: await printer.version(), date: metadata.date });
    const outputs = await staging.commit([...names, `${name}.manifest.json`], { keepPrevious: formats.includes('pdf') ? [`${name}.pdf`] : [] });
    await writeLayoutCache(cacheFile, pagination);
    await pruneFontCache(fonts.dir, fonts.files);
    const pdfFile = path.join(outDir, `${name}.pdf`);
    return {
      pdfFile,
      htmlFile: path.join(outDir, `${name}.html`),
      outputs,
      pages: finished.pages,
      bytes: outputs.includes(pdfFile) ? (await stat(pdfFile)).size : bytes.length,
      seconds: (performance.now() - started) / 1000,
      passes,
      chapterPages: finished.chapterPages,
      blocked: [...blocked],
      notes,
      layout,
    };
  } finally {
    await staging.dispose();
    await printer.close();
  }
}

/**
 * The raw texts the manuscripts name in `source:`, once each; a missing one is a note, not a failure.
 * One that is there must be a regular file inside the book of a sane size (files/read.ts): a named
 * pipe would hang the archive, a link out of the book would put a file from elsewhere into it.
 */
export function rawSources(bookDir: string, manuscripts: readonly (Pick<Manuscript, 'name' | 'source' | 'meta'> & { file?: string })[], notes: string[]): string[] {
  const found = new Set<string>();
  for (const { name, file, source, meta } of manuscripts) {
    if (!source) continue;
    const absolute = path.join(bookDir, source);
    if (!existsSync(absolute) && !isSymlinkSync(absolute)) {
      notes.push(`${name}: its source "${meta.source}" does not exist; the archive leaves it out.`);
      continue;
    }
    const size = statSync(regularBookFileSync(bookDir, absolute, { what: 'The source', ...(file ? { place: { file } } : {}) })).size;
    if (size > MAX_SOURCE_BYTES) throw new PaibanError(`The source "${meta.source}" is ${Math.round(size / 1024 / 1024)} MB; the archive carries sources of at most ${MAX_SOURCE_BYTES / 1024 / 1024} MB.`, { ...(file ? { file } : {}), hint: 'Name a smaller raw text in `source:`, or leave `source:` out.' });
    found.add(source);
  }
  return [...found];
}

/** The book's own stylesheets and templates (overrides of paiban's): inputs of the build too. */
async function ownAssets(bookDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of ['styles', 'templates']) {
    try {
      for (const entry of await readdir(path.join(bookDir, folder), { withFileTypes: true })) if (entry.isFile()) found.push(`${folder}/${entry.name}`);
    } catch {
      // No such folder: paiban's defaults are used, and the tool version names them.
    }
  }
  return found;
}

/** out/<name>.manifest.json: every output and input with size and SHA-256, tool and Chromium versions, the build date. */
async function writeManifest(staging: Staging, file: string, outputs: readonly string[], facts: { bookDir: string; inputs: readonly string[]; chromium: string; date: Date }): Promise<void> {
  const common = { toolVersion: PAIBAN_VERSION, chromiumVersion: facts.chromium, buildDate: facts.date };
  const inputs = await buildManifest({ ...common, outputs: [], inputs: facts.inputs, baseDir: facts.bookDir });
  const written = await buildManifest({ ...common, outputs, inputs: [], baseDir: staging.dir });
  await staging.write(file, serializeManifest({ ...inputs, outputs: written.outputs }));
}

/**
 * The index of the body's chapters when book.yaml asks for one (its entries a 类目's 条目, tables, figures
 * and marks), and the targets of the cross-references (:ref), each link pointed at its 条目 or table.
 */
function bookIndex(config: BookConfig, chapters: readonly Chapter[]): Pick<BookContent, 'index' | 'refs'> {
  const body = splitPreface(config, chapters).body;
  const parts = new Set(body.filter((chapter) => chapterLayout(config, chapter).role === 'part').map((chapter) => chapter.id));
  const refs = resolveRefs(chapters, parts);
  return {
    ...(refs.length ? { refs } : {}),
    ...(config.index ? { index: { title: config.index.title, columns: config.index.columns, items: collectIndex(body, parts, config.index) } } : {}),
  };
}

/**
 * The pages of lists, not running text (1-based): the TOC when chapters stand before it (from its page to
 * the body's first; a blank before that is empty anyway), and the index (from its page to the end).
 */
function listPages(tocIndex: number | undefined, firstBodyPage: number, indexIndex: number | undefined, pageCount: number): Set<number> {
  const pages = new Set<number>();
  if (tocIndex !== undefined) for (let page = tocIndex + 1; page < firstBodyPage; page += 1) pages.add(page);
  if (indexIndex !== undefined) for (let page = indexIndex + 1; page <= pageCount; page += 1) pages.add(page);
  return pages;
}

function outlineItems(entries: readonly TocEntry[], destinations: ReadonlyMap<string, NamedDestination>): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const entry of entries) {
    const destination = destinations.get(entry.id)?.destination;
    if (!destination) continue;
    // Each level under the last item of the level above it (a 条目 under its 分目, a 分目 under its 类目).
    let siblings = items;
    for (let level = 1; level < entry.level; level += 1) siblings = siblings[siblings.length - 1]?.children ?? siblings;
    siblings.push({ title: entry.title, destination, children: [] });
  }
  return items;
}

/**
 * A yearbook's running heads: the chapter (类目) on versos, the chapter or the 分目 current at the top on
 * rectos, none on a chapter's opening page; drawn where the margin box would print them (Chromium has no
 * string-set; see make/running-heads.ts). The plates (图片专辑) carry none.
 */
async function drawSectionHeads(pdf: PDFDocument, destinations: ReadonlyMap<string, NamedDestination>, content: BookContent, fontFiles: readonly string[], blanks: ReadonlySet<string>): Promise<void> {
  const { config } = content;
  // What stands before the TOC is front matter: no running heads.
  const chapters = splitPreface(config, content.chapters).body;
  // The chapters, and the index after them (its pages carry its title).
  const units = [...chapters.map((chapter) => ({ id: chapter.id, title: chapter.manuscript.meta.title, role: chapterLayout(config, chapter).role })), ...(content.index ? [{ id: INDEX_ID, title: content.index.title, role: 'index' }] : [])];
  const starts = units.map((unit) => destinations.get(unit.id)?.pageIndex);
  const runs: ChapterPages[] = [];
  units.forEach((unit, i) => {
    const first = starts[i];
    if (first === undefined || unit.role === 'plates') return;
    const nextIndex = starts.findIndex((start, k) => k > i && start !== undefined);
    // The chapter ends where the next one starts, before the blank page that brings it to a recto.
    const end = nextIndex < 0 ? pdf.getPageCount() : starts[nextIndex]! - (blanks.has(units[nextIndex]!.id) ? 1 : 0);
    runs.push({ chapterId: unit.id, title: unit.title, first, end, part: unit.role === 'part' });
  });
  if (!runs.length) return;
  const sections: SectionStart[] = chapters.flatMap((chapter) => chapter.sections.filter((s) => s.level === 2).map((s) => ({ id: s.id, chapterId: chapter.id, title: s.text })));
  const area = typeArea(config);
  const vertical = config.writing === 'vertical';
  const page0 = pdf.getPage(0).getSize();
  const startOfPage = (at: NamedDestination) => {
    const point = destinationPoint(at);
    if (!point) return false;
    // Within the first lines of the page: near the top in horizontal text, near the right edge in vertical text.
    return vertical ? point.left >= page0.width - area.margins.outer * (72 / 25.4) - 4 * area.pitchPt - area.margins.inner * (72 / 25.4) : point.top >= page0.height - area.margins.top * (72 / 25.4) - 1.5 * area.pitchPt;
  };
  const face = bookFaces([config.fonts.heading]).find((f) => f.weight === MARGIN_BOX_WEIGHT) ?? bookFaces([config.fonts.heading])[0]!;
  const fontFile = fontFiles.find((file) => path.basename(file).startsWith(`${face.postscriptName}-`));
  if (!fontFile) return;
  const heads = yearbookHeads(runs, sections, destinations, startOfPage);
  if (heads.size === 0) return;
  const characters = [...new Set([...heads.values()].join(''))].join('');
  await drawRunningHeads(pdf, heads, config, await subsetSfnt(await readFile(fontFile), characters, { retainGids: false }));
}

function uniqueAuthors(content: BookContent): string | undefined {
  const authors = [...new Set(content.chapters.map((c) => c.manuscript.meta.author).filter((a): a is string => Boolean(a)))];
  return authors.length ? authors.join('；') : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
