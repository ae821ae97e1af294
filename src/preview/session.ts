import path from 'node:path';
import type { Browser } from 'playwright-core';
import { reporter } from 'vfile-reporter';
import { buildBook, type BuildCache, type ProgressEvent } from '../make/build-book.js';
import { loadConfig } from '../config/load.js';
import type { BookConfig } from '../config/schema.js';
import { MANUSCRIPT_DIR } from '../manuscript/load.js';
import { launchChromium, findChromium } from '../pdf/chromium.js';
import { isPaibanError, PaibanError } from '../util/errors.js';
import { commentsOnPages, COMMENTS_RECORD_PATH, PrintedPages, type CommentsView } from './comment-state.js';
import { PageImages, type PreviewPage } from './page-images.js';
import type { BookChange, BookInputs } from './watch.js';

export interface PreviewError {
  message: string;
  /** `manuscripts/a.md:3:1`, relative to the book folder. */
  place?: string;
  hint?: string;
  /** Set for an unexpected error (a bug): its stack. */
  stack?: string;
}

export interface PreviewTimings {
  /** First file event of the change (epoch ms); absent for the first build. */
  trigger?: number;
  /** From that event to the build's start: debounce, and waiting for the build before to finish. */
  wait: number;
  build: number;
  /** buildBook's own stages (config, check, …, pass 1, finish, cover, booklet, …). */
  stages: { stage: string; seconds: number }[];
  /** Finding the changed pages and rendering them. */
  pages: number;
  /** Pages rendered to find the changed ones. */
  rendered: number;
  /** Placing the imported comments on the pages (0 when there are none). */
  comments: number;
  passes: number;
}

/** What the preview page shows; sent whole on every change (it is small: a line per page and per imported comment). */
export interface PreviewState extends CommentsView {
  /** Builds finished, good or failed; the page waits for this number to move. */
  build: number;
  building: boolean;
  title: string;
  writing: 'horizontal' | 'vertical';
  dpi: number;
  pages: (PreviewPage & { url: string })[];
  /** Pages whose image changed in the last good build. */
  changed: number[];
  /** The last build's error; the pages are then those of the last good build. */
  error?: PreviewError;
  /** The manuscript checks' warnings of the last build (plain text), if any. */
  warnings?: string;
  /** The changed files that started the last build. */
  files: string[];
  timings?: PreviewTimings;
}

export interface SessionOptions {
  /** A private folder: `build/` gets the PDF, `pages/` the page images. */
  workDir: string;
  dpi: number;
  writing?: 'horizontal' | 'vertical';
  env?: NodeJS.ProcessEnv;
  /** A browser to use (tests); otherwise the session launches one and keeps it warm between builds. */
  browser?: Browser;
  log?: (line: string) => void;
  logError?: (line: string) => void;
}

type Listener = (state: PreviewState) => void;

/**
 * Builds a book again and again, one build at a time: a change that comes during a build waits, and
 * the changes that pile up meanwhile make one build after it (the latest files are what it reads).
 * Keeps what makes a rebuild fast: a warm browser, buildBook's cache (last pagination, so one print
 * instead of two), and the page images of the last build, of which only changed pages are redrawn.
 */
export class PreviewSession {
  readonly bookDir: string;
  readonly buildDir: string;
  readonly images: PageImages;
  private state: PreviewState;
  private readonly cache: BuildCache = {};
  private readonly listeners = new Set<Listener>();
  private browser: Browser | undefined;
  private readonly ownsBrowser: boolean;
  private pending: (BookChange & { all: boolean }) | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private pdfFile: string | undefined;
  private lastWarnings: string | undefined;
  private readonly printed = new PrintedPages();
  /** Called after a good build with what the book reads, so the watcher can follow book.yaml. */
  onInputs: ((inputs: BookInputs) => void) | undefined;

