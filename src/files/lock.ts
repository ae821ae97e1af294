import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { readBookFile } from './read.js';
import { makeFolderOnce, removeFolder, writeFileSafely } from './write.js';
import { writeError } from './write-error.js';

const COMMIT_LOCK = '.paiban-commit.lock';
/** How long a commit waits for another build's commit to finish (a commit is a few renames). */
const COMMIT_LOCK_WAIT_MS = 120_000;
/** A lock held longer than this is taken over even when its pid names a live process (pids are reused; locks are planted). */
const STALE_LOCK_MS = 60_000;

/**
 * Runs `commit` holding out/.paiban-commit.lock, a folder (mkdir is atomic) with the holder's pid inside:
 * a lock whose holder died, that never got its pid for ten seconds, or that is older than a minute, is taken over.
 */
export async function withCommitLock<T>(outDir: string, commit: () => Promise<T>): Promise<T> {
  const lock = path.join(outDir, COMMIT_LOCK);
  const root = path.dirname(path.resolve(outDir));
  const deadline = Date.now() + COMMIT_LOCK_WAIT_MS;
  for (;;) {
    let taken: boolean;
    try {
      taken = await makeFolderOnce(root, lock);
    } catch (error) {
      throw error instanceof PaibanError && !error.cause ? error : writeError(error instanceof PaibanError ? error.cause : error, outDir);
    }
    if (taken) break;
    // Read as a small regular file inside out/: a planted named pipe or link must not hang or leak.
    const holder = Number(await readBookFile(outDir, path.join(lock, 'pid'), { what: 'The commit lock', maxBytes: 64 }).then(String, () => ''));
    const age = Date.now() - ((await lstat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
    // A commit is a few renames: a lock older than a minute is stale whoever it names (a planted one names pid 1).
    if ((holder > 0 && !processAlive(holder)) || (!(holder > 0) && age > 10_000) || age > STALE_LOCK_MS) {
      await removeFolder(root, lock);
      continue;
    }
    if (Date.now() > deadline) {
      throw new PaibanError(`Another build of this book has been writing to ${outDir} for two minutes; nothing was changed.`, {
        hint: `If no other paiban runs, remove ${lock} and build again.`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    await writeFileSafely(root, path.join(lock, 'pid'), String(process.pid));
    return await commit();
  } finally {
    await removeFolder(root, lock);
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
