import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FONT_PACKAGES, type FontFamily } from '../config/fonts.js';
import { bookFaces } from '../fonts/faces.js';
import { CHROMIUM_ENV, locateChromium } from '../pdf/chromium.js';
import { DEFAULT_CMYK_PROFILE } from '../press/icc.js';
import { SRGB_PROFILE } from '../archive/pdfa.js';
import { PACKAGE_DIR } from '../util/package.js';
import type { Io } from './io.js';

/**
 * `paiban doctor`: what this machine has of what paiban uses, and what each missing piece stops. Every
 * piece but the browser ships with the package (fonts, PDF readers in WebAssembly, colour profiles);
 * mutool, when installed, only makes the layout checks faster.
 */
export interface Finding {
  what: string;
  /** ok; missing (a command cannot run); optional (absent, nothing stops). */
  state: 'ok' | 'missing' | 'optional';
  detail: string;
  /** What does not work without it, or what to do. */
  hint?: string;
}

/** What the checks look at; the real machine by default, a made one in tests. */
export interface Machine {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  nodeVersion: string;
  exists(file: string): boolean;
  /** The file an installed npm package resolves to, or undefined. */
  resolve(specifier: string): string | undefined;
}

const require = createRequire(import.meta.url);

export function thisMachine(): Machine {
  return {
    env: process.env,
    platform: process.platform,
    nodeVersion: process.versions.node,
    exists: existsSync,
    resolve: (specifier) => {
      try {
        return require.resolve(specifier);
      } catch {
        return undefined;
      }
    },
  };
}

/** The program on PATH, as the shell would find it (with .exe on Windows), or undefined. */
export function onPath(name: string, machine: Machine): string | undefined {
  const dirs = (machine.env.PATH ?? machine.env.Path ?? '').split(machine.platform === 'win32' ? ';' : ':').filter(Boolean);
  const names = machine.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  const join = machine.platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of dirs) for (const file of names) if (machine.exists(join(dir, file))) return join(dir, file);
  return undefined;
}

export function diagnose(machine: Machine): Finding[] {
  const findings: Finding[] = [];
  const major = Number(machine.nodeVersion.split('.')[0]);
  findings.push(major >= 20 ? { what: 'Node.js', state: 'ok', detail: machine.nodeVersion } : { what: 'Node.js', state: 'missing', detail: `${machine.nodeVersion}: paiban needs 20 or newer`, hint: 'Install Node.js 20 LTS or newer from nodejs.org (or nodejs.cn).' });

  try {
    const browser = locateChromium(machine.env, machine.exists, machine.platform);
    findings.push({ what: 'browser', state: 'ok', detail: `${browser.path}${browser.how === 'env' ? ` (named by ${CHROMIUM_ENV})` : ''}` });
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    findings.push({ what: 'browser', state: 'missing', detail: (error as Error).message, hint: `build, proof and preview print with it. ${hint ?? ''}`.trim() });
  }

  const missingFonts = (Object.keys(FONT_PACKAGES) as FontFamily[]).filter((family) => {
    try {
      return bookFaces([family]).some((face) => !machine.exists(face.file));
    } catch {
      return true;
    }
  });
  findings.push(
    missingFonts.length
      ? { what: 'fonts', state: 'missing', detail: `not installed: ${missingFonts.join(', ')}`, hint: 'A book in these faces cannot be built. Run `npm ci` in the paiban folder (or reinstall the package).' }
      : { what: 'fonts', state: 'ok', detail: `${Object.keys(FONT_PACKAGES).length} families (${(Object.keys(FONT_PACKAGES) as FontFamily[]).join(', ')})` },
  );

  const pdfium = machine.resolve('@embedpdf/pdfium/pdfium.wasm');
  findings.push(pdfium ? { what: 'PDF reader', state: 'ok', detail: 'PDFium (WebAssembly)' } : { what: 'PDF reader', state: 'missing', detail: '@embedpdf/pdfium is not installed', hint: 'The layout checks, proof, diff, comments and verify read PDFs with it. Run `npm ci` in the paiban folder.' });

  const colour = [path.join(PACKAGE_DIR, 'vendor', 'lcms-wasm', 'lcms.wasm'), DEFAULT_CMYK_PROFILE, SRGB_PROFILE].filter((file) => !machine.exists(file));
  findings.push(
    colour.length
      ? { what: 'colour', state: 'missing', detail: `missing: ${colour.map((file) => path.relative(PACKAGE_DIR, file)).join(', ')}`, hint: 'The print files (CMYK) and the archive (PDF/A) need them. Reinstall paiban.' }
      : { what: 'colour', state: 'ok', detail: 'LittleCMS (WebAssembly), FOGRA39L Coated and sRGB profiles' },
  );

  const mutool = onPath('mutool', machine);
  findings.push(mutool ? { what: 'mutool', state: 'ok', detail: `${mutool} (the layout checks read the printed characters with it, about twice as fast)` } : { what: 'mutool', state: 'optional', detail: 'not installed: the layout checks read the printed characters with PDFium', hint: 'Nothing stops; for faster checks of big books install mupdf-tools (Debian: sudo apt-get install mupdf-tools).' });
  return findings;
}

const MARK: Record<Finding['state'], string> = { ok: '✓', missing: '✗', optional: '·' };

/** Prints the findings; 1 when a piece paiban needs is missing. */
export function runDoctor(io: Io, machine: Machine = thisMachine()): number {
  const findings = diagnose(machine);
  const width = Math.max(...findings.map((finding) => finding.what.length));
  for (const finding of findings) {
    io.out(`  ${MARK[finding.state]} ${finding.what.padEnd(width)}  ${finding.detail}`);
    if (finding.hint && finding.state !== 'ok') io.out(`${' '.repeat(width + 6)}→ ${finding.hint}`);
  }
  const missing = findings.filter((finding) => finding.state === 'missing');
  io.out(missing.length ? `\n${missing.length} missing: see → above.` : '\nEverything paiban needs is here.');
  return missing.length ? 1 : 0;
}
