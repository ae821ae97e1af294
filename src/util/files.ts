import { mkdtemp, rename, rm, mkdir, realpath, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PaibanError } from './errors.js';

/** True when `target` is `root` or lies below it (after resolving `..`). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves a path written in a manuscript or book.yaml against the book folder and refuses anything
 * that would leave it: `../`, absolute paths, and symlinks that point outside.
 */
export async function resolveInsideBook(bookDir: string, written: string, place: { file?: string; line?: number } = {}): Promise<string> {
  const refuse = (why: string) =>
    new PaibanError(`"${written}" ${why}.`, {
      ...place,
      hint: 'Put the file inside the book folder and write its path relative to the book folder.',
    });
  if (path.isAbsolute(written) || /^[a-z][a-z0-9+.-]*:/i.test(written)) throw refuse('is not a relative path inside the book folder');
  const resolved = path.resolve(bookDir, written);
  if (!isInside(bookDir, resolved)) throw refuse('points outside the book folder');
  if (existsSync(resolved)) {
    const [realRoot, realTarget] = await Promise.all([realpath(bookDir), realpath(resolved)]);
    if (!isInside(realRoot, realTarget)) throw refuse('is a link to a file outside the book folder');
  }
  return resolved;
}

/** Folder in out/ that keeps the previous build's PDF. */
export const HISTORY_DIR = '.history';

/**
 * Collects a build's outputs in a private folder next to their destination and moves them into place
 * only when every one of them is complete, so a failed build leaves the previous outputs untouched and
 * two builds at once never see each other's half-written files.
 */
export class Staging {
  private constructor(
    readonly dir: string,
    private readonly outDir: string,
  ) {}

  static async open(outDir: string): Promise<Staging> {
    try {
      await mkdir(outDir, { recursive: true });
      // Same folder as the outputs, so the final rename never crosses a file system.
      return new Staging(await mkdtemp(path.join(outDir, '.paiban-build-')), outDir);
    } catch (error) {
      throw writeError(error, outDir);
    }
  }

  /** Where to write a file that will become `outDir/name`. */
  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Writes a file of the build; a full disk or an unwritable folder becomes a message, not a stack trace. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    try {
      await writeFile(this.path(name), data);
    } catch (error) {
      throw writeError(error, this.outDir);
    }
  }

  /** Moves the named files into the output folder, each with one atomic rename. */
  async commit(names: readonly string[], options: { keepPrevious?: readonly string[] } = {}): Promise<string[]> {
    // The last build's copy of these files moves to out/.history/, for `paiban diff` and proofs.
    const history = path.join(this.outDir, HISTORY_DIR);
    for (const name of (options.keepPrevious ?? []).filter((n) => existsSync(path.join(this.outDir, n)))) {
      try {
        await mkdir(history, { recursive: true });
        await rename(path.join(this.outDir, name), path.join(history, name));
      } catch (error) {
        // Another build of the same book moved it a moment ago: its copy is as good as ours.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(error, this.outDir);
      }
    }
    const finals: string[] = [];
    for (const name of names) {
      const final = path.join(this.outDir, name);
      try {
        await rename(this.path(name), final);
      } catch (error) {
        throw writeError(error, this.outDir);
      }
      finals.push(final);
    }
    return finals;
  }

  /** Always called, success or not: nothing of the build stays behind. */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A failed write as the user can act on it: which folder, and whether the disk is full or the folder is not writable. */
export function writeError(error: unknown, outDir: string): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PaibanError(`The disk is full: the build could not be written to ${outDir}. The previous outputs are unchanged.`, { hint: 'Free some disk space, then build again.', cause: error });
  }
  return new PaibanError(`Cannot write to the output folder ${outDir} (${code ?? 'error'}). The previous outputs are unchanged.`, {
    hint: 'Check that the folder exists and that you may write to it, or choose another with --out.',
    cause: error,
  });
}
