import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { BookConfig } from '../config/schema.js';
import type { FontFamily } from '../config/fonts.js';
import { CONFIG_FILE } from '../config/load.js';
import { checkConfigGlyphs, checkGlyphs } from './glyphs.js';
import { decodeManuscript } from '../manuscript/decode.js';
import { manuscriptNames } from '../manuscript/load.js';
import { resolveInsideBook } from '../util/files.js';
import { checkManuscript, fixManuscript } from './check.js';

export interface CheckOptions {
  /** Repair what is safe to repair, then report what remains. */
  fix?: boolean;
  /** Paths in the report are shown relative to this folder. */
  cwd?: string;
  /** The book's fonts: characters none of them has are errors (default: every font paiban has). */
  fonts?: readonly FontFamily[];
}

/** Checks (and with `fix`, repairs) manuscript files; one VFile each, with its messages. */
export async function checkFiles(files: readonly string[], bookDir: string, options: CheckOptions = {}): Promise<VFile[]> {
  const cwd = options.cwd ?? process.cwd();
  return Promise.all(
    files.map(async (file) => {
      const shown = path.relative(cwd, file) || file;
      let source = decodeManuscript(await readFile(file), file);
      if (options.fix) {
        const fixed = fixManuscript(source);
        if (fixed !== source) {
          // Written beside the original and renamed over it: an interrupted fix never leaves half a file.
          const temporary = `${file}.paiban-fix-${process.pid}`;
          await writeFile(temporary, fixed);
          await rename(temporary, file);
          source = fixed;
        }
      }
      const checked = checkManuscript(source, shown, bookDir);
      await checkGlyphs(checked, options.fonts);
      checked.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
      return checked;
    }),
  );
}

/** Checks every manuscript of a book. */
export async function checkBook(bookDir: string, config: BookConfig, options: CheckOptions = {}): Promise<VFile[]> {
  const names = await manuscriptNames(bookDir, config);
  const files = await Promise.all(names.map((name) => resolveInsideBook(bookDir, name)));
  const fonts = [config.fonts.body, config.fonts.heading, config.fonts.caption];
  const configFile = path.join(bookDir, CONFIG_FILE);
  const [yaml, manuscripts] = await Promise.all([
    checkConfigGlyphs(configFile, path.relative(options.cwd ?? process.cwd(), configFile) || configFile, fonts),
    checkFiles(files, bookDir, { ...options, fonts }),
  ]);
  return yaml.messages.length > 0 ? [yaml, ...manuscripts] : manuscripts;
}

export function countProblems(files: readonly VFile[]): { errors: number; warnings: number } {
  const messages = files.flatMap((file) => file.messages);
  const errors = messages.filter((message) => message.fatal === true).length;
  return { errors, warnings: messages.length - errors };
}
