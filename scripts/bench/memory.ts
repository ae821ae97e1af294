// Peak memory while a build runs: node's own PSS/RSS and the summed PSS of every descendant process
// (Chromium's browser, zygotes, renderers, GPU/utility processes), from /proc every ~100 ms.
// The sampling runs in a worker thread, so it keeps its rhythm while the main thread is busy (pdf-lib,
// unified and the HTML rendering are synchronous).
//
// PSS needs /proc/<pid>/smaps_rollup, which walks the process's page tables: ~50 ms for an idle
// Chromium browser process, 100 ms and more for a renderer holding a 1,000-page layout. Reading it for
// every process every 100 ms would take a core from the build being measured. So each tick reads the
// cheap /proc/<pid>/status (RssAnon, RssShmem) of every process, and smaps_rollup of as many processes
// as fit in a time budget (round robin, the stalest first, new processes at once); a process's PSS
// between its rollups is its last PSS plus the growth of its anonymous and shared memory since (new
// pages are counted whole: private until a fork shares them). Each rollup resets the estimate.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** One mark() window: peaks in kB, counts, and CPU seconds since the mark before. */
export interface MemoryWindow {
  samples: number;
  nodePssKb: number;
  nodeRssKb: number;
  /** Summed PSS of the Chromium processes (descendants named chrom*). */
  childrenPssKb: number;
  /** Summed PSS of the other programs the build ran (e.g. mutool), and their names. */
  toolsPssKb: number;
  sumPssKb: number;
  processes: number;
  tools: string[];
  busyMs: number;
  rollups: number;
  cpuSeconds: number;
  otherCpuSeconds: number;
  windowSeconds: number;
}

export interface MemorySampler {
  mark(): Promise<MemoryWindow>;
  stop(): Promise<void>;
}

interface SamplerSettings {
  root: number;
  intervalMs: number;
  budgetMs: number;
}

/**
 * The sampler's worker thread. It runs from its source text (`eval`), so that the same code works in
 * the compiled bench and in the smoke test, which runs these TypeScript sources (a worker thread of
 * Node 20 cannot load a .ts file by path). So it must name nothing from outside its own body: it
 * requires what it needs (an eval'd worker is CommonJS).
 */
