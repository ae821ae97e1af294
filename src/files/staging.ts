import { lstat, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { processAlive, withCommitLock } from './lock.js';
import { readBookFile } from './read.js';
import { assertPlainName, ensureFolder, makePrivateFolder, moveFile, removeFile, removeFolder, writeFileSafely } from './write.js';
import { writeError } from './write-error.js';

export { writeError };

/** Folder in out/ that keeps the previous build's PDF. */
export const HISTORY_DIR = '.history';
/** Folders paiban keeps in out/ across builds: checked (a link refused) when a build opens out/, before it prints. */
const KEPT_DIRS = [HISTORY_DIR, '.fonts'];

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

  /**
   * Opens the output folder for a build: it and the folders paiban keeps in it must be real folders
   * (a link, e.g. `out/.fonts` → ~/.fonts planted by whoever packed the book folder, is refused here,
   * before anything is printed); what killed builds left is recovered; a private staging folder is made.
   */
  static async open(outDir: string): Promise<Staging> {
    const root = outputRoot(outDir);
    try {
      await ensureFolder(root, outDir);
      for (const kept of KEPT_DIRS) await ensureFolder(root, path.join(outDir, kept), { create: false }).catch(refuseOnlyLinks);
      await recoverOutputs(outDir);
      // Same folder as the outputs, so the final rename never crosses a file system.
      return new Staging(await makePrivateFolder(root, outDir, `${STAGING_PREFIX}${process.pid}-`), outDir);
    } catch (error) {
      throw buildWriteError(error, outDir);
    }
  }

  /** Where to write a file that will become `outDir/name`. */
  path(name: string): string {
    return path.join(this.dir, assertPlainName(name));
  }

  /** Writes a file of the build; a full disk or an unwritable folder becomes a message, not a stack trace. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    try {
      await writeFileSafely(this.outDir, this.path(name), data);
    } catch (error) {
      throw buildWriteError(error, this.outDir);
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
    const root = outputRoot(this.outDir);
    try {
      await writeFileSafely(root, journalFile, JSON.stringify(journal));
    } catch (error) {
      throw buildWriteError(error, this.outDir);
    }
    try {
      await applyCommit(this.outDir, journal);
    } catch (error) {
      const restored = await rollBack(this.outDir, journal).then(
        () => true,
        () => false,
      );
      if (restored) await removeFile(root, journalFile);
      if (error instanceof PaibanError) throw error;
      throw writeError(error, this.outDir, restored);
    }
    await removeFile(root, journalFile);
    return names.map((name) => path.join(this.outDir, name));
  }

  /** Always called, success or not: nothing of the build stays behind (unless a commit could not be rolled back). */
  async dispose(): Promise<void> {
    if (existsSync(path.join(this.outDir, path.basename(this.dir) + JOURNAL_SUFFIX))) return;
    await removeFolder(outputRoot(this.outDir), this.dir);
  }
}

/** A failed write of the build in the build's words (the previous outputs are unchanged); a refused link as it is. */
function buildWriteError(error: unknown, outDir: string): PaibanError {
  if (error instanceof PaibanError && !(error.cause as NodeJS.ErrnoException | undefined)?.code) return error;
  return writeError(error instanceof PaibanError ? error.cause : error, outDir);
}

/**
 * The folder an output folder is checked from: its parent, which the user named (the book folder, or
 * where --out points). The output folder itself and everything below it must be real folders.
 */
export function outputRoot(outDir: string): string {
  return path.dirname(path.resolve(outDir));
}

/** A kept folder that is missing is fine (made when needed); one that is a link or a file is not. */
function refuseOnlyLinks(error: unknown): void {
  if (error instanceof PaibanError) throw error;
}

/**
 * A journal paiban could have written, as read back from out/: a staging folder of ours and outputs that
 * are plain file names. out/ is in the book folder, which may come from a stranger: a planted journal
 * naming `../../.bashrc`, `..\..\x` (a path on Windows) or `C:x` would otherwise move files outside out/.
 */