  constructor(
    bookDir: string,
    private readonly options: SessionOptions,
  ) {
    this.bookDir = path.resolve(bookDir);
    this.buildDir = path.join(options.workDir, 'build');
    this.images = new PageImages(path.join(options.workDir, 'pages'), options.dpi);
    this.browser = options.browser;
    this.ownsBrowser = !options.browser;
    this.state = { build: 0, building: false, title: path.basename(this.bookDir), writing: options.writing ?? 'horizontal', dpi: options.dpi, pages: [], changed: [], files: [] };
  }

  get current(): PreviewState {
    return this.state;
  }

  /** The PDF of the last good build. */
  get pdf(): string | undefined {
    return this.pdfFile;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a build; returns at once. Changes to Markdown only redraw the pages whose content changed. */
  request(change: BookChange): void {
    if (this.closed) return;
    const all = change.files.some((file) => !file.endsWith('.md') && file !== COMMENTS_RECORD_PATH);
    this.pending = this.pending
      ? { files: [...new Set([...this.pending.files, ...change.files])].sort(), firstAt: Math.min(this.pending.firstAt, change.firstAt), all: this.pending.all || all }
      : { ...change, all };
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    }
  }

  /** Resolves when no build is running or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    await this.idle();
    this.listeners.clear();
    if (this.ownsBrowser) await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.closed) {
      const change = this.pending;
      this.pending = undefined;
      await this.buildOnce(change);
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.state);
  }

  private async warmBrowser(): Promise<Browser> {
    // Printer would replace a crashed browser it was given, but not close the replacement: do it here.
    if (!this.browser?.isConnected()) {
      if (!this.ownsBrowser && this.browser) throw new PaibanError('The browser the preview was given has closed.', { hint: 'Restart the preview.' });
      this.browser = await launchChromium(findChromium(this.options.env ?? process.env));
    }
    return this.browser;
  }

  private async buildOnce(change: BookChange & { all: boolean }): Promise<void> {
    // `paiban comments` wrote a new record: show it on the pages there are, no rebuild.
    if (this.pdfFile && change.files.length > 0 && change.files.every((file) => file === COMMENTS_RECORD_PATH)) return this.showComments();
    const first = this.state.build === 0 || this.state.pages.length === 0;
    const startedAt = Date.now();
    const started = performance.now();
    this.state = { ...this.state, building: true, files: change.files };
    this.emit();
    const stages: ProgressEvent[] = [];
    let warnings: string | undefined;
    try {
      const browser = await this.warmBrowser();
      const result = await buildBook(this.bookDir, {
        outDir: this.buildDir,
        browser,
        cache: this.cache,
        // The preview shows the book's pages: the cover, booklet, archive and print variants, and the layout
        // checks (which `paiban build` reports), would only cost time here.
        formats: ['pdf'],
        lint: false,
        // A draft: a figure whose picture has not come yet shows as a placeholder, as in any proof.
        draft: true,
        ...(this.options.env ? { env: this.options.env } : {}),
        ...(this.options.writing ? { writing: this.options.writing } : {}),
        onProgress: (event) => stages.push(event),
        onCheckReport: (files) => {
          warnings = reporter(files, { quiet: true, color: false });
        },
      });
      const built = performance.now();
      const { config } = await loadConfig(this.bookDir);
      const update = await this.images.update(result.pdfFile, { all: change.all || first });
      this.pdfFile = result.pdfFile;
      this.onInputs?.(bookInputs(config));
      const writing = this.options.writing ?? config.writing;
      const marking = performance.now();
      const comments = await commentsOnPages(this.bookDir, () => this.printedPages(result.pdfFile, change.all || first), writing);
      const marked = performance.now();
      this.state = {
        build: this.state.build + 1,
        building: false,
        title: config.title,
        writing,
        dpi: this.options.dpi,
        pages: update.pages.map((page) => ({ ...page, url: `/pages/${page.name}` })),
        changed: update.changed,
        ...comments,
        ...(warnings ? { warnings } : {}),
        files: change.files,
        timings: {
          ...(first ? {} : { trigger: change.firstAt }),
          wait: Math.max(0, startedAt - change.firstAt) / 1000,
          build: (built - started) / 1000,
          stages: stages.map(({ stage, seconds }) => ({ stage, seconds })),
          pages: update.seconds,
          rendered: update.rendered,
          comments: (marked - marking) / 1000,
          passes: result.passes,
        },
      };
      const t = this.state.timings!;
      const since = first ? `${((Date.now() - startedAt) / 1000).toFixed(2)} s` : `${((Date.now() - change.firstAt) / 1000).toFixed(2)} s after the change`;
      this.options.log?.(
        `  ✓ build ${this.state.build}: ${update.pages.length} pages, ${describePages(update.changed, update.pages.length)} in ${since} ` +
          `(build ${t.build.toFixed(2)} s, ${t.passes} print${t.passes === 1 ? '' : 's'}; pages ${t.pages.toFixed(2)} s, ${t.rendered} rendered` +
          `${comments.comments ? `; ${comments.comments.length} comments ${t.comments.toFixed(2)} s` : ''})`,
      );
    } catch (error) {
      this.state = { ...this.state, build: this.state.build + 1, building: false, error: describeError(error, this.bookDir), files: change.files };
      delete this.state.warnings;
      if (warnings) this.state.warnings = warnings;
      const shown = this.state.error!;
      this.options.logError?.(`  ✗ build ${this.state.build}: ${shown.place ? `${shown.place}: ` : ''}${shown.message}${shown.hint ? `\n    hint: ${shown.hint}` : ''}`);
    }
    if (warnings && warnings !== this.lastWarnings) this.options.logError?.(warnings);
    this.lastWarnings = warnings;
    this.emit();
  }

  /** The current pages' characters, for the comment marks (a style change may move text on an unchanged key: read all). */
  private printedPages(pdfFile: string, all: boolean) {
    const keys = this.images.keys;
    return this.printed.read(pdfFile, this.images.current.map((page, index) => ({ key: keys[index]!, width: page.width, height: page.height, dpi: this.options.dpi })), all);
  }

