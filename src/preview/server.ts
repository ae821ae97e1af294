import { createReadStream, unwatchFile, watchFile, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureFolder, makeTemporaryFolder, removeTemporaryFolder } from '../files/write.js';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../config/load.js';
import { PaibanError } from '../util/errors.js';
import { COMMENTS_RECORD_PATH } from './comment-state.js';
import { PREVIEW_CSP, previewPage } from './page.js';
import { bookInputs, PreviewSession, type PreviewState } from './session.js';
import { watchBook, type BookWatcher } from './watch.js';

export const DEFAULT_PORT = 7788;
/** Resolution of the page images: shown at the page's real size (CSS mm), 1.5 image pixels per CSS pixel. */
export const DEFAULT_PREVIEW_DPI = 120;

export interface PreviewOptions {
  /** 0 picks a free port. Default 7788. */
  port?: number;
  /** Must be a loopback address; default 127.0.0.1. The preview is for this machine only. */
  host?: string;
  writing?: 'horizontal' | 'vertical';
  dpi?: number;
  env?: NodeJS.ProcessEnv;
  debounceMs?: number;
  /** A running browser to print with (tests); by default the preview launches its own and keeps it warm. */
  browser?: Browser;
  log?: (line: string) => void;
  logError?: (line: string) => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  host: string;
  session: PreviewSession;
  /** Stops watching, ends the page connections, waits for a running build, closes the browser, removes the private folder. */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

/** The address to bind: a loopback address, or a PaibanError. `localhost` means 127.0.0.1 (not whatever DNS says). */
export function loopbackHost(host: string | undefined): string {
  const wanted = host ?? '127.0.0.1';
  if (wanted === 'localhost') return '127.0.0.1';
  if (LOOPBACK.test(wanted)) return wanted;
  throw new PaibanError(`The preview binds only to this machine (127.0.0.1), not to "${wanted}".`, {
    hint: 'It serves your unpublished manuscripts and has no login. To show the book to others, send them the PDF from `paiban build`.',
  });
}

/**
 * `paiban preview`: builds the book, serves its printed pages as images on http://127.0.0.1:<port>/,
 * and rebuilds on every change of book.yaml, a manuscript, a style, a template or an image. The page
 * updates itself over server-sent events; a failed build shows its error over the last good pages.
 * Builds go to a private temporary folder, never to the book's out/.
 */
export async function startPreview(bookDir: string, options: PreviewOptions = {}): Promise<PreviewServer> {
  const host = loopbackHost(options.host);
  const dir = path.resolve(bookDir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new PaibanError(`${bookDir} is not a folder.`, { hint: 'Give the book folder, the one with book.yaml in it.' });
  const dpi = options.dpi ?? DEFAULT_PREVIEW_DPI;

  const workDir = await makeTemporaryFolder('paiban-preview-');
  await ensureFolder(workDir, path.join(workDir, 'pages'));
  const session = new PreviewSession(dir, {
    workDir,
    dpi,
    ...(options.writing ? { writing: options.writing } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
  });

  const clients = new Set<ServerResponse>();
  const send = (response: ServerResponse, state: PreviewState) => response.write(`event: state\ndata: ${stateJson(state)}\n\n`);
  const unsubscribe = session.subscribe((state) => clients.forEach((response) => send(response, state)));

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch {
      if (!response.headersSent) respond(response, 500, 'text/plain', 'error');
      else response.destroy();
    }
  });
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    // Another site's page could reach 127.0.0.1 through a DNS name it controls (DNS rebinding): answer only to our own names.
    if (!isOwnHost(request.headers.host)) return respond(response, 403, 'text/plain', 'forbidden');
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(response, 405, 'text/plain', 'method not allowed', { Allow: 'GET, HEAD' });
    // The raw path, not a normalized URL: `..` and `%2e%2e` simply match no route.
    const route = (request.url ?? '/').split('?')[0]!;
    if (route === '/') return respond(response, 200, 'text/html; charset=utf-8', previewPage(session.current.title), { 'Content-Security-Policy': PREVIEW_CSP }, request);
    if (route === '/state.json') return respond(response, 200, 'application/json', stateJson(session.current), {}, request);
    if (route === '/events') {
      response.writeHead(200, { ...SAFE_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write('retry: 1000\n\n');
      send(response, session.current);
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (route === '/book.pdf' && session.pdf) return sendFile(request, response, session.pdf, 'application/pdf', 'no-store');
    const image = /^\/pages\/([^/]+)$/.exec(route);
    const file = image ? session.images.file(image[1]!) : undefined;
    if (file) return sendFile(request, response, file, 'image/png', 'public, max-age=31536000, immutable');
    return respond(response, 404, 'text/plain', 'not found');
  };

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is taken by another program' : error.code === 'EACCES' ? 'may not be used by this user' : `cannot be used (${error.message})`;
      reject(new PaibanError(`Port ${options.port ?? DEFAULT_PORT} on ${host} ${reason}.`, { hint: 'Choose another one with --port, e.g. --port 0 for any free port.', cause: error }));
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve((server.address() as AddressInfo).port));
  }).catch(async (error: unknown) => {
    await session.close();
    await removeTemporaryFolder(workDir);
    throw error;
  });
  const ping = setInterval(() => clients.forEach((response) => response.write(': ping\n\n')), 15_000);
  ping.unref();

  const initial = await loadConfig(dir).then(({ config }) => config).catch(() => undefined);
  const watcher: BookWatcher = watchBook(dir, bookInputs(initial), {
    onChange: (change) => session.request(change),
    ignore: [workDir, path.join(dir, 'out')],
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
  });
  session.onInputs = (inputs) => watcher.setInputs(inputs);
  // The comments `paiban comments` imports are recorded in out/, which the watcher leaves alone (builds
  // write there): poll that one file instead; it may not exist yet, and it is replaced by a rename.
  const record = path.join(dir, COMMENTS_RECORD_PATH);
  const onRecord = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) session.request({ files: [COMMENTS_RECORD_PATH], firstAt: Date.now() });
  };
  watchFile(record, { interval: 300, persistent: false }, onRecord);
  session.request({ files: [], firstAt: Date.now() });

  let closing: Promise<void> | undefined;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    host,
    session,
    close: () =>
      (closing ??= (async () => {
        watcher.close();
        unwatchFile(record, onRecord);
        clearInterval(ping);
        unsubscribe();
        for (const response of clients) response.end();
        clients.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await session.close();
        await removeTemporaryFolder(workDir);
      })()),
  };
}

/**
 * The state as JSON, with `<`, `>`, `&` and the two JavaScript line separators written as \u escapes: the
 * comments' texts come from an untrusted PDF, and so they stay inert wherever the JSON is pasted or sniffed.
 */
export function stateJson(state: PreviewState): string {
  return JSON.stringify(state).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SAFE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Resource-Policy': 'same-origin' };

/** The Host header names this machine, whole: `localhost`, `127.x.x.x` or `[::1]`, with at most a port (`[::1]evil.example` is not). */
export function isOwnHost(header: string | undefined): boolean {
  if (!header) return false;
  return /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/i.test(header);
}

function respond(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}, request?: IncomingMessage): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { ...SAFE_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store', ...headers });
  response.end(request?.method === 'HEAD' ? undefined : bytes);
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: string, type: string, cache: string): void {
  stat(file).then(
    (info) => {
      response.writeHead(200, { ...SAFE_HEADERS, 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
    },
    () => respond(response, 404, 'text/plain', 'not found'),
  );
}
