import { lstat, mkdtemp, rename, rm, mkdir, open, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PaibanError, type ErrorPlace } from './errors.js';

/** True when `file` itself is a symbolic link (broken or not). */
export function isSymlinkSync(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

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

/** What a book file is to the user ("manuscript", "image", …), where it was named, and the largest size accepted. */
export interface BookFileOptions {
  /** Plain words for the file in messages, e.g. "Manuscript" or "The stylesheet". */
  what: string;
  /** Where the file was named (book.yaml line, manuscript line); default: the file itself. */
  place?: ErrorPlace;
  /** Bytes; larger files are refused before they are read. */
  maxBytes?: number;
  /** Read at most this many bytes (e.g. to look at a file's signature). */
  headBytes?: number;
  /** The error for a file over maxBytes, when the caller words it (default: a generic one). */
  tooLarge?: (bytes: number) => PaibanError;
}

/** O_NONBLOCK: opening a named pipe (FIFO) must not wait for a writer; it is then refused as not a file. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The real path of a book file, refused with a message when it (through any symlink on the way)
 * leads outside the book folder, does not exist, or is not a regular file. Every read of a file of a
 * book goes through here or through readBookFile.
 */
export function realBookFileSync(bookDir: string, file: string, options: BookFileOptions): string {
  const shown = shownPath(bookDir, file);
  let real: string;
  let root: string;
  try {
    root = realpathSync(bookDir);
    real = realpathSync(file);
  } catch (error) {
    throw readError(error, shown, options);
  }
  if (!isInside(root, real)) {
    throw new PaibanError(`${options.what} "${shown}" is a link to a file outside the book folder (${real}); paiban reads nothing outside it.`, {
      ...placeOf(file, options),
      hint: 'Copy the file itself into the book folder instead of linking to it.',
    });
  }
  return real;
}

/** Reads a book file after realBookFileSync's checks: regular file, inside the book, not too large, readable. */
export async function readBookFile(bookDir: string, file: string, options: BookFileOptions): Promise<Buffer> {
  const real = realBookFileSync(bookDir, file, options);
  const shown = shownPath(bookDir, file);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(real, OPEN_FLAGS);
    const info = await handle.stat();
    refuseUnusual(info, shown, file, options);
    if (options.headBytes !== undefined) {
      const buffer = Buffer.alloc(Math.min(options.headBytes, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    }
    return await handle.readFile();
  } catch (error) {
    throw error instanceof PaibanError ? error : readError(error, shown, options, file);
  } finally {
    await handle?.close();
  }
}

/** readBookFile for the synchronous callers (the image check inside a rehype plugin). */
export function readBookFileSync(bookDir: string, file: string, options: BookFileOptions & { headBytes: number }): Buffer {
  const real = realBookFileSync(bookDir, file, options);
  const shown = shownPath(bookDir, file);
  let fd: number | undefined;
  try {
    fd = openSync(real, OPEN_FLAGS);
    const info = fstatSync(fd);
    refuseUnusual(info, shown, file, options);
    const buffer = Buffer.alloc(Math.min(options.headBytes, info.size));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw error instanceof PaibanError ? error : readError(error, shown, options, file);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function refuseUnusual(info: { isFile(): boolean; isDirectory(): boolean; size: number }, shown: string, file: string, options: BookFileOptions): void {
  if (info.isDirectory()) throw new PaibanError(`${options.what} "${shown}" is a folder, not a file.`, { ...placeOf(file, options), hint: 'Name a file, not a folder.' });
  if (!info.isFile()) throw new PaibanError(`${options.what} "${shown}" is not a regular file (a device, socket or pipe).`, { ...placeOf(file, options), hint: 'Name an ordinary file inside the book folder.' });
  if (options.maxBytes !== undefined && options.headBytes === undefined && info.size > options.maxBytes) {
    if (options.tooLarge) throw options.tooLarge(info.size);
    throw new PaibanError(`${options.what} "${shown}" is ${formatSize(info.size)}; at most ${formatSize(options.maxBytes)} is accepted.`, {
      ...placeOf(file, options),
      hint: 'Check that this is the right file; split or shrink it.',
    });
  }
}

function placeOf(file: string, options: BookFileOptions): ErrorPlace {
  return options.place ?? { file };
}

function shownPath(bookDir: string, file: string): string {
  return isInside(bookDir, file) ? path.relative(bookDir, file) || file : file;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A failed read as one line the user can act on: missing, not permitted, a folder, a link loop. */
export function readError(error: unknown, shown: string, options: Pick<BookFileOptions, 'what' | 'place'>, file?: string): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  const place = options.place ?? (file ? { file } : {});
  const say = (why: string, hint: string) => new PaibanError(`${options.what} "${shown}" ${why}.`, { ...place, hint, cause: error });
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return say('does not exist', 'Check the name and the folder.');
    case 'EACCES':
    case 'EPERM':
      return say('cannot be read: permission denied', 'Give yourself read permission (e.g. chmod u+r), or run paiban as the file\'s owner.');
    case 'EISDIR':
      return say('is a folder, not a file', 'Name a file, not a folder.');
    case 'ELOOP':
      return say('is a link that leads to itself (a symlink loop)', 'Replace the link with the file itself.');
    case 'ENAMETOOLONG':
      return say('has a name that is too long', 'Use a shorter file name.');
    default:
      return say(`cannot be read (${code ?? String((error as Error).message)})`, 'Check the file and try again.');
  }
}

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

const COMMIT_LOCK = '.paiban-commit.lock';
/** How long a commit waits for another build's commit to finish (a commit is a few renames). */
const COMMIT_LOCK_WAIT_MS = 120_000;

/**
 * Runs `commit` holding out/.paiban-commit.lock, a folder (mkdir is atomic) with the holder's pid inside:
 * a lock whose holder died, or that never got its pid for ten seconds, is taken over.
 */
async function withCommitLock<T>(outDir: string, commit: () => Promise<T>): Promise<T> {
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

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(await readFile(journalFile, 'utf8')) as Journal;
    } catch {
      journal = undefined;
    }
    if (journal && typeof journal.staging === 'string' && !journal.staging.includes('/') && existsSync(path.join(outDir, journal.staging))) await applyCommit(outDir, journal);
    await rm(journalFile, { force: true });
  }
  for (const name of entries.filter((entry) => entry.startsWith(STAGING_PREFIX) && !entry.endsWith(JOURNAL_SUFFIX) && dead(entry))) {
    if (existsSync(path.join(outDir, name + JOURNAL_SUFFIX))) continue;
    await rm(path.join(outDir, name), { recursive: true, force: true });
  }
}

/** A failed write as the user can act on it: which folder, and whether the disk is full or the folder is not writable. */
export function writeError(error: unknown, outDir: string, unchanged = true): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  // Said only when true: a commit that could not be rolled back leaves its journal for the next run to complete.
  const state = unchanged ? 'The previous outputs are unchanged.' : 'The outputs are incomplete; the next paiban build in this folder completes them.';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PaibanError(`The disk is full: the build could not be written to ${outDir}. ${state}`, { hint: 'Free some disk space, then build again.', cause: error });
  }
  const what = code === 'EISDIR' ? 'a folder stands where an output file goes' : (code ?? 'error');
  return new PaibanError(`Cannot write to the output folder ${outDir} (${what}). ${state}`, {
    hint: 'Check that the folder exists and that you may write to it, or choose another with --out.',
    cause: error,
  });
}
