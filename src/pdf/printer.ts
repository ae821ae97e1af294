import type { Browser } from 'playwright-core';
import { PaibanError } from '../util/errors.js';
import { launchChromium } from './chromium.js';
import { BookContentError, printPdf, WarmPrintPage, type PrintOptions, type PrintResult } from './print.js';

/** Environment variable: seconds a single print may take before it is abandoned (default 120). */
export const PRINT_TIMEOUT_ENV = 'PAIBAN_PRINT_TIMEOUT';

/**
 * Chromium for one build: launched when first needed (or the caller's), each print with a time limit,
 * and one retry — in a fresh browser when the old one crashed or hung — before a clear error.
 */
export class Printer {
  private browser: Browser | undefined;
  /** Whether this printer launched the browser it holds (and so must close it). */
  private owned: boolean;
  readonly timeoutMs: number;

  /** Browsers this printer has launched (a replacement after a crash or a hang counts): what tests check the retry by. */
  launches = 0;

  /** A print page kept open across builds (preview); undefined: a fresh page for every print. */
  private readonly warm: WarmPrintPage | undefined;

  constructor(options: { browser?: Browser; env?: NodeJS.ProcessEnv; warm?: WarmPrintPage } = {}) {
    this.browser = options.browser;
    this.warm = options.warm;
    this.owned = !options.browser;
    const seconds = Number(options.env?.[PRINT_TIMEOUT_ENV] ?? process.env[PRINT_TIMEOUT_ENV] ?? 120);
    this.timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000;
  }

  private async ready(): Promise<Browser> {
    if (!this.browser || !this.browser.isConnected()) {
      this.browser = await launchChromium();
      this.launches += 1;
      // A replacement for a crashed browser is ours, even when the first one was the caller's.
      this.owned = true;
    }
    return this.browser;
  }

  async version(): Promise<string> {
    return (await this.ready()).version();
  }

  /** `fresh`: on a page of its own even when a print page is kept open (a print beside another one). */
  async print(htmlFile: string, options: PrintOptions, how: { fresh?: boolean } = {}): Promise<PrintResult> {
    // A Chromium that is missing or does not start is reported as it is, not retried.
    await this.ready();
    const attempt = async () => {
      const browser = await this.ready();
      const settings = { ...options, timeoutMs: this.timeoutMs };
      return withTimeout(this.warm && !how.fresh ? this.warm.print(browser, htmlFile, settings) : printPdf(browser, htmlFile, settings), this.timeoutMs + 5_000);
    };
    try {
      return await attempt();
    } catch (first) {
      if (first instanceof BookContentError) throw first;
      // A hung or crashed browser is replaced; a second failure is reported, not retried forever.
      if (this.browser && (!this.browser.isConnected() || first instanceof TimeoutError)) {
        await this.browser.close().catch(() => undefined);
        this.browser = undefined;
      }
      try {
        return await attempt();
      } catch (second) {
        const reason = second instanceof TimeoutError ? `it took longer than ${this.timeoutMs / 1000} s` : String((second as Error).message).split('\n')[0];
        // No file named: the HTML is the build's private copy, deleted when the build stops.
        throw new PaibanError(`Chromium failed to print twice (${reason}).`, {
          hint: `Run the build again. If the book is very large, allow more time with ${PRINT_TIMEOUT_ENV}=600 (seconds).`,
          cause: second,
        });
      }
    }
  }

  async close(): Promise<void> {
    if (this.owned && this.browser) await this.browser.close().catch(() => undefined);
    this.browser = undefined;
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
