import { randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, open, realpath, rename, rm, symlink, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { isInside } from './paths.js';
import { fileWriteError } from './write-error.js';

/**
 * Every file paiban writes, renames or deletes goes through this module (test/hardening.structure.test.ts
 * fails on a node:fs write anywhere else), under one rule, because a book folder may come from a
 * stranger and carry symbolic links where paiban expects its own folders (`out/.fonts` → ~/.fonts):
 *
 * - A write names a `root` the caller trusts (the book folder the user named, the parent of the
 *   output folder) and every folder from there down to the file is checked with lstat: a link is
 *   refused with a message naming it, a missing folder is made (one mkdir at a time, which never follows
 *   a link). Nothing is written through a link, so nothing lands outside the folder.
 * - A file is written to a temporary file beside it, created exclusively (`wx`: never an existing file
 *   or a planted link) under a random name, and renamed over the target: a link or a hard link at the
 *   target's name is replaced, never written through, and a reader never sees half a file.
 * - A delete removes only what lstat shows: a link is unlinked, never followed (see owned.ts for which
 *   files paiban may delete at all).
 *
 * Checked then used, by path: someone who can change the book folder while paiban runs could swap a
 * checked folder for a link in between. Node has no openat(); that attacker could edit the manuscripts
 * anyway. The threat here is a folder handed over whole (a zip, a git repository), which this closes.
 */

/** The path as the user would recognise it in a message. */
export function shownPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** The error for a symbolic link found where paiban writes: what it is, and what to do. */
export function linkRefused(link: string, target?: string): PaibanError {
  return new PaibanError(`${shownPath(link)} is a symbolic link${target ? ` (to ${target})` : ''}; paiban writes its files only into real folders, never through a link.`, {
    hint: `Delete the link (rm ${JSON.stringify(shownPath(link))}); paiban makes the folder itself. Or give another output folder with --out.`,
  });
}

async function lstatOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileWriteError(error, file);
  }
}

async function refuseNonFolder(dir: string): Promise<void> {
  const info = await lstatOrUndefined(dir);
  if (info?.isSymbolicLink()) throw linkRefused(dir, await realpath(dir).catch(() => undefined));
  if (info && !info.isDirectory()) {
    throw new PaibanError(`${shownPath(dir)} is a file, not a folder; paiban needs a folder there.`, {
      hint: `Move the file away (paiban makes the folder ${shownPath(dir)} itself).`,
      cause: Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' }),
    });
  }
}

/**
 * `dir`, a folder inside `root` (or `root` itself), made when missing: every folder below `root` on
 * the way is a real folder, never a link (refused with a message). `root` is the caller's to trust (it
 * may itself be reached through a link the user made) and is made, with its parents, when missing.
 * Returns `dir` resolved.
 */
export async function ensureFolder(root: string, dir: string, options: { create?: boolean } = {}): Promise<string> {
  const top = path.resolve(root);
  const target = path.resolve(dir);
  if (!isInside(top, target)) throw new Error(`internal: ${target} is not inside ${top}`);
  const create = options.create !== false;
  try {
    if (create) await mkdir(top, { recursive: true });
  } catch (error) {
    // mkdir -p says EEXIST when a file stands where the folder (or one above it) should be.
    const code = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'ENOTDIR' : undefined;
    throw fileWriteError(code ? Object.assign(new Error(`${top} is not a folder`), { code }) : error, top);
  }
  let current = top;
  for (const part of path.relative(top, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    await refuseNonFolder(current);
    if (!create) continue;
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileWriteError(error, current);
      await refuseNonFolder(current); // appeared meanwhile: checked again
    }
  }
  return target;
}

/** The real path of a folder checked by ensureFolder: what Chromium may read (never a link's target). */
export async function realFolder(root: string, dir: string): Promise<string> {
  await ensureFolder(root, dir);
  return realpath(dir);
}

/**
 * The folders Chromium may read for a build, as real paths: the book folder the user named, and
 * folders of the output folder, each checked to be a real folder (out/.fonts as a link to ~/ would
 * otherwise let a template's <iframe> print a file from there).
 */
export async function readableFolders(bookDir: string, outDir: string, dirsInOut: readonly string[]): Promise<string[]> {
  const root = path.dirname(path.resolve(outDir));
  return [await realpath(bookDir), ...(await Promise.all(dirsInOut.map((dir) => realFolder(root, dir))))];
}

/** A file name paiban chose for a file in a folder of its own: one path segment, no separators. */
export function assertPlainName(name: string): string {
  if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name)) throw new Error(`internal: "${name}" is not a plain file name`);
  return name;
}

/** A random name for a temporary file in `dir`: short (a long target name never makes it too long), unguessable. */
export function temporaryName(dir: string): string {
  return path.join(dir, `.paiban-${randomBytes(9).toString('hex')}.tmp`);
}

export interface WriteOptions {
  /** File mode of the new file (default: 0o666 less the umask, as any new file). */
  mode?: number;
  /** Owner of the new file (only root may give a file away; ignored for anyone else). */
  owner?: { uid: number; gid: number };
}

