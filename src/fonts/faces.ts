import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FONT_PACKAGES, type FontFamily } from '../config/fonts.js';
import { PaibanError } from '../util/errors.js';

const require = createRequire(import.meta.url);

/** One font file of the book: a family at one CSS weight. */
export interface BookFace {
  family: FontFamily;
  weight: number;
  /** Absolute path of the full font file (installed with its npm package). */
  file: string;
  /** The PostScript name in the file's name table: what the PDF's font list shows. */
  postscriptName: string;
}

/** The font files of the given families (each once), in a fixed order. */
export function bookFaces(families: readonly FontFamily[]): BookFace[] {
  return [...new Set(families)].flatMap((family) =>
    Object.entries(FONT_PACKAGES[family].faces).map(([weight, face]) => ({
      family,
      weight: Number(weight),
      file: resolveFontFile(family, face.file),
      postscriptName: face.postscriptName,
    })),
  );
}

function resolveFontFile(family: FontFamily, specifier: string): string {
  let file: string | undefined;
  try {
    file = require.resolve(specifier);
  } catch {
    file = undefined;
  }
  // A missing font file would make Chromium fall back, silently, to a system font (a Type 3 font in the PDF).
  if (!file || !existsSync(file)) {
    throw new PaibanError(`The font "${family}" is not installed (${specifier} from the npm package ${FONT_PACKAGES[family].package}).`, {
      hint: 'Reinstall the npm packages: run `npm ci` (or `bash scripts/setup.sh`) in the paiban folder.',
    });
  }
  return file;
}
