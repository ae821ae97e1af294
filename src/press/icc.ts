/**
 * ICC colour conversions through Ghostscript (its little-cms): the book's RGB colours to the press
 * profile's CMYK, and a CMYK cover colour back to sRGB for the screen cover. Ghostscript is already
 * what the tests measure ink with, and Debian ships it with the default profile; no npm package does
 * ICC transforms without native code.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { iccProblem } from '../archive/pdfa.js';
import { PaibanError } from '../util/errors.js';
import type { Cmyk, Rgb } from './content-colour.js';

/**
 * The default press profile: Ghostscript's "Artifex CMYK SWOP Profile", a coated-paper (SWOP, US web
 * offset on coated stock) characterization, shipped by Debian's libgs-common (a dependency of the
 * ghostscript package), licensed AGPL-3+ like the rest of Ghostscript.
 */
export const DEFAULT_CMYK_PROFILE = '/usr/share/color/icc/ghostscript/default_cmyk.icc';
export const DEFAULT_CMYK_PACKAGE = 'ghostscript (libgs-common)';

/** Relative colorimetric: in-gamut colours stay exact, the paper white stays white. */
const RENDER_INTENT = 1;

export interface CmykProfile {
  file: string;
  bytes: Uint8Array;
  /** The profile's own description (its desc tag), used as the output condition. */
  description: string;
}

export async function readCmykProfile(file: string): Promise<CmykProfile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new PaibanError('The CMYK press profile is missing; the print files need it as their output intent.', {
      file,
      hint: file === DEFAULT_CMYK_PROFILE ? 'Install it: sudo apt-get install -y ghostscript' : 'Check print.profile in book.yaml.',
      cause: error,
    });
  }
  const problem = iccProblem(bytes, 4);
  if (problem) throw new PaibanError(`Not a usable CMYK output profile: ${problem}.`, { file, hint: 'print.profile must be a CMYK printer profile (ICC v2 or v4).' });
  return { file, bytes, description: iccDescription(bytes) ?? 'CMYK' };
}

/** The text of an ICC profile's desc tag (v2 textDescriptionType or v4 multiLocalizedUnicodeType). */
export function iccDescription(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 132) return undefined;
  const count = view.getUint32(128);
  for (let i = 0; i < count && 132 + 12 * (i + 1) <= bytes.length; i += 1) {
    const at = 132 + 12 * i;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'desc') continue;
    const offset = view.getUint32(at + 4);
    const type = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    if (type === 'desc') {
      const length = view.getUint32(offset + 8);
      return Buffer.from(bytes.subarray(offset + 12, offset + 12 + length)).toString('latin1').replace(/\0+$/, '').trim() || undefined;
    }
    if (type === 'mluc') {
      const recordOffset = view.getUint32(offset + 16 + 8);
      const recordLength = view.getUint32(offset + 16 + 4);
      const utf16 = Buffer.from(bytes.subarray(offset + recordOffset, offset + recordOffset + recordLength));
      return utf16.swap16().toString('utf16le').replace(/\0+$/, '').trim() || undefined;
    }
  }
  return undefined;
}

function ghostscript(args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('gs', ['-q', '-dSAFER', '-dNOPAUSE', '-dBATCH', ...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) resolve(stdout);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new PaibanError('Ghostscript (gs) is not installed; the print files need it to convert colours to CMYK.', {
            hint: 'Install it: sudo apt-get install -y ghostscript (or run scripts/setup.sh).',
            cause: error,
          }),
        );
      } else {
        reject(new PaibanError(`Ghostscript failed: ${ghostscriptError(stderr, stdout) ?? `exit code ${String(error.code)}`}`, { hint: 'Check the CMYK profile (print.profile in book.yaml): Ghostscript could not convert with it.', cause: error }));
      }
    });
  });
}

/**
 * What Ghostscript said went wrong: its first line on stderr, else the error it printed on stdout (with
 * the output going to stdout, a profile it cannot open gives only "Unrecoverable error: undefined in
 * .putdeviceprops" there, and nothing on stderr).
 */
function ghostscriptError(stderr: Buffer, stdout: Buffer): string | undefined {
  const lines = (bytes: Buffer) => bytes.toString('latin1').split(/\r?\n/).map((line) => line.trim());
  return lines(stderr).find(Boolean) ?? lines(stdout).find((line) => /^(Unrecoverable error|Error):/.test(line));
}

const ps = (value: number) => (Math.round(value * 1e6) / 1e6).toFixed(6);

/** Converts sRGB colours (0…1) to the profile's CMYK (0…1, 8-bit precision), one Ghostscript run for all. */
export async function rgbToCmyk(profile: string, colours: readonly Rgb[]): Promise<Cmyk[]> {
  if (colours.length === 0) return [];
  const program = colours.map((rgb, x) => `${rgb.map(ps).join(' ')} setrgbcolor ${x} 0 1 1 rectfill`).join(' ');
  // bitcmyk with 256 grey values: raw 8-bit C, M, Y, K per pixel, one row of one pixel per colour.
  const raw = await ghostscript([
    '-sDEVICE=bitcmyk', '-dGrayValues=256', '-r72', `-g${colours.length}x1`, `-sOutputICCProfile=${profile}`, `-dRenderIntent=${RENDER_INTENT}`,
    '-sOutputFile=-', '-c', `${program} showpage`,
  ]);
  if (raw.length < colours.length * 4) throw new PaibanError(`Ghostscript returned ${raw.length} bytes for ${colours.length} colours.`);
  return colours.map((_, x) => [0, 1, 2, 3].map((c) => raw[x * 4 + c]! / 255) as unknown as Cmyk);
}

/** Converts one CMYK colour (0…1) of the profile to sRGB (0…255), for showing it on screen. */
export async function cmykToRgb(profile: string, cmyk: Cmyk): Promise<[number, number, number]> {
  const raw = await ghostscript([
    '-sDEVICE=ppmraw', '-r72', '-g1x1', `-sDefaultCMYKProfile=${profile}`, `-dRenderIntent=${RENDER_INTENT}`,
    '-sOutputFile=-', '-c', `${cmyk.map(ps).join(' ')} setcmykcolor 0 0 1 1 rectfill showpage`,
  ]);
  const pixel = raw.subarray(raw.length - 3);
  return [pixel[0]!, pixel[1]!, pixel[2]!];
}
