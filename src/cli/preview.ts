import path from 'node:path';
import { PAIBAN_VERSION } from '../util/package.js';
import { DEFAULT_PORT, DEFAULT_PREVIEW_DPI, startPreview } from '../preview/server.js';
import { PaibanError } from '../util/errors.js';
import { guarded, type Io } from './io.js';

export interface PreviewCliOptions {
  port?: string | number;
  dpi?: string | number;
  writing?: 'horizontal' | 'vertical';
  /** Stops the preview (tests); otherwise Ctrl+C (SIGINT) or SIGTERM does. */
  signal?: AbortSignal;
}

/** `paiban preview [dir]`: serves the printed pages on http://127.0.0.1:<port>/ and rebuilds on every change, until stopped. */
export function runPreview(dir: string, options: PreviewCliOptions, io: Io): Promise<number> {
  return guarded(io, async () => {
    const port = integerOption('--port', options.port ?? DEFAULT_PORT, 0, 65_535);
    const dpi = integerOption('--dpi', options.dpi ?? DEFAULT_PREVIEW_DPI, 36, 600);
    io.out(`paiban ${PAIBAN_VERSION} — preview of ${path.resolve(dir)}`);
    const preview = await startPreview(dir, { port, dpi, ...(options.writing ? { writing: options.writing } : {}), log: io.out, logError: io.err });
    io.out(`  open ${preview.url}   (rebuilds when the book changes; Ctrl+C stops)`);
    await stopRequested(options.signal);
    io.out('  stopping…');
    await preview.close();
    return 0;
  });
}

function integerOption(name: string, value: string | number, min: number, max: number): number {
  const number = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) throw new PaibanError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return number;
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted) return resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
