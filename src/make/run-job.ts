import { Worker } from 'node:worker_threads';
import { PaibanError } from '../util/errors.js';
import { productionJobs, type ProductionJobs, type JobName } from './production-jobs.js';

type Result<K extends JobName> = Awaited<ReturnType<ProductionJobs[K]>>;

interface ErrorParts {
  name: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  stack?: string;
}

/** Runs production jobs (see production-jobs.ts) one after another in one place; close() when done. */
export interface JobRunner {
  run<K extends JobName>(job: K, ...args: Parameters<ProductionJobs[K]>): Promise<Result<K>>;
  close(): Promise<void>;
}

/**
 * A runner whose jobs run in one worker thread (`where: 'here'`: in this thread). One worker serves every
 * output of a build: starting one costs ~0.3 CPU s (loading pdf-lib again), and what a job parsed is
 * garbage once it has answered, so the next job reuses that memory; close() gives all of it back.
 * Under the TypeScript sources (the test runner loads src/*.ts, which a bare worker cannot), jobs run
 * in this thread instead: same functions, same bytes. Hand-written: a pool library would add a
 * dependency for three jobs a build.
 */
export function jobRunner(where: 'worker' | 'here'): JobRunner {
  if (where === 'here' || !import.meta.url.endsWith('.js')) {
    return {
      run: (job, ...args) => (productionJobs[job] as (...a: unknown[]) => Promise<never>)(...args),
      close: async () => undefined,
    };
  }
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void; job: JobName }>();
  const failAll = (error: (job: JobName) => Error) => {
    for (const { reject, job } of pending.values()) reject(error(job));
    pending.clear();
    worker = undefined;
  };
  const start = () => {
    const started = new Worker(new URL('./production-worker.js', import.meta.url));
    started.on('message', (message: { id: number; result?: unknown; error?: ErrorParts }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(asError(message.error));
      else waiting.resolve(message.result);
    });
    started.on('error', (error) => failAll(() => error));
    started.on('exit', (code) => failAll((job) => new Error(`The ${job} worker stopped (exit code ${code}).`)));
    // An idle worker does not keep the process alive.
    started.unref();
    return started;
  };
  return {
    run<K extends JobName>(job: K, ...args: Parameters<ProductionJobs[K]>): Promise<Result<K>> {
      worker ??= start();
      const id = next++;
      const running = worker;
      running.ref();
      return new Promise<Result<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, job });
        running.postMessage({ id, job, args });
      }).finally(() => {
        if (pending.size === 0) running.unref();
      });
    },
    async close() {
      const closing = worker;
      worker = undefined;
      if (closing) {
        closing.removeAllListeners('exit');
        await closing.terminate();
      }
    },
  };
}

/** Runs one production job in a worker thread of its own (`where: 'here'`: in this thread). */
export async function runJob<K extends JobName>(job: K, where: 'worker' | 'here', ...args: Parameters<ProductionJobs[K]>): Promise<Result<K>> {
  const runner = jobRunner(where);
  try {
    return await runner.run(job, ...args);
  } finally {
    await runner.close();
  }
}

/** A worker's error as it was thrown: a PaibanError stays one (file, line, hint), anything else keeps its stack. */
function asError({ name, message, stack, ...place }: ErrorParts): Error {
  if (name === 'PaibanError') return new PaibanError(message, place);
  return Object.assign(new Error(message), { stack });
}
