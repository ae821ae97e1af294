import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PaibanError } from '../util/errors.js';
import { isInside } from '../files/paths.js';
import { clipLinesToColumns, composeLines } from './compose/index.js';
import { fitPagesToGrid } from './compose/grid-pages.js';
import { fitWide, type WideBlock } from './compose/index.js';

export interface PrintOptions {
  /** Folders the page may read from: the book folder, the output folder, the font packages. */
  allowedDirs: readonly string[];
  /** Per-print time limit. */
  timeoutMs?: number;
  /**
   * Text set only in @page margin boxes, with its CSS font. Margin boxes are laid out only while
   * printing, after `document.fonts.ready`, so the unicode-range subsets their glyphs need would not
   * be loaded and Chromium would fall back to a system font (a Type 3 font in the PDF). Loading them
   * here, by name, prevents that.
   */
  marginText?: readonly { font: string; text: string }[];
}

export interface PrintResult {
  pdf: Uint8Array;
  /** Blocks wider than the type area: set smaller to fit, or (fits: false) clipped to it. */
  wide: WideBlock[];
  /** Requests refused because they left the allowed folders (network, other files). */
  blocked: string[];
}

/**
 * The request policy: only file: URLs inside the allowed folders, and inline data. The file asked for
 * is compared by its real path (symlinks resolved), so a link inside the book that leads to /etc is
 * refused; a file that does not exist is compared as written (Chromium then finds nothing there). The
 * allowed folders are taken as given, never resolved: the caller passes real paths of real folders
 * (files/write.ts readableFolders), so a folder that is a link never makes its target readable.
 */
export function isAllowedUrl(url: string, allowedDirs: readonly string[]): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  const real = realOrResolved(file);
  return allowedDirs.some((dir) => isInside(dir, real));
}

/** The real path of a file, or, when it does not exist, of its nearest existing folder plus the rest. */
function realOrResolved(file: string): string {
  let existing = path.resolve(file);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(file);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** A browser context with JavaScript off and every request outside the allowed folders refused (and noted). */
async function openPrintPage(browser: Browser, allowed: () => readonly string[], blocked: () => string[], timeout: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isAllowedUrl(url, allowed())) return route.continue();
    blocked().push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return { context, page };
}

/** A fault of the book's own files that Chromium met while printing (a damaged image): a second print would meet it again. */
export class BookContentError extends PaibanError {}

/**
 * Images of the book that Chromium could not decode at all (a damaged file whose first bytes look like
 * an image): they would print as a broken-image icon. Images refused by the request filter are
 * reported as refused, not here.
 */
async function refuseBrokenImages(page: Page, allowedDirs: readonly string[]): Promise<void> {
  const broken = await page.evaluate(() => Array.from(document.images).filter((image) => image.complete && image.naturalWidth === 0 && image.currentSrc).map((image) => image.currentSrc));
  const damaged = broken.find((url) => url.startsWith('file:') && isAllowedUrl(url, allowedDirs));
  if (damaged) {
    throw new BookContentError(`Image "${fileURLToPath(damaged)}" cannot be shown: Chromium could not decode it (the file is damaged, not the image format its name says, or far too many pixels).`, {
      file: fileURLToPath(damaged),
      hint: 'Open it in an image viewer and save it again as PNG or JPEG (at most the size it prints at, e.g. 3,000 pixels wide), or copy it again from its source.',
    });
  }
}

