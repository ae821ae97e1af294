import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FONT_PACKAGES, type FontFamily } from '../config/fonts.js';
import { PaibanError } from '../util/errors.js';

const require = createRequire(import.meta.url);

/** Folder of an installed font package. */
export function fontPackageDir(family: FontFamily): string {
  const { package: name, weights } = FONT_PACKAGES[family];
  try {
    return path.dirname(require.resolve(`${name}/${weights[0]}.css`));
  } catch {
    throw new PaibanError(`The font "${family}" is not installed (npm package ${name}).`, { hint: 'Run `npm install` in the paiban folder.' });
  }
}

/**
 * The @font-face rules of the given families, taken from the font packages' own CSS with each
 * `url(./files/…)` made absolute, so the book's HTML can live in out/ and still load them.
 * The unicode-range subsets stay: Chromium then loads only the subsets the book's text uses.
 */
export async function fontFaceCss(families: readonly FontFamily[]): Promise<string> {
  const unique = [...new Set(families)];
  const parts = await Promise.all(
    unique.flatMap((family) =>
      FONT_PACKAGES[family].weights.map(async (weight) => {
        const dir = fontPackageDir(family);
        const css = await readFile(path.join(dir, `${weight}.css`), 'utf8').catch(() => {
          throw missingFont(family, path.join(dir, `${weight}.css`));
        });
        const base = pathToFileURL(dir + path.sep).href;
        return css.replace(/url\(\.\/([^)]+)\)/g, (_match, relative: string) => {
          // A missing font file would make Chromium fall back, silently, to a system font (a Type 3 font in the PDF).
          if (relative.endsWith('.woff2') && !existsSync(path.join(dir, relative))) throw missingFont(family, path.join(dir, relative));
          return `url(${base}${relative})`;
        });
      }),
    ),
  );
  return parts.join('\n');
}

function missingFont(family: string, file: string): PaibanError {
  return new PaibanError(`A file of the font "${family}" is missing: ${file}.`, { hint: 'Reinstall the npm packages: run `npm ci` (or `bash scripts/setup.sh`) in the paiban folder.' });
}

/** Folders Chromium may read fonts from (everything else outside the book is refused). */
export function fontDirs(families: readonly FontFamily[]): string[] {
  return [...new Set(families)].map(fontPackageDir);
}