/**
 * Writes `file` (inside `root`) whole: a temporary file created exclusively beside it, then renamed
 * over it. A link or a hard link at `file` is replaced, never followed; a folder there is refused.
 */
export async function writeFileSafely(root: string, file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<string> {
  const dir = await ensureFolder(root, path.dirname(file));
  const target = path.join(dir, path.basename(file));
  if ((await lstatOrUndefined(target))?.isDirectory()) throw fileWriteError(Object.assign(new Error('a folder'), { code: 'EISDIR' }), target);
  const temporary = temporaryName(dir);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, 'wx', options.mode ?? 0o666);
    await handle.writeFile(data);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    if (options.owner && process.getuid?.() === 0) await handle.chown(options.owner.uid, options.owner.gid);
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw fileWriteError(error, target);
  }
  return target;
}

/**
 * Creates `file` (inside `root`) only when nothing is at its name (not even a link): `paiban init`
 * replaces nothing. Returns false when something is there.
 */
export async function createFileSafely(root: string, file: string, data: string | Uint8Array): Promise<boolean> {
  const dir = await ensureFolder(root, path.dirname(file));
  const target = path.join(dir, path.basename(file));
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(target, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileWriteError(error, target);
  }
  try {
    await handle.writeFile(data);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw fileWriteError(error, target);
  }
  await handle.close();
  return true;
}

/**
 * Replaces the contents of an existing file the user owns (a manuscript: `check --fix`, `comments
 * --apply`): written beside it and renamed over it, keeping its mode and owner. `real` is its real path
 * (already checked to lie inside `root`); through a symlinked manuscript the link's target changes.
 */
export async function replaceFileContents(root: string, real: string, text: string): Promise<void> {
  const before = await lstat(real);
  if (!before.isFile()) throw fileWriteError(Object.assign(new Error('not a regular file'), { code: 'EINVAL' }), real);
  await writeFileSafely(root, real, text, { mode: before.mode & 0o7777, owner: { uid: before.uid, gid: before.gid } });
}

/** Moves `from` to `to`, both inside `root`, their folders checked (the target's made). A link moves as a link. */
export async function moveFile(root: string, from: string, to: string): Promise<void> {
  await ensureFolder(root, path.dirname(from), { create: false });
  await ensureFolder(root, path.dirname(to));
  await rename(from, to);
}

/**
 * Deletes `file` inside `root` if it is there: a link is unlinked (its target stays), a folder is left.
 * The caller decides what may be deleted (owned.ts: files paiban recorded as its own).
 */
export async function removeFile(root: string, file: string): Promise<void> {
  try {
    await ensureFolder(root, path.dirname(file), { create: false });
  } catch {
    return; // no real folder there: nothing of ours to remove
  }
  const info = await lstatOrUndefined(file);
  if (!info || info.isDirectory()) return;
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileWriteError(error, file);
  }
}

/** Deletes a folder paiban made (a staging or work folder) and what is in it; links inside are unlinked, never followed. */
export async function removeFolder(root: string, dir: string): Promise<void> {
  try {
    await ensureFolder(root, path.dirname(dir), { create: false });
  } catch {
    return;
  }
  // fs.rm lstat()s every entry: a link (at the top or inside) is removed as a link.
  await rm(dir, { recursive: true, force: true });
}

/** A new folder of this run, with a random name, inside `parent` (itself inside `root`, checked and made). */
export async function makePrivateFolder(root: string, parent: string, prefix: string): Promise<string> {
  const dir = await ensureFolder(root, parent);
  try {
    return await mkdtemp(path.join(dir, assertPlainName(prefix)));
  } catch (error) {
    throw fileWriteError(error, dir);
  }
}

/** A private folder (mode 700, random name) in the system's temporary folder; remove it with removeTemporaryFolder. */
export async function makeTemporaryFolder(prefix: string): Promise<string> {
  try {
    return await mkdtemp(path.join(os.tmpdir(), assertPlainName(prefix)));
  } catch (error) {
    throw fileWriteError(error, os.tmpdir());
  }
}

export async function removeTemporaryFolder(dir: string): Promise<void> {
  if (!isInside(os.tmpdir(), dir) || path.resolve(dir) === path.resolve(os.tmpdir())) throw new Error(`internal: ${dir} is not a temporary folder`);
  await rm(dir, { recursive: true, force: true });
}

/** Makes the folder `dir` (inside `root`) and only it: false when something is already there (a lock taken). */
export async function makeFolderOnce(root: string, dir: string): Promise<boolean> {
  await ensureFolder(root, path.dirname(dir));
  try {
    await mkdir(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileWriteError(error, dir);
  }
}

/** A relative symbolic link at `link` (inside `root`) to `target`, which must lie inside `root` too. */
export async function linkInside(root: string, target: string, link: string): Promise<void> {
  if (!isInside(root, target)) throw new Error(`internal: ${target} is not inside ${root}`);
  const dir = await ensureFolder(root, path.dirname(link));
  try {
    await symlink(path.relative(dir, target), link, 'dir');
  } catch (error) {
    throw fileWriteError(error, link);
  }
}
