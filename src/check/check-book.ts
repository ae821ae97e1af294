import { realpath } from 'node:fs/promises';
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
import { replaceFileContents } from '../files/write.js';
import { resolveInsideBook } from '../files/paths.js';
import { checkManuscript } from './check.js';
import { typeArea } from '../config/grid.js';
import { headingLimitProblem, LIMITS_RULE } from '../manuscript/limits.js';
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
  /** The type area's characters a line and the gap between columns (em): a manuscript's `columns:` is checked against them. */
  columnLine?: { chars: number; gapEm: number };
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
          await writeFixed(bookDir, realBookFileSync(bookDir, file, { what: 'Manuscript' }), fixed, path.relative(bookDir, file) || shown);
          source = fixed;
        }
      }
      if (mayHaveHtml(source)) await loadHtmlStages();
      const checked = checkManuscript(source, shown, bookDir, { captionOnly: options.captionOnly === true || options.draft === true, maxTitle: options.maxTitle, defaultRole: options.defaultRole, columnLine: options.columnLine });
      await checkGlyphs(checked, options.fonts);
      checked.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
      return checked;
    }),
  );
}

/**
 * Replaces a file's contents as `--fix` must: through a symlink, the link's target is changed (the
 * caller passes the real path, already checked to be inside the book); files/write.ts writes the new
 * text beside it and renames it over it, so an interrupted fix never leaves half a file, and the file
 * keeps its mode and owner (a 600 manuscript stays 600).
 */
async function writeFixed(bookDir: string, real: string, text: string, shown: string): Promise<void> {
  try {
    await replaceFileContents(await realpath(bookDir), real, text);
  } catch (error) {
    const code = ((error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)).code;
    const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'its folder is read-only' : code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : (code ?? 'error');
    throw new PaibanError(`Cannot write the fixed manuscript "${shown}" (${why}); it is unchanged.`, {
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
    checkFiles(files, bookDir, { ...options, fonts, captionOnly: config.figures.captionOnly, maxTitle: config.entries.maxTitle, defaultRole: defaultRole(config), columnLine: { chars: typeArea(config).chars, gapEm: config.layout.columnGap } }),
    unlistedManuscripts(bookDir, config, options.cwd ?? process.cwd()),
  ]);
  countHeadings(manuscripts);
  return [...(yaml.messages.length > 0 ? [yaml] : []), ...manuscripts, ...unlisted];
}

/** The book's headings, counted through the manuscripts in book order: past MAX_HEADINGS, an error at the first one too many. */
function countHeadings(files: readonly VFile[]): void {
  let before = 0;
  for (const file of files) {
    const lines = file.data.headingLines ?? [];
    const problem = headingLimitProblem(lines.length, before, (n) => lines[n - 1]!);
    if (problem) {
      const message = file.message(`${problem.reason}. ${problem.hint}`, { place: { line: problem.line, column: 1 }, ruleId: LIMITS_RULE, source: 'paiban' });
      message.fatal = true;
    }
    before += lines.length;
  }
}

/** A yearbook's manuscripts are 类目 (`part`) unless their front matter says otherwise; another book's have no role. */
export function defaultRole(config: BookConfig): ManuscriptRole | undefined {
  return config.kind === 'yearbook' ? 'part' : undefined;
}

export function countProblems(files: readonly VFile[]): { errors: number; warnings: number } {
  const messages = files.flatMap((file) => file.messages);
  const errors = messages.filter((message) => message.fatal === true).length;
  return { errors, warnings: messages.length - errors };
}
