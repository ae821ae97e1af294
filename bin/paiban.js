#!/usr/bin/env node
// The CLI is written in TypeScript and compiled to dist/ by scripts/setup.sh (`npm run compile`), and by `npm pack` (`prepack`) for the package.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('paiban is not compiled yet. Run `npm run compile` (or `bash scripts/setup.sh`) in the paiban folder first.');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
