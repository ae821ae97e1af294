import path from 'node:path';
import { z } from 'zod';
import type { Pagination } from '../render/book.js';
import { readBookFile } from '../files/read.js';
import { writeFileSafely } from '../files/write.js';

/**
 * The page layout of the last build of a book, kept in its output folder (`out/.<name>-<writing>.layout.json`)
 * so that the next build prints the body right the first time: on which page the body starts and which
 * chapters have a blank page before them, the page count and the TOC's numbers. It is only a guess: the build checks it against the pages it
 * prints and prints again when it was wrong, so a stale or edited file costs time, never correctness.
 */
const LayoutFile = z.object({
  version: z.literal(1),
  firstBodyPage: z.number().int().positive(),
  blanks: z.array(z.string()),
  /** The page count (the colophon states it). */
  pages: z.number().int().positive().optional(),
  /** The TOC's folios by entry id: the front matter is printed with them beside the book, and used when the book's print confirms them. */
  tocPages: z.record(z.string(), z.string()).optional(),
  /** The index's locators (123a) by spot id: the index is printed with them the first time. */
  locators: z.record(z.string(), z.string()).optional(),
});

export function layoutCacheFile(outDir: string, name: string, writing: string): string {
  return path.join(outDir, `.${name}-${writing}.layout.json`);
}

/** A layout file is a few hundred bytes a chapter; anything far larger is not one paiban wrote. */
const MAX_LAYOUT_BYTES = 1024 * 1024;

export async function readLayoutCache(file: string): Promise<Pagination | undefined> {
  try {
    // Read as a book file, with the output folder as its root: a link out of it, a named pipe, a device
    // or a huge file is no guess (and never blocks the build), like a missing one.
    const bytes = await readBookFile(path.dirname(file), file, { what: 'The last layout', maxBytes: MAX_LAYOUT_BYTES });
    const parsed = LayoutFile.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) return undefined;
    const { firstBodyPage, blanks, pages, tocPages, locators } = parsed.data;
    return { tocPages: new Map(Object.entries(tocPages ?? {})), firstBodyPage, blanks: new Set(blanks), ...(pages ? { pages } : {}), ...(locators ? { locators: new Map(Object.entries(locators)) } : {}) };
  } catch {
    return undefined; // none yet, or unreadable: build without a guess
  }
}

/** Written whole (files/write.ts: a temporary file renamed into place, a link at its name replaced), so a crash never leaves half a file. */
export async function writeLayoutCache(file: string, layout: Pick<Pagination, 'firstBodyPage' | 'blanks' | 'pages'> & Partial<Pick<Pagination, 'tocPages' | 'locators'>>): Promise<void> {
  const tocPages = layout.tocPages?.size ? { tocPages: Object.fromEntries(layout.tocPages) } : {};
  const locators = layout.locators?.size ? { locators: Object.fromEntries(layout.locators) } : {};
  const text = `${JSON.stringify({ version: 1, firstBodyPage: layout.firstBodyPage, blanks: [...layout.blanks].sort(), ...(layout.pages ? { pages: layout.pages } : {}), ...tocPages, ...locators })}\n`;
  // The output folder's parent is the root: out/ itself must be a real folder.
  await writeFileSafely(path.dirname(path.dirname(path.resolve(file))), file, text).catch(() => undefined); // a read-only output folder only costs the next build a guess
}
