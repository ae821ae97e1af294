import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR } from '../render/template.js';

/** paiban's version, from its package.json. */
export const PAIBAN_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