  private async showComments(): Promise<void> {
    const view = await commentsOnPages(this.bookDir, () => this.printedPages(this.pdfFile!, false), this.state.writing);
    const { comments: _c, commentsFrom: _f, commentsError: _e, ...rest } = this.state;
    this.state = { ...rest, ...view };
    if (view.commentsError) this.options.logError?.(`  ✗ ${view.commentsError}`);
    else this.options.log?.(`  ✓ ${view.comments?.length ?? 0} imported comments shown`);
    this.emit();
  }
}

/** What a book reads, for the watcher: the usual folders, and whatever book.yaml names outside them. */
export function bookInputs(config: BookConfig | undefined): BookInputs {
  const files = ['book.yaml', ...(config?.manuscripts ?? []), ...(config?.cover.image ? [config.cover.image] : [])];
  const folders = [MANUSCRIPT_DIR, 'styles', 'templates', 'images', ...files.map((file) => path.dirname(file)).filter((dir) => dir !== '.')];
  return { folders: [...new Set(folders)], files };
}

function describePages(changed: readonly number[], total: number): string {
  if (changed.length === 0) return 'no page changed';
  if (changed.length === total) return 'all redrawn';
  return `changed p. ${changed.join(', ')}`;
}

export function describeError(error: unknown, bookDir: string): PreviewError {
  if (isPaibanError(error)) {
    const place = error.placeFrom(bookDir);
    return { message: error.message, ...(place ? { place } : {}), ...(error.hint ? { hint: error.hint } : {}) };
  }
  const failure = error as Error;
  return {
    message: `paiban crashed; this is a bug: ${String(failure?.message ?? error).split('\n')[0]}`,
    hint: 'Please report it with the text below and your book.',
    ...(failure?.stack ? { stack: failure.stack } : {}),
  };
}
