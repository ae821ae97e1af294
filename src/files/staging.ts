import { lstat, mkdtemp, rename, rm, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { processAlive, withCommitLock } from './lock.js';
import { writeError } from './write-error.js';

export { writeError };

/** Folder in out/ that keeps the previous build's PDF. */
export const HISTORY_DIR = '.history';

/** Prefix of a build's private folder in out/; its name carries the building process's id. */
const STAGING_PREFIX = '.paiban-build-';
/** The commit journal of a staging folder: out/.paiban-build-<pid>-XXXXXX.commit.json. */
const JOURNAL_SUFFIX = '.commit.json';
/** Inside a staging folder: the outputs a commit replaced, until it is done (or rolled back). */
const PREVIOUS_DIR = '.previous';

/** Environment variable for the tests only: milliseconds to wait after each rename of a commit, so a test can kill it midway. */
export const COMMIT_PAUSE_ENV = 'PAIBAN_TEST_COMMIT_PAUSE_MS';

interface Journal {
  /** Base name of the staging folder in out/. */
  staging: string;
  names: string[];
  keepPrevious: string[];
}

/**
 * Collects a build's outputs in a private folder next to their destination and moves them into place
 * only when every one of them is complete, so a failed build leaves the previous outputs untouched and
 * two builds at once never see each other's half-written files.
 *
 * The moves into out/ are made whole by a journal: before the first rename, out/<staging>.commit.json
 * names the outputs; each replaced output waits in the staging folder until all are in. A commit that
 * fails midway (a folder in the way, a full disk) is rolled back at once; one killed midway is
 * completed by the next paiban that opens out/ (its staging folder still holds every output not yet
 * moved). Written by hand: a single rename cannot replace several files, and out/ itself cannot be
 * swapped (it also holds .history and proofs).
 */
export class Staging {
  private constructor(
    readonly dir: string,
    private readonly outDir: string,
  ) {}

  static async open(outDir: string): Promise<Staging> {
    await refuseLinkedOutDir(outDir);
    try {
      await mkdir(outDir, { recursive: true });
      await recoverOutputs(outDir);
      // Same folder as the outputs, so the final rename never crosses a file system.
      return new Staging(await mkdtemp(path.join(outDir, `${STAGING_PREFIX}${process.pid}-`)), outDir);
    } catch (error) {
      throw error instanceof PaibanError ? error : writeError(error, outDir);
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

  /**
   * Moves the named files into the output folder as one change: all of them, or (on an error) none.
   * The previous copies of `keepPrevious` go to out/.history/ (for `paiban diff` and proofs).
   */
  async commit(names: readonly string[], options: { keepPrevious?: readonly string[] } = {}): Promise<string[]> {
    // Two builds of one book at once (two terminals, the preview beside a build) commit one after the
    // other: interleaved, each would move aside the other's fresh outputs.
    return withCommitLock(this.outDir, () => this.commitLocked(names, options));
  }

  private async commitLocked(names: readonly string[], options: { keepPrevious?: readonly string[] }): Promise<string[]> {
    const journal: Journal = { staging: path.basename(this.dir), names: [...names], keepPrevious: [...(options.keepPrevious ?? [])] };
    const journalFile = path.join(this.outDir, journal.staging + JOURNAL_SUFFIX);
    try {
      await writeFile(`${journalFile}.tmp`, JSON.stringify(journal));
      await rename(`${journalFile}.tmp`, journalFile);
    } catch (error) {
      await rm(`${journalFile}.tmp`, { force: true });
      throw writeError(error, this.outDir);
    }
    try {
      await applyCommit(this.outDir, journal);
    } catch (error) {
      const restored = await rollBack(this.outDir, journal).then(
        () => true,
        () => false,
      );
      if (restored) await rm(journalFile, { force: true });
      throw writeError(error, this.outDir, restored);
    }
    await rm(journalFile, { force: true });
    return names.map((name) => path.join(this.outDir, name));
  }

  /** Always called, success or not: nothing of the build stays behind (unless a commit could not be rolled back). */
  async dispose(): Promise<void> {
    if (existsSync(path.join(this.outDir, path.basename(this.dir) + JOURNAL_SUFFIX))) return;
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function refuseLinkedOutDir(outDir: string): Promise<void> {
  let linked = false;
  try {
    linked = (await lstat(outDir)).isSymbolicLink();
  } catch {
    // Not there yet: it is created.
  }
  if (linked) {
    throw new PaibanError(`The output folder ${outDir} is a symlink; paiban writes only into a real folder.`, {
      hint: 'Remove the link (paiban creates the folder), or give a real folder with --out.',
    });
  }
}

/**
 * A journal paiban could have written: a staging folder of its own name and outputs that are plain file
 * names. out/ is in the book folder, which may come from a stranger: a journal naming `..\..\x` (a
 * path on Windows) or `../x` would otherwise move files outside out/.
 */
export function isJournal(journal: unknown): journal is Journal {
  const plain = (name: unknown) => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[\\/:\0]/.test(name);
  const { staging, names, keepPrevious } = (journal ?? {}) as Partial<Journal>;
  return typeof staging === 'string' && /^\.paiban-build-\d+-[A-Za-z0-9_-]+$/.test(staging) && Array.isArray(names) && names.every(plain) && Array.isArray(keepPrevious) && keepPrevious.every(plain);
}

/** The moves of a journal, from wherever a previous attempt stopped: each output still in the staging folder goes in. */
async function applyCommit(outDir: string, journal: Journal): Promise<void> {
  const staging = path.join(outDir, journal.staging);
  const previous = path.join(staging, PREVIOUS_DIR);
  const pause = Number(process.env[COMMIT_PAUSE_ENV] ?? 0);
  await mkdir(previous, { recursive: true });
  for (const name of journal.names) {
    const staged = path.join(staging, name);
    if (!existsSync(staged)) continue;
    const final = path.join(outDir, name);
    if ((await lstat(final).catch(() => undefined))?.isDirectory()) {
      // Never moved aside (it would be deleted with the staging folder): the commit stops and rolls back.
      throw Object.assign(new Error(`${final} is a folder`), { code: 'EISDIR' });
    }
    if (existsSync(final) && !existsSync(path.join(previous, name))) {
      await rename(final, path.join(previous, name));
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    await rename(staged, final);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  for (const name of journal.keepPrevious) {
    if (!existsSync(path.join(previous, name))) continue;
    const history = path.join(outDir, HISTORY_DIR);
    await mkdir(history, { recursive: true });
    await rename(path.join(previous, name), path.join(history, name));
  }
}

/** Undoes a commit that failed midway: every output moved in goes back out, every replaced one comes back. */
async function rollBack(outDir: string, journal: Journal): Promise<void> {
  const staging = path.join(outDir, journal.staging);
  const previous = path.join(staging, PREVIOUS_DIR);
  for (const name of journal.names) {
    const staged = path.join(staging, name);
    const final = path.join(outDir, name);
    if (!existsSync(staged) && existsSync(final)) await rename(final, staged);
    if (existsSync(path.join(previous, name))) await rename(path.join(previous, name), final);
  }
}

/**
 * What killed builds left in out/: a commit with a journal is completed (its staging folder holds
 * every output it had not moved yet); staging folders of builds whose process is gone are removed.
 * Builds still running (another process, same book) are left alone.
 */
export async function recoverOutputs(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    return;
  }
  const ownerOf = (name: string) => Number(/^\.paiban-build-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
  const dead = (name: string) => {
    const pid = ownerOf(name);
    // Folders of older paiban versions carry no pid: left by a run that is long over.
    return Number.isNaN(pid) || !processAlive(pid);
  };
  for (const name of entries.filter((entry) => entry.startsWith(STAGING_PREFIX) && entry.endsWith(JOURNAL_SUFFIX) && dead(entry))) {
    const journalFile = path.join(outDir, name);
    let journal: unknown;
    try {
      journal = JSON.parse(await readFile(journalFile, 'utf8'));
    } catch {
      journal = undefined;
    }
    // Only the journal of its own staging folder (out/<staging>.commit.json), naming plain outputs.
    if (isJournal(journal) && journal.staging + JOURNAL_SUFFIX === name && existsSync(path.join(outDir, journal.staging))) await applyCommit(outDir, journal);
    await rm(journalFile, { force: true });
  }
  for (const name of entries.filter((entry) => entry.startsWith(STAGING_PREFIX) && !entry.endsWith(JOURNAL_SUFFIX) && dead(entry))) {
    if (existsSync(path.join(outDir, name + JOURNAL_SUFFIX))) continue;
    await rm(path.join(outDir, name), { recursive: true, force: true });
  }
}
