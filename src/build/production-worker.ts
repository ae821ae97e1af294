import { parentPort, workerData } from 'node:worker_threads';
import { productionJobs, type JobName } from './production-jobs.js';

/** Runs one production job (see production-jobs.ts) and posts back its result, or the error's parts. */
const { job, args } = workerData as { job: JobName; args: unknown[] };
try {
  const result = await (productionJobs[job] as (...a: unknown[]) => Promise<unknown>)(...args);
  parentPort!.postMessage({ result });
} catch (error) {
  const e = error as Error & { file?: string; line?: number; column?: number; hint?: string };
  parentPort!.postMessage({ error: { name: e.name, message: String(e.message), file: e.file, line: e.line, column: e.column, hint: e.hint, stack: e.stack } });
}
