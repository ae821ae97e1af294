import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isInside } from '../files/paths.js';

/** A burst of file events, gathered until the files were quiet for a moment. */
export interface BookChange {
  /** Paths relative to the book folder; `?` when the system did not say which file. */
  files: string[];
  /** When the first event of the burst came (epoch ms): where the preview's "saved → shown" time starts. */
  firstAt: number;
}

/** What a book's build reads, as far as the watcher needs to know. */
export interface BookInputs {
  /** Folders watched with everything below them (manuscripts/, styles/, templates/, images/, …). */
  folders: string[];
  /** Files at the top of the book folder that are inputs (book.yaml, manuscripts listed there). */
  files: string[];
}

export interface WatchOptions {
  onChange: (change: BookChange) => void;
  /** Quiet time that ends a burst (editors write a file twice, or write a temp file and rename it). Default 40 ms. */
  debounceMs?: number;
  /** A burst never waits longer than this from its first event. Default 250 ms. */
  maxWaitMs?: number;
  /** Folders never reported (the preview's own output). */
  ignore?: string[];
}

export interface BookWatcher {
  /** Watch these inputs from now on (after book.yaml changed what the book reads). */
  setInputs(inputs: BookInputs): void;
  close(): void;
}

/** Editors' temporary and backup files, and hidden files: never an input. */
export function isNoise(name: string): boolean {
  const base = path.basename(name);
  return base.startsWith('.') || base.endsWith('~') || /^#.*#$/.test(base) || /\.(swp|swx|swo|tmp|bak|crswap)$/i.test(base) || base === '4913';
}

/**
 * Watches a book's inputs and reports bursts of changes. Only the inputs are watched, not the whole book
 * folder: a book folder may be a repository with node_modules/ and out/ in it (the sample book is), and a
 * recursive watch would put an inotify watch on every folder there and wake on every build's output.
 * The top of the book folder is watched on its own (book.yaml, files listed in it, and input folders
 * being created, removed or renamed, after which their watch is set up again).
 */
export function watchBook(bookDir: string, inputs: BookInputs, options: WatchOptions): BookWatcher {
  const root = path.resolve(bookDir);
  const debounceMs = options.debounceMs ?? 40;
  const maxWaitMs = options.maxWaitMs ?? 250;
  const ignore = (options.ignore ?? []).map((dir) => path.resolve(dir));
  const folders = new Map<string, FSWatcher | undefined>();
  let topFiles = new Set<string>();
  let closed = false;

  let burst: { files: Set<string>; firstAt: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    const done = burst;
    burst = undefined;
    if (done && !closed) options.onChange({ files: [...done.files].sort(), firstAt: done.firstAt });
  };
  const report = (file: string) => {
    if (closed) return;
    const absolute = path.resolve(root, file);
    if (file !== '?' && ignore.some((dir) => isInside(dir, absolute))) return;
    burst ??= { files: new Set(), firstAt: Date.now() };
    burst.files.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, burst.firstAt + maxWaitMs - Date.now())));
  };

  const watchFolder = (folder: string) => {
    folders.get(folder)?.close();
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (name && isNoise(name)) return;
        report(name ? path.relative(root, path.join(folder, name.toString())) : path.relative(root, folder) || '?');
      });
      // A watched folder that is removed ends its watch; the top-level watch sees it come back.
      watcher.on('error', () => {
        watcher?.close();
        if (folders.get(folder) === watcher) folders.set(folder, undefined);
      });
    } catch {
      watcher = undefined; // missing for now (styles/ is optional); the top-level watch sees it created
    }
    folders.set(folder, watcher);
  };

  const top = watch(root, (_event, name) => {
    const base = name?.toString();
    if (!base) return report('?');
    const absolute = path.join(root, base);
    if (folders.has(absolute)) {
      watchFolder(absolute);
      report(base);
    } else if (topFiles.has(base)) {
      report(base);
    }
  });
  top.on('error', () => undefined);

  const setInputs = (next: BookInputs) => {
    topFiles = new Set(next.files.map((file) => path.relative(root, path.resolve(root, file))).filter((file) => !file.includes(path.sep) && !file.startsWith('..')));
    const wanted = new Set(next.folders.map((folder) => path.resolve(root, folder)).filter((folder) => folder !== root && isInside(root, folder) && !ignore.some((dir) => isInside(dir, folder))));
    for (const [folder, watcher] of folders) {
      if (wanted.has(folder)) continue;
      watcher?.close();
      folders.delete(folder);
    }
    for (const folder of wanted) if (!folders.has(folder)) watchFolder(folder);
  };
  setInputs(inputs);

  return {
    setInputs,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      top.close();
      for (const watcher of folders.values()) watcher?.close();
      folders.clear();
    },
  };
}
