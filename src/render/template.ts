import { existsSync } from 'node:fs';
import path from 'node:path';
import { isPaibanError, PaibanError } from '../util/errors.js';
import { isSymlinkSync } from '../files/paths.js';
import { readBookFile } from '../files/read.js';
import { htmlText } from '../util/escape.js';

import { PACKAGE_DIR } from '../util/package.js';

export { PACKAGE_DIR };

/**
 * A book may override any template or stylesheet by putting a file of the same name in its own
 * templates/ or styles/ folder; otherwise paiban's default is used.
 */
export function resolveAsset(bookDir: string, folder: 'templates' | 'styles', name: string): string {
  const own = path.join(bookDir, folder, name);
  return existsSync(own) || isSymlinkSync(own) ? own : path.join(PACKAGE_DIR, folder, name);
}


/** Templates and stylesheets are small; a larger file is a mistake. */
const MAX_ASSET_BYTES = 8 * 1024 * 1024;

export async function readAsset(bookDir: string, folder: 'templates' | 'styles', name: string): Promise<{ file: string; text: string }> {
  const file = resolveAsset(bookDir, folder, name);
  const own = file.startsWith(path.join(bookDir, folder) + path.sep);
  // The book's own override is a book file: real path inside the book, readable, a regular file.
  // paiban's default is read from its own folder.
  const what = `The ${folder === 'templates' ? 'template' : 'stylesheet'}`;
  const bytes = await readBookFile(own ? bookDir : PACKAGE_DIR, file, {
    what,
    maxBytes: MAX_ASSET_BYTES,
    ...(own ? {} : { place: { file } }),
  }).catch((error: unknown) => {
    if (!own && isPaibanError(error)) throw new PaibanError(`paiban's own ${folder} file "${name}" cannot be read: ${error.message}`, { file, hint: 'Reinstall paiban.' });
    throw error;
  });
  return { file, text: new TextDecoder().decode(bytes) };
}

/** CSS string literals (fonts.ts and page-rules.ts take it from here). */

/** HTML text (and quoted attributes): the escaping of `{{name}}` slots. */
export const escapeHtml = htmlText;

/**
 * Fills `{{name}}` (HTML-escaped) and `{{{name}}}` (inserted as is) slots. Written by hand because
 * the shells need nothing more, and a template engine would bring loops and logic into the templates.
 * An unknown slot is an error that names the template line, so a typo never prints as blank.
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>, file: string): string {
  return template.replace(/\{\{(\{)?\s*([\w-]+)\s*\}?\}\}/g, (match, raw: string | undefined, name: string, offset: number) => {
    if (!(name in values)) {
      const line = template.slice(0, offset).split('\n').length;
      throw new PaibanError(`Unknown slot ${match} in the template.`, { file, line, hint: `Known slots: ${Object.keys(values).join(', ')}.` });
    }
    const value = values[name] ?? '';
    return raw ? value : escapeHtml(value);
  });
}
