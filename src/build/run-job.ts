import { Worker } from 'node:worker_threads';
import { PaibanError } from '../util/errors.js';
import { productionJobs, type ProductionJobs, type JobName } from './production-jobs.js';

/**
 * Runs a production job in a worker thread of its own (`where: 'here'`: in this thread). Under the TypeScript sources (the test runner
 * loads src/*.ts, which a bare worker cannot), the job runs in this thread instead: same function,
 * same bytes. Hand-written: a pool library would add a dependency for two or three jobs a build.
 */
export async function runJob<K extends JobName>(job: K, where: 'worker' | 'here', ...args: Parameters<ProductionJobs[K]>): Promise<Awaited<ReturnType<ProductionJobs[K]>>> {
  type Result = Awaited<ReturnType<ProductionJobs[K]>>;
  const call = productionJobs[job] as unknown as (...a: Parameters<ProductionJobs[K]>) => Promise<Result>;
  const workerUrl = new URL('./production-worker.js', import.meta.url);
  if (where === 'here' || !import.meta.url.endsWith('.js')) return call(...args);
  return new Promise<Result>((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { job, args } });
    let settled = false;
    worker.once('message', (message: { result?: unknown; error?: { name: string; message: string; file?: string; line?: number; column?: number; hint?: string; stack?: string } }) => {
      settled = true;
      if (message.error) {
        const { name, message: text, stack, ...place } = message.error;
        if (name === 'PaibanError') reject(new PaibanError(text, place));
        else reject(Object.assign(new Error(text), { stack }));
      } else resolve(message.result as Result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The ${job} worker stopped (exit code ${code}).`));
    });
  });
}
