import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'parse5';
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
  const text = new TextDecoder().decode(bytes);
  if (own) refuseNavigation(text, file, folder);
  return { file, text };
}

/**
 * A book's own template must not move the print page away from the HTML paiban printed (`<meta
 * http-equiv="refresh">`), change where its relative URLs lead (`<base href>`: the font subsets would
 * not load) or set a policy of its own (`<meta http-equiv="Content-Security-Policy">`); its stylesheet
 * must not end the <style> element it is set in. Chromium would otherwise time out or print something
 * else, and the build would blame the size of the book.
 */
function refuseNavigation(text: string, file: string, folder: 'templates' | 'styles'): void {
  const refuse = (what: string, offset: number) => {
    const line = text.slice(0, offset).split('\n').length;
    return new PaibanError(`${what}; paiban prints only the page it made.`, { file, line, hint: 'Remove it from the book\'s own template or stylesheet.' });
  };
  if (folder === 'styles') {
    const end = /<\/style/i.exec(text);
    if (end) throw refuse('The stylesheet holds "</style", which would end the <style> element it is set in', end.index);
    return;
  }
  // Parsed as a browser does (parse5): entities in attribute values decoded, case ignored, <template> contents included.
  const stack: unknown[] = [parse(text, { sourceCodeLocationInfo: true })];
  while (stack.length) {
    const node = stack.pop() as { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[]; content?: { childNodes?: unknown[] }; sourceCodeLocation?: { startOffset: number } };
    const at = node.sourceCodeLocation?.startOffset ?? 0;
    if (node.tagName === 'base') throw refuse('The template has a <base> element, which changes where every link and font of the book leads', at);
    const equiv = node.tagName === 'meta' ? node.attrs?.find((attr) => attr.name === 'http-equiv')?.value.trim().toLowerCase() : undefined;
    if (equiv && equiv !== 'content-type' && equiv !== 'content-language') throw refuse(`The template has <meta http-equiv="${equiv}">, which would make Chromium reload, leave or restrict the page`, at);
    stack.push(...(node.childNodes ?? []), ...(node.content?.childNodes ?? []));
  }
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
