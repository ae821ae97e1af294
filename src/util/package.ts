import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** paiban's own folder (templates/, styles/ and node_modules/ live here): two up from src/util or dist/util. */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** paiban's version, from its package.json. */
export const PAIBAN_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
