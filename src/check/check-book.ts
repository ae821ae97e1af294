import { chmod, chown, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { BookConfig } from '../config/schema.js';
import type { FontFamily } from '../config/fonts.js';
import { CONFIG_FILE } from '../config/load.js';
import { checkConfigGlyphs, checkGlyphs } from './glyphs.js';
import { decodeManuscript, manuscriptTooLarge, MAX_MANUSCRIPT_BYTES } from '../manuscript/decode.js';
import { manuscriptNames, refuseDuplicates } from '../manuscript/load.js';
import { PaibanError } from '../util/errors.js';
import { readBookFile, realBookFileSync } from '../files/read.js';
import { resolveInsideBook } from '../files/paths.js';
import { checkManuscript } from './check.js';
import type { ManuscriptRole } from '../manuscript/front-matter.js';
import { loadHtmlStages, mayHaveHtml } from './lost-text.js';
import { unlistedManuscripts } from './unlisted.js';

export interface CheckOptions {
  /** Repair what is safe to repair, then report what remains. */
  fix?: boolean;
  /** Paths in the report are shown relative to this folder. */
  cwd?: string;
  /** The book's fonts: characters none of them has are errors (default: every font paiban has). */
  fonts?: readonly FontFamily[];
  /** Figures without a picture are allowed: captions alone are intended (figures.captionOnly), or a draft prints placeholders. */
  captionOnly?: boolean;
  /** Checking for a draft build (placeholders for missing pictures). */
  draft?: boolean;
  /** book.yaml's entries.maxTitle: longer 条目 titles are warned about. */
  maxTitle?: number;
  /** The role of a manuscript whose front matter gives none (`part` in a yearbook: its `###` are 条目). */
  defaultRole?: ManuscriptRole | undefined;
}

/** Checks (and with `fix`, repairs) manuscript files; one VFile each, with its messages. */
export async function checkFiles(files: readonly string[], bookDir: string, options: CheckOptions = {}): Promise<VFile[]> {
  const cwd = options.cwd ?? process.cwd();
  return Promise.all(
    files.map(async (file) => {
      const shown = path.relative(cwd, file) || file;
      let source = decodeManuscript(await readBookFile(bookDir, file, { what: 'Manuscript', maxBytes: MAX_MANUSCRIPT_BYTES, tooLarge: (size) => manuscriptTooLarge(size, file) }), file);
      if (options.fix) {
        const { fixManuscript } = await import('./fix.js');
        const fixed = fixManuscript(source);
        if (fixed !== source) {
          await replaceFileContents(realBookFileSync(bookDir, file, { what: 'Manuscript' }), fixed, path.relative(bookDir, file) || shown);
          source = fixed;
        }
      }
      if (mayHaveHtml(source)) await loadHtmlStages();
      const checked = checkManuscript(source, shown, bookDir, { captionOnly: options.captionOnly === true || options.draft === true, maxTitle: options.maxTitle, defaultRole: options.defaultRole });
      await checkGlyphs(checked, options.fonts);
      checked.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
      return checked;
    }),
  );
}

/**
 * Replaces a file's contents as `--fix` must: through a symlink, the link's target is changed (the
 * caller passes the real path, already checked to be inside the book); the new text is written beside
 * it and renamed over it, so an interrupted fix never leaves half a file; and the file keeps its mode
 * and owner (a 600 manuscript stays 600).
 */
async function replaceFileContents(real: string, text: string, shown: string): Promise<void> {
  const temporary = path.join(path.dirname(real), `.${path.basename(real)}.paiban-fix-${process.pid}`);
  try {
    const before = await stat(real);
    await writeFile(temporary, text, { mode: before.mode & 0o7777, flag: 'wx' });
    await chmod(temporary, before.mode & 0o7777);
    // Only root may give a file away; anyone else writes files they own already.
    if (process.getuid?.() === 0) await chown(temporary, before.uid, before.gid);
    await rename(temporary, real);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new PaibanError(`Cannot write the fixed manuscript "${shown}" (${code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'its folder is read-only' : (code ?? 'error')}); it is unchanged.`, {
      file: real,
      hint: 'Make the folder writable (chmod u+w), or run `paiban check` without --fix and repair by hand.',
      cause: error,
    });
  }
}

/** Checks every manuscript of a book, and reports the manuscripts book.yaml's list leaves out. */
export async function checkBook(bookDir: string, config: BookConfig, options: CheckOptions = {}): Promise<VFile[]> {
  const names = await manuscriptNames(bookDir, config);
  refuseDuplicates(bookDir, names, path.join(bookDir, 'book.yaml'));
  const files = await Promise.all(names.map((name) => resolveInsideBook(bookDir, name)));
  const fonts = [config.fonts.body, config.fonts.heading, config.fonts.caption];
  const configFile = path.join(bookDir, CONFIG_FILE);
  const [yaml, manuscripts, unlisted] = await Promise.all([
    checkConfigGlyphs(configFile, path.relative(options.cwd ?? process.cwd(), configFile) || configFile, fonts),
    checkFiles(files, bookDir, { ...options, fonts, captionOnly: config.figures.captionOnly, maxTitle: config.entries.maxTitle, defaultRole: defaultRole(config) }),
    unlistedManuscripts(bookDir, config, options.cwd ?? process.cwd()),
  ]);
  return [...(yaml.messages.length > 0 ? [yaml] : []), ...manuscripts, ...unlisted];
}

/**
 * A yearbook's manuscripts are 类目 (`part`) unless their front matter says otherwise; another book's
 * have no role, and their `###` are plain headings. (book.yaml's `kind: yearbook` is read without the
 * schema's type, so this works before and after the key exists.)
 */
export function defaultRole(config: BookConfig): ManuscriptRole | undefined {
  return (config as { kind?: unknown }).kind === 'yearbook' ? 'part' : undefined;
}

export function countProblems(files: readonly VFile[]): { errors: number; warnings: number } {
  const messages = files.flatMap((file) => file.messages);
  const errors = messages.filter((message) => message.fatal === true).length;
  return { errors, warnings: messages.length - errors };
}
