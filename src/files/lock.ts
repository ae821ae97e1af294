import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { writeError } from './write-error.js';

const COMMIT_LOCK = '.paiban-commit.lock';
/** How long a commit waits for another build's commit to finish (a commit is a few renames). */
const COMMIT_LOCK_WAIT_MS = 120_000;

/**
 * Runs `commit` holding out/.paiban-commit.lock, a folder (mkdir is atomic) with the holder's pid inside:
 * a lock whose holder died, or that never got its pid for ten seconds, is taken over.
 */
export async function withCommitLock<T>(outDir: string, commit: () => Promise<T>): Promise<T> {
  const lock = path.join(outDir, COMMIT_LOCK);
  const deadline = Date.now() + COMMIT_LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(error, outDir);
      const holder = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''));
      const age = Date.now() - ((await lstat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
      if ((holder > 0 && !processAlive(holder)) || (!(holder > 0) && age > 10_000)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new PaibanError(`Another build of this book has been writing to ${outDir} for two minutes; nothing was changed.`, {
          hint: `If no other paiban runs, remove ${lock} and build again.`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    await writeFile(path.join(lock, 'pid'), String(process.pid));
    return await commit();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
