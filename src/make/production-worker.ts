import { parentPort } from 'node:worker_threads';
import { productionJobs, type JobName } from './production-jobs.js';

/** Runs production jobs (see production-jobs.ts) as run-job.ts sends them, and posts back each result, or the error's parts. */
parentPort!.on('message', async ({ id, job, args }: { id: number; job: JobName; args: unknown[] }) => {
  try {
    const result = await (productionJobs[job] as (...a: unknown[]) => Promise<unknown>)(...args);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    const e = error as Error & { file?: string; line?: number; column?: number; hint?: string };
    parentPort!.postMessage({ id, error: { name: e.name, message: String(e.message), file: e.file, line: e.line, column: e.column, hint: e.hint, stack: e.stack } });
  }
});