function samplerWorker(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const { root, intervalMs, budgetMs } = workerData as SamplerSettings;
  const port = parentPort;
  if (!port) return;

  // "pid (comm) state ppid ...": comm may hold spaces and parentheses. Fields after comm, 0-based:
  // 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime (clock ticks).
  const statOf = (pid: number): string[] | null => {
    try {
      const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  /**
   * CPU ticks of a process and of the children it has waited for (a renderer that ended still counts,
   * in the zygote). A process whose parent exits without waiting for it loses its ticks: CPU of a
   * browser that is closed inside the window is undercounted, so the bench marks before closing one.
   */
  const cpuTicks = (pid: number): number => {
    const fields = statOf(pid);
    return fields ? Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) : 0;
  };
  /** Busy ticks of the whole machine (every process, every core). */
  const machineTicks = (): number => {
    const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
    const at = (index: number) => values[index] ?? Number.NaN;
    // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle and iowait (guest is inside user).
    return at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
  };

  /** Process names (comm) of the descendants seen at the last scan. */
  const names = new Map<number, string>();

  const descendants = (): number[] => {
    const children = new Map<number, number[]>();
    names.clear();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = readFileSync('/proc/' + name + '/stat', 'utf8');
      } catch {
        continue;
      }
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      names.set(Number(name), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      const siblings = children.get(ppid) ?? [];
      children.set(ppid, siblings);
      siblings.push(Number(name));
    }
    const found: number[] = [];
    const queue = [...(children.get(root) ?? [])];
    for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
      found.push(pid);
      queue.push(...(children.get(pid) ?? []));
    }
    return found;
  };

  const kb = (text: string, key: string): number => {
    const match = new RegExp('^' + key + ':\\s+(\\d+) kB', 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  interface Status {
    anon: number;
    shmem: number;
    rss: number;
  }
  /** Cheap: resident anonymous and shared memory, and RSS (kB). Null when the process is gone. */
  const status = (pid: number): Status | null => {
    try {
      const text = readFileSync('/proc/' + pid + '/status', 'utf8');
      return { anon: kb(text, 'RssAnon'), shmem: kb(text, 'RssShmem'), rss: kb(text, 'VmRSS') };
    } catch {
      return null;
    }
  };
  /** Expensive: proportional set size (kB). */
  const pss = (pid: number): number | null => {
    try {
      return kb(readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'), 'Pss');
    } catch {
      return null;
    }
  };

  /** Per pid: PSS at its last rollup, with RssAnon + RssShmem then, and when (tick number). */
  const known = new Map<number, { pss: number; base: number; tick: number }>();
  let tickNumber = 0;
  let rollups = 0;

  /** Estimated PSS of each process now, refreshing as many rollups as the budget allows. */
  const measure = (pids: readonly number[]) => {
    tickNumber += 1;
    const now = new Map<number, Status>();
    for (const pid of pids) {
      const st = status(pid);
      if (st) now.set(pid, st);
    }
    for (const pid of [...known.keys()]) if (!now.has(pid)) known.delete(pid);
    // New processes first, then the stalest; always at least one rollup per tick.
    const order = [...now.keys()].sort((a, b) => (known.get(a)?.tick ?? -1) - (known.get(b)?.tick ?? -1));
    const started = performance.now();
    for (const pid of order) {
      if (known.has(pid) && performance.now() - started > budgetMs) break;
      const value = pss(pid);
      if (value === null) continue;
      const st = status(pid) ?? now.get(pid);
      if (!st) continue; // every pid in order has a status in now
      known.set(pid, { pss: value, base: st.anon + st.shmem, tick: tickNumber });
      now.set(pid, st);
      rollups += 1;
    }
    const estimate = new Map<number, number>();
    for (const [pid, st] of now) {
      const last = known.get(pid);
      if (last) estimate.set(pid, Math.max(0, last.pss + st.anon + st.shmem - last.base));
    }
    return { estimate, status: now };
  };

  type Peaks = Omit<MemoryWindow, 'cpuSeconds' | 'otherCpuSeconds' | 'windowSeconds'>;
  const emptyWindow = (): Peaks => ({ samples: 0, nodePssKb: 0, nodeRssKb: 0, childrenPssKb: 0, toolsPssKb: 0, sumPssKb: 0, processes: 0, tools: [], busyMs: 0, rollups: 0 });
  let window = emptyWindow();
  let cpuAtMark = { own: 0, machine: 0, at: 0 };
  const TICK = 0.01; // seconds per clock tick (USER_HZ is 100 on Linux)
  const ownTicks = (pids: readonly number[]): number => cpuTicks(root) + pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  const reset = () => {
    window = emptyWindow();
    rollups = 0;
    cpuAtMark = { own: ownTicks(descendants()), machine: machineTicks(), at: performance.now() };
  };
  /** CPU seconds since the last mark: ours (node + descendants) and everyone else's on the machine. */
  const cpuSinceMark = () => {
    const own = (ownTicks(descendants()) - cpuAtMark.own) * TICK;
    const machine = (machineTicks() - cpuAtMark.machine) * TICK;
    return { cpuSeconds: own, otherCpuSeconds: Math.max(0, machine - own), windowSeconds: (performance.now() - cpuAtMark.at) / 1000 };
  };

  const sample = () => {
    const started = performance.now();
    const pids = descendants();
    const { estimate, status: st } = measure([root, ...pids]);
    // Chromium's processes, and the other programs the build runs (e.g. poppler or mutool for the layout checks).
    let chromium = 0;
    let tools = 0;
    let chromiumCount = 0;
    for (const pid of pids) {
      const name = names.get(pid) ?? '';
      if (/chrom/i.test(name)) {
        chromium += estimate.get(pid) ?? 0;
        chromiumCount += 1;
      } else {
        tools += estimate.get(pid) ?? 0;
        if (name && !window.tools.includes(name)) window.tools.push(name);
      }
    }
    const node = estimate.get(root) ?? 0;
    window.samples += 1;
    window.nodePssKb = Math.max(window.nodePssKb, node);
    window.nodeRssKb = Math.max(window.nodeRssKb, st.get(root)?.rss ?? 0);
    window.childrenPssKb = Math.max(window.childrenPssKb, chromium);
    window.toolsPssKb = Math.max(window.toolsPssKb, tools);
    window.sumPssKb = Math.max(window.sumPssKb, node + chromium + tools);
    window.processes = Math.max(window.processes, chromiumCount);
    window.busyMs += performance.now() - started;
  };

  reset();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    sample();
    timer = setTimeout(tick, intervalMs);
  };
  tick();
  port.on('message', (message: 'mark' | 'stop') => {
    if (message === 'mark') {
      sample();
      const marked: MemoryWindow = { ...window, rollups, ...cpuSinceMark() };
      port.postMessage(marked);
      reset();
    } else if (message === 'stop') {
      clearTimeout(timer);
      port.close();
    }
  });
}

/** True where /proc/<pid>/smaps_rollup exists (Linux ≥ 4.14). */
export function canSampleMemory(): boolean {
  return existsSync(`/proc/${process.pid}/smaps_rollup`);
}

/**
 * Starts sampling every `intervalMs`, spending about `budgetMs` per tick on smaps_rollup (see above).
 * `mark()` returns the peaks since the previous mark (kB: node, Chromium's processes as
 * `childrenPssKb`, other programs the build ran as `toolsPssKb` with their names, all at once as
 * `sumPssKb`), the CPU seconds used meanwhile by node
 * and its descendants (`cpuSeconds`) and by every other process on the machine (`otherCpuSeconds`:
 * other work that competed for the cores), and starts a new window; `stop()` ends the worker.
 * Returns null where /proc is not available.
 */
export function startMemorySampler({ intervalMs = 100, budgetMs = 8, root = process.pid }: Partial<SamplerSettings> = {}): MemorySampler | null {
  if (!canSampleMemory()) return null;
  const settings: SamplerSettings = { root, intervalMs, budgetMs };
  const worker = new Worker(`(${samplerWorker.toString()})();`, { eval: true, workerData: settings });
  const waiting: ((window: MemoryWindow) => void)[] = [];
  worker.on('message', (window: MemoryWindow) => waiting.shift()?.(window));
  return {
    mark: () =>
      new Promise<MemoryWindow>((resolve) => {
        waiting.push(resolve);
        worker.postMessage('mark');
      }),
    stop: async () => {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** The keys of a window that hold a number. */
type Count = { [K in keyof MemoryWindow]: MemoryWindow[K] extends number ? K : never }[keyof MemoryWindow];

/**
 * Several consecutive mark() windows as one: peaks are the highest of any window (each was measured at
 * one instant, so the sum's peak stays an instant's sum), counts and CPU seconds add up.
 */
export function mergeWindows(windows: readonly (MemoryWindow | null | undefined)[]): MemoryWindow | null {
  const present = windows.filter((window): window is MemoryWindow => Boolean(window));
  if (present.length === 0) return null;
  const max = (key: Count) => Math.max(...present.map((w) => w[key] ?? 0));
  const sum = (key: Count) => present.reduce((total, w) => total + (w[key] ?? 0), 0);
  return {
    samples: sum('samples'),
    nodePssKb: max('nodePssKb'),
    nodeRssKb: max('nodeRssKb'),
    childrenPssKb: max('childrenPssKb'),
    toolsPssKb: max('toolsPssKb'),
    sumPssKb: max('sumPssKb'),
    processes: max('processes'),
    tools: [...new Set(present.flatMap((w) => w.tools ?? []))],
    busyMs: sum('busyMs'),
    rollups: sum('rollups'),
    cpuSeconds: sum('cpuSeconds'),
    otherCpuSeconds: sum('otherCpuSeconds'),
    windowSeconds: sum('windowSeconds'),
  };
}

/** Busy cores of the whole machine over `ms` milliseconds (from /proc/stat; NaN where unavailable). */
export async function busyCores(ms = 1000): Promise<number> {
  const read = async () => {
    const [, ...values] = ((await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
    const at = (index: number) => values[index] ?? Number.NaN;
    return { busy: at(0) + at(1) + at(2) + at(5) + at(6) + at(7), at: performance.now() };
  };
  try {
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const second = await read();
    return ((second.busy - first.busy) * 10) / (second.at - first.at); // ticks are 10 ms
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits until the machine is nearly idle (under `threshold` busy cores for a second; the bench's own
 * Chromium idles between builds), at most `maxSeconds`. Returns the seconds waited and the last load.
 */
export async function waitForIdle(maxSeconds: number, threshold = 0.25): Promise<{ waitedSeconds: number; busyCores: number }> {
  const started = performance.now();
  let load = await busyCores();
  while (!(load < threshold) && (performance.now() - started) / 1000 < maxSeconds && Number.isFinite(load)) load = await busyCores();
  return { waitedSeconds: (performance.now() - started) / 1000, busyCores: load };
}
