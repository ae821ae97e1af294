import type { Page } from 'playwright-core';
import { composeInPage, type ComposeResult, type ComposeSettings } from './in-page.js';
import { lineWalkerInPage } from './line-walker.js';
import { printMeasureInPage } from './page-measure.js';
import { fitWideInPage, type FitWideResult, type FitWideSettings } from './fit-wide.js';

export type { FitWideResult, WideBlock } from './fit-wide.js';

export type { ComposeResult, ComposeSettings } from './in-page.js';

/** The class the adjacent-pair pass gives a half-width mark (src/pipeline/punctuation.ts). */
const HALF_CLASS = 'pj-half';
/** The class of a character set closer by a negative margin on its blank side. */
const SQUEEZE_CLASS = 'pj-squeeze';

export const COMPOSE_DEFAULTS: ComposeSettings = {
  halfClass: HALF_CLASS,
  squeezeClass: SQUEEZE_CLASS,
  lineStartOpening: 'full',
  // Squeeze only a line that justification would really spread: a third of an em or more in total.
  minSlackEm: 0.3,
  // The page fitting's limits (grid-pages.ts): a line is set no closer, nor spread wider, than a paragraph may be.
  maxTightenEm: 0.08,
  maxSpreadEm: 0.08,
  maxRounds: 40,
};

/**
 * Squeezes punctuation before justification spreads a line (see composeInPage). Runs in Playwright's
 * isolated world, so it works with the page's JavaScript off; the book's setting for opening brackets
 * at line start comes from the page itself (`--line-start-opening`, written from book.yaml).
 */
export async function composeLines(page: Page): Promise<ComposeResult> {
  const setting = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--line-start-opening').trim());
  const settings: ComposeSettings = { ...COMPOSE_DEFAULTS, lineStartOpening: setting === 'half' ? 'half' : 'full' };
  const measure = await page.evaluate(printMeasureInPage);
  // The composition and its line walker go into the page as one expression (both serialized).
  const script = `(${composeInPage.toString()})(${JSON.stringify({ ...settings, measure: measure ?? null })}, ${lineWalkerInPage.toString()})`;
  return (await page.evaluate(script)) as ComposeResult;
}

/**
 * Paragraphs and list items clipped along their lines at their own edge, last before the print. A
 * character squeezed at a line's end keeps its em box past the column by what was taken from it (its
 * blank side: no ink), and the page fitting allows a loosened line half a pixel over; Chromium prints a
 * document with any box past the type area by shrinking every page to take it in (measured: the
 * vertical sample at 99.92%, body 8.991 pt). Last, because the fitting reads that overflow to refuse a
 * loosened line that no longer fits; what is truly too wide was fitted or reported before (fit-wide).
 * Returns how many blocks were clipped.
 */
export async function clipLinesToColumns(page: Page): Promise<number> {
  return page.evaluate(() => {
    const vertical = getComputedStyle(document.documentElement).writingMode.startsWith('vertical');
    const blocks = Array.from(document.querySelectorAll<HTMLElement>('p, li'));
    // Along the lines only: what stands beside them (ruby, emphasis dots) is untouched; a hanging label stands in the padding.
    for (const block of blocks) block.style.setProperty(vertical ? 'overflow-y' : 'overflow-x', 'clip');
    return blocks.length;
  });
}

export const FIT_WIDE_DEFAULTS: FitWideSettings = { minFontPt: 6.5, continued: '续表' };

/** Fits blocks wider than the type area (see fitWideInPage): before the lines and pages are composed. */
export async function fitWide(page: Page, settings: FitWideSettings = FIT_WIDE_DEFAULTS): Promise<FitWideResult> {
  return page.evaluate(fitWideInPage, settings);
}
