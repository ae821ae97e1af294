import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { PaibanError } from '../util/errors.js';

/** Environment variable that names the Chromium (or Chrome) executable to use. */
export const CHROMIUM_ENV = 'PAIBAN_CHROMIUM';

const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The env override first, then the usual install locations; a clear message when none exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): string {
  const override = env[CHROMIUM_ENV];
  if (override) {
    if (exists(override)) return override;
    throw new PaibanError(`${CHROMIUM_ENV} is set to "${override}", but no file is there.`, {
      hint: `Point ${CHROMIUM_ENV} at a Chromium or Chrome executable, or unset it to use /usr/bin/chromium.`,
    });
  }
  const found = USUAL_PATHS.find((file) => exists(file));
  if (found) return found;
  throw new PaibanError('Chromium was not found; paiban prints PDFs with it.', {
    hint: `Install it (Debian/Ubuntu: sudo apt-get install chromium), or set ${CHROMIUM_ENV}=/path/to/chromium.`,
  });
}

/**
 * No network at all, below the request filter: the filter sees requests only once Chromium has
 * decided to make them, and <object>, <embed> and <iframe> pointing at http(s) opened a TCP connection
 * (and a TLS handshake) before it refused them. Every host name, IP literals included, resolves to
 * nothing, and every connection would go through a proxy whose name cannot resolve either, loopback
 * included (`<-loopback>` removes Chromium's implicit bypass of 127.0.0.1 and localhost). file: URLs
 * (the book, the fonts) use neither. Each of the two alone kept the count of connections at 0 in
 * test/hostile.integration.test.ts; both together, so that neither is a single point of failure.
 */
export const OFFLINE_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=http://paiban-offline.invalid:9', '--proxy-bypass-list=<-loopback>'];

/** Flags for a quiet, offline, headless Chromium that also runs as root (CI, containers). */
export const CHROMIUM_ARGS = [
  ...OFFLINE_ARGS,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
];

export async function launchChromium(executablePath = findChromium()): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    throw new PaibanError(`Chromium (${executablePath}) did not start: ${String((error as Error).message).split('\n')[0]}`, {
      hint: 'Check that it runs: `chromium --headless --no-sandbox --dump-dom about:blank`. On Debian: sudo apt-get install chromium.',
      cause: error,
    });
  }
}
