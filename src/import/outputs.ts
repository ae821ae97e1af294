import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load.js';
import { isInside } from '../files/paths.js';
import { ensureFolder, moveFile, removeFile, temporaryName, writeFileSafely } from '../files/write.js';
import { isPaibanError } from '../util/errors.js';
import { outputs } from './messages.js';

/** The book a manuscript is written into: the nearest folder above it with a book.yaml. */
export function findBook(manuscriptDir: string): string | undefined {
  for (let dir = path.resolve(manuscriptDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A file name that is safe on every system and in a Markdown link: letters (Han too), digits, - and _. */
export function safeName(name: string): string {
  const safe = name.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return safe || 'import';
}

/** A path written in a manuscript: relative to its folder, with forward slashes. */
export function relativeFrom(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

export interface PlannedWrite {
  file: string;
  bytes: Buffer | string;
  /** An existing file with exactly these bytes is left as it is (a submission copied into raw/ before). */
  sameIsFine?: boolean;
}

/** The files of one import that would replace something, refused before anything is written (unless --force); a symlink is never written through. */
export function checkTargets(writes: readonly PlannedWrite[], force: boolean): PlannedWrite[] {
  const needed: PlannedWrite[] = [];
  for (const write of writes) {
    let stat: ReturnType<typeof lstatSync> | undefined;
    try {
      stat = lstatSync(write.file);
    } catch {
      stat = undefined;
    }
    if (!stat) {
      needed.push(write);
      continue;
    }
    if (stat.isSymbolicLink()) throw outputs.link(write.file);
    if (write.sameIsFine && stat.isFile() && readFileSync(write.file).equals(Buffer.from(write.bytes))) continue;
    if (!force || !stat.isFile()) throw outputs.exists(write.file);
    needed.push(write);
  }
  return needed;
}

/**
 * Writes the files of one import through files/write.ts (every folder from the book down a real folder,
 * never a link; each file written to an exclusive temporary file of a random name beside its target and
 * renamed over it), so no reader ever sees half a file. A file replaced (--force) waits beside its
 * target, under a random name, until every write is done; when one write fails, the files this import
 * put in place are removed and the replaced ones come back.
 */
export async function writeAll(writes: readonly PlannedWrite[], bookDir: string | undefined): Promise<void> {
  const done: { file: string; root: string; previous?: string }[] = [];
  let current = writes[0]?.file ?? '';
  try {
    for (const write of writes) {
      current = write.file;
      if (bookDir && !isInside(bookDir, write.file)) throw outputs.outsideBook(write.file);
      // Outside a book, the folder the file goes into is the one the user named.
      const root = bookDir ?? path.dirname(path.resolve(write.file));
      await ensureFolder(root, path.dirname(write.file));
      const previous = existsSync(write.file) ? temporaryName(path.dirname(write.file)) : undefined;
      if (previous) await moveFile(root, write.file, previous);
      done.push({ file: write.file, root, ...(previous ? { previous } : {}) });
      await writeFileSafely(root, write.file, write.bytes);
    }
  } catch (error) {
    for (const { file, root, previous } of done.reverse()) {
      await removeFile(root, file).catch(() => undefined);
      if (previous) await moveFile(root, previous, file).catch(() => undefined);
    }
    if (isPaibanError(error) && !(error.cause as NodeJS.ErrnoException | undefined)?.code) throw error;
    const cause = isPaibanError(error) ? error.cause : error;
    throw outputs.writeFailed(current, (cause as NodeJS.ErrnoException).code ?? 'error');
  }
  await Promise.all(done.filter((d) => d.previous).map((d) => removeFile(d.root, d.previous!)));
}
