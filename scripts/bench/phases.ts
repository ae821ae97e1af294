// printPdf (src/pdf/print.ts) step by step, with a clock on each step: the same context options,
// request policy, font wait and page.pdf options, so its total matches a bare printPdf.
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { isAllowedUrl as IsAllowedUrl, PrintOptions } from '../../src/pdf/print.js';

/** Seconds per phase of one print, and their sum. */
export interface PhaseSeconds {
  context: number;
  load: number;
  fonts: number;
  pdf: number;
  close: number;
  total: number;
}

export interface PhasedPrint {
  seconds: PhaseSeconds;
  /** Font files the page requested, and their bytes on disk. */
  fonts: { files: number; bytes: number };
  pdfBytes: number;
}

export interface PhasedPrintOptions {
  allowedDirs: readonly string[];
  marginText?: PrintOptions['marginText'];
  /** The request policy: printPdf's own (passed in, so that the compiled or the source one is used). */
  isAllowedUrl: typeof IsAllowedUrl;
}

/**
 * Prints `htmlFile` and returns seconds per phase: `context` (new context + page), `load` (goto until
 * the load event: parsing, style, first layout, the fonts that layout asked for), `fonts`
 * (document.fonts.ready and the margin-box text), `pdf` (print layout and PDF output), `close`;
 * plus the font files requested and their bytes, and the PDF's size.
 */
export async function phasedPrint(browser: Browser, htmlFile: string, { allowedDirs, marginText = [], isAllowedUrl }: PhasedPrintOptions): Promise<PhasedPrint> {
  const clock = () => performance.now() / 1000;
  const seconds = { context: 0, load: 0, fonts: 0, pdf: 0, close: 0 };
  let mark = clock();
  const lap = (name: keyof typeof seconds) => {
    const now = clock();
    seconds[name] = now - mark;
    mark = now;
  };
  const started = mark;
  const fonts = { files: 0, bytes: 0 };
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false });
  let pdfBytes = 0;
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (!isAllowedUrl(url, allowedDirs)) return route.abort('blockedbyclient');
      if (/\.(woff2?|ttf|otf)$/i.test(url)) {
        fonts.files += 1;
        try {
          fonts.bytes += statSync(fileURLToPath(url)).size;
        } catch {
          // counted as a request only
        }
      }
      return route.continue();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    lap('context');
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    lap('load');
    const status = await page.evaluate(async (text) => {
      await document.fonts.ready;
      await Promise.all(text.map(({ font, text: chars }) => document.fonts.load(font, chars)));
      await document.fonts.ready;
      return document.fonts.status;
    }, marginText);
    if (status !== 'loaded') throw new Error(`Fonts did not finish loading (${status}).`);
    lap('fonts');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false });
    pdfBytes = pdf.length;
    lap('pdf');
  } finally {
    await context.close();
    lap('close');
  }
  return { seconds: { ...seconds, total: clock() - started }, fonts, pdfBytes };
}