/** Waits for every font, margin-box text included; then prints with the page size of the CSS @page rule. */
async function fontsThenPdf(page: Page, htmlFile: string, marginText: PrintOptions['marginText'], allowedDirs: readonly string[] = []): Promise<{ pdf: Uint8Array; wide: WideBlock[] }> {
  // Runs in an isolated world, so it works with the page's own JavaScript turned off.
  const fontStatus = await page.evaluate(async (texts) => {
    await document.fonts.ready;
    await Promise.all(texts.map(({ font, text }) => document.fonts.load(font, text)));
    await document.fonts.ready;
    return document.fonts.status;
  }, marginText ?? []);
  if (fontStatus !== 'loaded') throw new PaibanError(`Fonts did not finish loading (${fontStatus}).`, { hint: 'Run the build again; if it fails the same way, reinstall paiban (its font packages).' });
  await refuseBrokenImages(page, allowedDirs);
  // Wide blocks first (never a scaled print), then lines (punctuation squeezed before spreading), then
  // pages (whole lines on the grid), then no line's end past its column (never a scaled print either).
  const wide = await fitWide(page);
  await composeLines(page);
  await fitPagesToGrid(page);
  await clipLinesToColumns(page);
  return { pdf: new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false })), wide: wide.blocks };
}

function printError(error: unknown, htmlFile: string): PaibanError {
  if (error instanceof PaibanError) return error;
  // No file named: the HTML printed is the build's private copy, deleted when the build stops.
  void htmlFile;
  return new PaibanError(`Chromium could not print the book: ${String((error as Error).message).split('\n')[0]}`, {
    hint: 'Run the build again; if it fails the same way, build with -o to another folder and open its HTML in a browser to see what is wrong.',
    cause: error,
  });
}

/**
 * Prints an HTML file to PDF. The page is opened with goto(file://) (setContent cannot load file fonts),
 * with JavaScript off and every request outside `allowedDirs` refused, and printed only after all
 * fonts have loaded. Page size comes from the CSS @page rule.
 */
export async function printPdf(browser: Browser, htmlFile: string, options: PrintOptions): Promise<PrintResult> {
  const blocked: string[] = [];
  const { context, page } = await openPrintPage(browser, () => options.allowedDirs, () => blocked, options.timeoutMs ?? 120_000);
  try {
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    return { ...(await fontsThenPdf(page, htmlFile, options.marginText, options.allowedDirs)), blocked };
  } catch (error) {
    throw printError(error, htmlFile);
  } finally {
    await context.close();
  }
}

/**
 * A print page kept open between builds of one book (the preview): the first print loads the HTML;
 * each later one swaps the new document's head and body into the open page instead of loading it
 * again, so the fonts already decoded stay (about 1.3 s saved a print on the sample book). The new
 * document's scripts never run: it is parsed by DOMParser, which runs none, in an isolated world of a
 * page whose JavaScript is off. Builds use fresh pages; only a long-lived preview uses this.
 */
export class WarmPrintPage {
  private open: { context: BrowserContext; page: Page; browser: Browser } | undefined;
  private allowedDirs: readonly string[] = [];
  private blocked: string[] = [];

  async print(browser: Browser, htmlFile: string, options: PrintOptions): Promise<PrintResult> {
    this.allowedDirs = options.allowedDirs;
    this.blocked = [];
    try {
      if (!this.open || this.open.browser !== browser || !browser.isConnected()) {
        await this.close();
        const opened = await openPrintPage(browser, () => this.allowedDirs, () => this.blocked, options.timeoutMs ?? 120_000);
        this.open = { ...opened, browser };
        await opened.page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      } else {
        const html = await readFile(htmlFile, 'utf8');
        await this.open.page.evaluate((text) => {
          const next = new DOMParser().parseFromString(text, 'text/html');
          document.documentElement.lang = next.documentElement.lang;
          document.documentElement.className = next.documentElement.className;
          document.head.replaceWith(document.adoptNode(next.head));
          document.body.replaceWith(document.adoptNode(next.body));
        }, html);
      }
      return { ...(await fontsThenPdf(this.open.page, htmlFile, options.marginText, options.allowedDirs)), blocked: [...this.blocked] };
    } catch (error) {
      await this.close();
      throw printError(error, htmlFile);
    }
  }

  async close(): Promise<void> {
    await this.open?.context.close().catch(() => undefined);
    this.open = undefined;
  }
}
