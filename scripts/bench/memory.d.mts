// Types of memory.mjs, for the tests.
export interface MemoryWindow {
  samples: number;
  nodePssKb: number;
  nodeRssKb: number;
  childrenPssKb: number;
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
export function canSampleMemory(): boolean;
export function startMemorySampler(options?: { intervalMs?: number; budgetMs?: number; root?: number }): { mark(): Promise<MemoryWindow>; stop(): Promise<void> } | null;
export function mergeWindows(windows: readonly (MemoryWindow | null | undefined)[]): MemoryWindow | null;
export function busyCores(ms?: number): Promise<number>;
export function waitForIdle(maxSeconds: number, threshold?: number): Promise<{ waitedSeconds: number; busyCores: number }>;
