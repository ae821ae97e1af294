import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { PaibanError } from '../util/errors.js';
import { isInside } from '../util/files.js';

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
  /** Requests refused because they left the allowed folders (network, other files). */
  blocked: string[];
}

/** The request policy: only file: URLs inside the allowed folders, and inline data. */
export function isAllowedUrl(url: string, allowedDirs: readonly string[]): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  return allowedDirs.some((dir) => isInside(dir, path.resolve(file)));
}

/**
 * Prints an HTML file to PDF. The page is opened with goto(file://) (setContent cannot load file fonts),
 * with JavaScript off and every request outside `allowedDirs` refused, and printed only after all
 * fonts have loaded. Page size comes from the CSS @page rule.
 */
export async function printPdf(browser: Browser, htmlFile: string, options: PrintOptions): Promise<PrintResult> {
  const timeout = options.timeoutMs ?? 120_000;
  const blocked: string[] = [];
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false });
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isAllowedUrl(url, options.allowedDirs)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    // Runs in an isolated world, so it works with the page's own JavaScript turned off.
    const fontStatus = await page.evaluate(async (marginText) => {
      await document.fonts.ready;
      await Promise.all(marginText.map(({ font, text }) => document.fonts.load(font, text)));
      await document.fonts.ready;
      return document.fonts.status;
    }, options.marginText ?? []);
    if (fontStatus !== 'loaded') throw new PaibanError(`Fonts did not finish loading (${fontStatus}).`, { file: htmlFile });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false });
    return { pdf: new Uint8Array(pdf), blocked };
  } catch (error) {
    if (error instanceof PaibanError) throw error;
    throw new PaibanError(`Chromium could not print the book: ${String((error as Error).message).split('\n')[0]}`, {
      file: htmlFile,
      hint: 'Run the build again; if it fails the same way, open the HTML file in a browser to see what is wrong.',
      cause: error,
    });
  } finally {
    await context.close();
  }
}
