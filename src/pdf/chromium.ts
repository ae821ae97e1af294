import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PaibanError } from '../util/errors.js';

/** Environment variable that names the Chromium (or Chrome) executable to use. */
export const CHROMIUM_ENV = 'PAIBAN_CHROMIUM';

/** Where Chromium-family browsers install themselves, per platform, in the order they are tried. */
export function usualBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    // Environment names are case-insensitive on Windows; the defaults are those of an English or Chinese Windows.
    const variable = (name: string) => Object.entries(env).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    const programFiles = variable('ProgramFiles') ?? 'C:\\Program Files';
    const programFilesX86 = variable('ProgramFiles(x86)') ?? 'C:\\Program Files (x86)';
    const localAppData = variable('LOCALAPPDATA');
    const roots = [programFilesX86, programFiles, ...(localAppData ? [localAppData] : [])];
    // Edge first: every Windows 10/11 PC has it, so every PC of an office prints with the same engine.
    return [
      ...roots.map((root) => path.win32.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
      ...roots.map((root) => path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...(localAppData ? [path.win32.join(localAppData, 'Chromium', 'Application', 'chrome.exe')] : []),
    ];
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', ...(env.HOME ? [path.posix.join(env.HOME, 'Applications')] : [])];
    const bundles = [
      ['Google Chrome.app', 'Google Chrome'],
      ['Chromium.app', 'Chromium'],
      ['Microsoft Edge.app', 'Microsoft Edge'],
    ];
    return bundles.flatMap(([bundle, binary]) => apps.map((dir) => path.posix.join(dir, bundle!, 'Contents', 'MacOS', binary!)));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];
}

export interface FoundBrowser {
  path: string;
  /** How it was found: named by PAIBAN_CHROMIUM, or at one of the usual install paths. */
  how: 'env' | 'usual path';
}

/** What to do when no browser is found, for this platform. */
function installHint(platform: NodeJS.Platform): string {
  if (platform === 'win32') return `Install Microsoft Edge or Google Chrome, or set ${CHROMIUM_ENV} to the browser's .exe (e.g. set ${CHROMIUM_ENV}=C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe).`;
  if (platform === 'darwin') return `Install Google Chrome, Chromium or Microsoft Edge into /Applications, or set ${CHROMIUM_ENV} to the browser's executable.`;
  return `Install it (Debian/Ubuntu: sudo apt-get install chromium), or set ${CHROMIUM_ENV}=/path/to/chromium.`;
}

/** The env override first, then the usual install locations of this platform; a clear message when none exists. */
export function locateChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync, platform: NodeJS.Platform = process.platform): FoundBrowser {
  const override = env[CHROMIUM_ENV];
  if (override) {
    if (exists(override)) return { path: override, how: 'env' };
    throw new PaibanError(`${CHROMIUM_ENV} is set to "${override}", but no file is there.`, {
      hint: `Point ${CHROMIUM_ENV} at a Chromium, Chrome or Edge executable, or unset it to use the usual install paths.`,
    });
  }
  const found = usualBrowserPaths(platform, env).find((file) => exists(file));
  if (found) return { path: found, how: 'usual path' };
  throw new PaibanError('No Chromium-family browser (Chromium, Chrome, Edge) was found; paiban prints PDFs with it.', { hint: installHint(platform) });
}

/** The browser's executable (see locateChromium). */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync, platform: NodeJS.Platform = process.platform): string {
  return locateChromium(env, exists, platform).path;
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
      hint: `Check that it runs: "${executablePath}" --headless --no-sandbox --dump-dom about:blank. Another browser can be named with ${CHROMIUM_ENV}.`,
      cause: error,
    });
  }
}
