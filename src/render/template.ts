import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaibanError } from '../util/errors.js';

/** paiban's own folder (templates/, styles/ and node_modules/ live here). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A book may override any template or stylesheet by putting a file of the same name in its own
 * templates/ or styles/ folder; otherwise paiban's default is used.
 */
export function resolveAsset(bookDir: string, folder: 'templates' | 'styles', name: string): string {
  const own = path.join(bookDir, folder, name);
  return existsSync(own) ? own : path.join(PACKAGE_DIR, folder, name);
}

export async function readAsset(bookDir: string, folder: 'templates' | 'styles', name: string): Promise<{ file: string; text: string }> {
  const file = resolveAsset(bookDir, folder, name);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch {
    throw new PaibanError(`The ${folder} file "${name}" is missing.`, { file, hint: `Restore ${folder}/${name} from paiban, or reinstall paiban.` });
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r]+/g, ' ')}"`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

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
