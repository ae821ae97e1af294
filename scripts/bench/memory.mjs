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
import { Worker } from 'node:worker_threads';

const WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
const { root, intervalMs, budgetMs } = workerData;

// "pid (comm) state ppid ...": comm may hold spaces and parentheses. Fields after comm, 0-based:
// 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime (clock ticks).
function statOf(pid) {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
/**
 * CPU ticks of a process and of the children it has waited for (a renderer that ended still counts,
 * in the zygote). A process whose parent exits without waiting for it loses its ticks: CPU of a
 * browser that is closed inside the window is undercounted, so the bench marks before closing one.
 */
function cpuTicks(pid) {
  const fields = statOf(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) : 0;
}
/** Busy ticks of the whole machine (every process, every core). */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle and iowait (guest is inside user).
  return values[0] + values[1] + values[2] + values[5] + values[6] + values[7];
}

/** Process names (comm) of the descendants seen at the last scan. */
const names = new Map();

function descendants() {
  const children = new Map();
  names.clear();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync('/proc/' + name + '/stat', 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    names.set(Number(name), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift();
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

const kb = (text, key) => {
  const match = new RegExp('^' + key + ':\\s+(\\d+) kB', 'm').exec(text);
  return match ? Number(match[1]) : 0;
};
/** Cheap: resident anonymous and shared memory, and RSS (kB). Null when the process is gone. */
function status(pid) {
  try {
    const text = readFileSync('/proc/' + pid + '/status', 'utf8');
    return { anon: kb(text, 'RssAnon'), shmem: kb(text, 'RssShmem'), rss: kb(text, 'VmRSS') };
  } catch {
    return null;
  }
}
/** Expensive: proportional set size (kB). */
function pss(pid) {
  try {
    return kb(readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'), 'Pss');
  } catch {
    return null;
  }
}

/** Per pid: PSS at its last rollup, with RssAnon + RssShmem then, and when (tick number). */
const known = new Map();
let tickNumber = 0;
let rollups = 0;

/** Estimated PSS of each process now, refreshing as many rollups as the budget allows. */
function measure(pids) {
  tickNumber += 1;
  const now = new Map();
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
    known.set(pid, { pss: value, base: st.anon + st.shmem, tick: tickNumber });
    now.set(pid, st);
    rollups += 1;
  }
  const estimate = new Map();
  for (const [pid, st] of now) {
    const last = known.get(pid);
    if (last) estimate.set(pid, Math.max(0, last.pss + st.anon + st.shmem - last.base));
  }
  return { estimate, status: now };
}

let window;
let cpuAtMark;
const TICK = 0.01; // seconds per clock tick (USER_HZ is 100 on Linux)
function ownTicks(pids) {
  return cpuTicks(root) + pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
}
function reset() {
  window = { samples: 0, nodePssKb: 0, nodeRssKb: 0, childrenPssKb: 0, toolsPssKb: 0, sumPssKb: 0, processes: 0, tools: [], busyMs: 0, rollups: 0 };
  rollups = 0;
  cpuAtMark = { own: ownTicks(descendants()), machine: machineTicks(), at: performance.now() };
}
/** CPU seconds since the last mark: ours (node + descendants) and everyone else's on the machine. */
function cpuSinceMark() {
  const own = (ownTicks(descendants()) - cpuAtMark.own) * TICK;
  const machine = (machineTicks() - cpuAtMark.machine) * TICK;
  return { cpuSeconds: own, otherCpuSeconds: Math.max(0, machine - own), windowSeconds: (performance.now() - cpuAtMark.at) / 1000 };
}

function sample() {
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
}

reset();
let timer;
const tick = () => {
  sample();
  timer = setTimeout(tick, intervalMs);
};
tick();
parentPort.on('message', (message) => {
  if (message === 'mark') {
    sample();
    parentPort.postMessage({ ...window, rollups, ...cpuSinceMark() });
    reset();
  } else if (message === 'stop') {
    clearTimeout(timer);
    parentPort.close();
  }
});
`;

/** True where /proc/<pid>/smaps_rollup exists (Linux ≥ 4.14). */
export function canSampleMemory() {
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
export function startMemorySampler({ intervalMs = 100, budgetMs = 8, root = process.pid } = {}) {
  if (!canSampleMemory()) return null;
  const worker = new Worker(WORKER, { eval: true, workerData: { root, intervalMs, budgetMs } });
  const waiting = [];
  worker.on('message', (window) => waiting.shift()?.(window));
  return {
    mark: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        worker.postMessage('mark');
      }),
    stop: async () => {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/**
 * Several consecutive mark() windows as one: peaks are the highest of any window (each was measured at
 * one instant, so the sum's peak stays an instant's sum), counts and CPU seconds add up.
 */
export function mergeWindows(windows) {
  const present = windows.filter(Boolean);
  if (present.length === 0) return null;
  const max = (key) => Math.max(...present.map((w) => w[key] ?? 0));
  const sum = (key) => present.reduce((total, w) => total + (w[key] ?? 0), 0);
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
export async function busyCores(ms = 1000) {
  const read = async () => {
    const { readFile } = await import('node:fs/promises');
    const [, ...values] = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/).map(Number);
    return { busy: values[0] + values[1] + values[2] + values[5] + values[6] + values[7], at: performance.now() };
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
export async function waitForIdle(maxSeconds, threshold = 0.25) {
  const started = performance.now();
  let load = await busyCores();
  while (!(load < threshold) && (performance.now() - started) / 1000 < maxSeconds && Number.isFinite(load)) load = await busyCores();
  return { waitedSeconds: (performance.now() - started) / 1000, busyCores: load };
}
