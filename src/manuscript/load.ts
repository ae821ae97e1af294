import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import type { BookConfig } from '../config/schema.js';
import { PaibanError } from '../util/errors.js';
import { readBookFile } from '../files/read.js';
import { isRootedPath, resolveInsideBook, writtenPath } from '../files/paths.js';
import { decodeManuscript, manuscriptTooLarge, MAX_MANUSCRIPT_BYTES } from './decode.js';
import type { FrontMatter } from './front-matter.js';
import { parseManuscript } from './parse.js';

export const MANUSCRIPT_DIR = 'manuscripts';

export interface Manuscript {
  /** Absolute path. */
  file: string;
  /** Path relative to the book folder, as shown in messages. */
  name: string;
  meta: FrontMatter;
  tree: Root;
  /** The front matter's `source:` (raw text it was made from), relative to the book folder. */
  source?: string;
}

/** The manuscripts of a book in reading order: book.yaml's list, or manuscripts/*.md by `order` then name. */
export async function loadManuscripts(bookDir: string, config: BookConfig, configFile = 'book.yaml'): Promise<Manuscript[]> {
  const names = await manuscriptNames(bookDir, config);
  if (names.length === 0) {
    throw new PaibanError(`No manuscripts found in ${MANUSCRIPT_DIR}/.`, {
      file: configFile,
      hint: `Put Markdown files (*.md) in ${MANUSCRIPT_DIR}/, or list them under "manuscripts:" in book.yaml.`,
    });
  }
  refuseDuplicates(bookDir, names, configFile);
  const manuscripts = await Promise.all(names.map((name) => loadManuscript(bookDir, name, configFile)));
  return config.manuscripts ? manuscripts : sortByOrder(manuscripts);
}

/** The manuscripts' paths relative to the book folder: book.yaml's list, or every manuscripts/*.md. */
export async function manuscriptNames(bookDir: string, config: BookConfig): Promise<string[]> {
  return config.manuscripts ?? (await listManuscriptFiles(bookDir));
}

/** Every manuscripts/*.md, relative to the book folder, by name. */
export async function listManuscriptFiles(bookDir: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(bookDir, MANUSCRIPT_DIR), { withFileTypes: true });
    return entries
      // Symlinks too: one that stays inside the book is read, one that leads out is refused when read.
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.md'))
      .map((entry) => `${MANUSCRIPT_DIR}/${entry.name}`)
      .sort();
  } catch {
    return [];
  }
}

async function loadManuscript(bookDir: string, name: string, configFile: string): Promise<Manuscript> {
  const file = await resolveInsideBook(bookDir, name, { file: configFile });
  const bytes = await readBookFile(bookDir, file, { what: 'Manuscript', place: { file: configFile }, maxBytes: MAX_MANUSCRIPT_BYTES, tooLarge: (size) => manuscriptTooLarge(size, file) });
  const text = decodeManuscript(bytes, file);
  const { meta, tree } = parseManuscript(text, file);
  const source = meta.source === undefined ? undefined : await resolveSource(bookDir, file, meta.source, sourceLine(text));
  return { file, name, meta, tree, ...(source ? { source } : {}) };
}

/**
 * The `source:` file as a path relative to the book folder. It must stay inside the book; whether it
 * exists is the build's business (a missing raw text is worth a warning, not a failed book).
 */
async function resolveSource(bookDir: string, file: string, written: string, line: number): Promise<string> {
  // Rooted paths (/x, C:\x, \\server) stay as written, so that resolveInsideBook refuses them; `\` is a separator.
  const portable = writtenPath(written);
  const target = path.resolve(path.dirname(file), portable);
  const resolved = await resolveInsideBook(bookDir, isRootedPath(portable) ? written : path.relative(bookDir, target), { file, line });
  return path.relative(bookDir, resolved).split(path.sep).join('/');
}

/** Line of the front matter's `source:` key (the front matter starts on line 1). */
function sourceLine(text: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => /^source\s*:/.test(line));
  return index < 0 ? 1 : index + 1;
}

/** A manuscript listed twice in book.yaml would print twice: refused, naming both entries. */
export function refuseDuplicates(bookDir: string, names: readonly string[], configFile: string): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    // The file itself, not its name: `A.md` and `a.md` on a case-insensitive disk, or a link to another
    // manuscript, are one file listed twice.
    const resolved = path.resolve(bookDir, name);
    const info = statSyncOrUndefined(resolved);
    const key = info ? `${info.dev}:${info.ino}` : resolved;
    const first = seen.get(key);
    if (first !== undefined) {
      const same = path.resolve(bookDir, first) === resolved;
      throw new PaibanError(same ? `Manuscript "${name}" is listed twice under "manuscripts:"${first === name ? '' : ` (also as "${first}")`}; it would print twice.` : `Manuscripts "${first}" and "${name}" are one file (a link, or names that differ only in case); it would print twice.`, {
        file: configFile,
        hint: same ? 'List each manuscript once.' : 'Keep one of the two names: delete the link or rename the file.',
      });
    }
    seen.set(key, name);
  }
}

function statSyncOrUndefined(file: string): { dev: number; ino: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Sorts by front matter `order` (files without one go last, by name); two files with one order is an error. */
export function sortByOrder(manuscripts: Manuscript[]): Manuscript[] {
  const seen = new Map<number, string>();
  for (const manuscript of manuscripts) {
    const { order } = manuscript.meta;
    if (order === undefined) continue;
    const other = seen.get(order);
    if (other) {
      throw new PaibanError(`"order: ${order}" is used by two manuscripts: ${other} and ${manuscript.name}.`, {
        file: manuscript.file,
        hint: 'Give each manuscript its own order number.',
      });
    }
    seen.set(order, manuscript.name);
  }
  const rank = (m: Manuscript) => m.meta.order ?? Number.POSITIVE_INFINITY;
  return [...manuscripts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