export function isJournal(value: unknown): value is Journal {
  const journal = value as Partial<Journal> | null;
  const plain = (name: unknown) => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\:\0]/.test(name);
  return (
    typeof journal === 'object' &&
    journal !== null &&
    typeof journal.staging === 'string' &&
    journal.staging.startsWith(STAGING_PREFIX) &&
    plain(journal.staging) &&
    Array.isArray(journal.names) &&
    journal.names.every(plain) &&
    Array.isArray(journal.keepPrevious) &&
    journal.keepPrevious.every(plain)
  );
}

/** The moves of a journal, from wherever a previous attempt stopped: each output still in the staging folder goes in. */
async function applyCommit(outDir: string, journal: Journal): Promise<void> {
  if (!isJournal(journal)) throw new Error('internal: a commit journal names a file outside the output folder');
  const root = outputRoot(outDir);
  const staging = path.join(outDir, journal.staging);
  const previous = path.join(staging, PREVIOUS_DIR);
  const pause = Number(process.env[COMMIT_PAUSE_ENV] ?? 0);
  await ensureFolder(root, previous);
  for (const name of journal.names) {
    const staged = path.join(staging, name);
    if (!(await exists(staged))) continue;
    const final = path.join(outDir, name);
    if ((await lstat(final).catch(() => undefined))?.isDirectory()) {
      // Never moved aside (it would be deleted with the staging folder): the commit stops and rolls back.
      throw Object.assign(new Error(`${final} is a folder`), { code: 'EISDIR' });
    }
    // A link at an output's name (planted, or a user's) is moved aside as a link, never followed.
    if ((await exists(final)) && !(await exists(path.join(previous, name)))) {
      await moveFile(root, final, path.join(previous, name));
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    await moveFile(root, staged, final);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  for (const name of journal.keepPrevious) {
    if (!(await exists(path.join(previous, name)))) continue;
    // ensureFolder (in moveFile) refuses a linked out/.history: the previous PDF never leaves the book.
    await moveFile(root, path.join(previous, name), path.join(outDir, HISTORY_DIR, name));
  }
}

/** Something (a file, a folder, a link, broken or not) is at this name. */
async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Undoes a commit that failed midway: every output moved in goes back out, every replaced one comes back. */
async function rollBack(outDir: string, journal: Journal): Promise<void> {
  const root = outputRoot(outDir);
  const staging = path.join(outDir, journal.staging);
  const previous = path.join(staging, PREVIOUS_DIR);
  for (const name of journal.names) {
    const staged = path.join(staging, name);
    const final = path.join(outDir, name);
    if (!(await exists(staged)) && (await exists(final))) await moveFile(root, final, staged);
    if (await exists(path.join(previous, name))) await moveFile(root, path.join(previous, name), final);
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
  const root = outputRoot(outDir);
  for (const name of entries.filter((entry) => entry.startsWith(STAGING_PREFIX) && entry.endsWith(JOURNAL_SUFFIX) && dead(entry))) {
    const journalFile = path.join(outDir, name);
    let journal: unknown;
    try {
      // Bounded, and never a named pipe or a link out of the folder (read.ts): a planted journal must not hang the build.
      journal = JSON.parse((await readBookFile(outDir, journalFile, { what: 'A commit journal', maxBytes: MAX_JOURNAL_BYTES })).toString('utf8'));
    } catch {
      journal = undefined;
    }
    // Only a journal of ours, for a staging folder of ours that is a real folder: recovery moves files.
    if (isJournal(journal) && journal.staging === name.slice(0, -JOURNAL_SUFFIX.length) && (await lstat(path.join(outDir, journal.staging)).catch(() => undefined))?.isDirectory()) {
      await applyCommit(outDir, journal);
    }
    await removeFile(root, journalFile);
  }
  for (const name of entries.filter((entry) => entry.startsWith(STAGING_PREFIX) && !entry.endsWith(JOURNAL_SUFFIX) && dead(entry))) {
    if (existsSync(path.join(outDir, name + JOURNAL_SUFFIX))) continue;
    // A link of that name is unlinked, never followed; a folder's links inside are unlinked too.
    await removeFolder(root, path.join(outDir, name));
  }
}

/** A journal names a few dozen outputs. */
const MAX_JOURNAL_BYTES = 64 * 1024;
