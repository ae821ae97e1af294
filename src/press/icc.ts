/**
 * ICC colour conversions through LittleCMS 2.16 in WebAssembly (vendor/lcms-wasm/, MIT; see
 * scripts/vendor-lcms.sh for why it is vendored): the book's RGB colours to the press profile's CMYK,
 * and a CMYK cover colour back to sRGB for the screen cover. Relative colorimetric with black point
 * compensation, as Ghostscript converted them before (the same colours to 0.4 %, test/press.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { iccProblem } from '../archive/pdfa.js';
import { PaibanError } from '../util/errors.js';
import { PACKAGE_DIR } from '../util/package.js';
import type { Cmyk, Rgb } from './content-colour.js';

/**
 * The default press profile, shipped with paiban: FOGRA39L Coated (ISO 12647-2 sheet-fed offset on
 * coated paper, the condition of ISO Coated v2, common in China beside Japan Color 2001 Coated), made by
 * ArgyllCMS from Fogra's characterization data as colord makes its CC0 profile (scripts/press-profile.sh,
 * profiles/LICENSE).
 */
export const DEFAULT_CMYK_PROFILE = path.join(PACKAGE_DIR, 'profiles', 'FOGRA39L_coated.icc');

/** Relative colorimetric: in-gamut colours stay exact, the paper white stays white. */
const RENDER_INTENT = 1;

export interface CmykProfile {
  file: string;
  bytes: Uint8Array;
  /** The profile's own description (its desc tag), used as the output condition. */
  description: string;
}

/** The profile's bytes, or what to do when they cannot be read. */
async function profileBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new PaibanError('The CMYK press profile is missing; the print files need it as their output intent.', {
      file,
      hint: file === DEFAULT_CMYK_PROFILE ? 'paiban is installed incompletely: install it again (its profiles/ folder is missing).' : 'Check print.profile in book.yaml.',
      cause: error,
    });
  }
}

export async function readCmykProfile(file: string): Promise<CmykProfile> {
  const bytes = await profileBytes(file);
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

/** The few LittleCMS calls used, as lcms-wasm's wrapper gives them. */
interface Lcms {
  cmsOpenProfileFromMem(bytes: Uint8Array, size: number): number;
  cmsCreate_sRGBProfile(): number;
  cmsCloseProfile(profile: number): void;
  cmsCreateTransform(input: number, inputFormat: number, output: number, outputFormat: number, intent: number, flags: number): number;
  cmsDeleteTransform(transform: number): void;
  cmsDoTransform(transform: number, input: Uint16Array, count: number): Uint16Array;
}

interface LcmsModule {
  instantiate(): Promise<Lcms>;
  TYPE_RGB_16: number;
  TYPE_CMYK_16: number;
}

let loading: Promise<LcmsModule & { lcms: Lcms }> | undefined;

function lcms(): Promise<LcmsModule & { lcms: Lcms }> {
  loading ??= (async () => {
    const module = (await import(pathToFileURL(path.join(PACKAGE_DIR, 'vendor', 'lcms-wasm', 'lcms.js')).href)) as LcmsModule;
    return { ...module, instantiate: module.instantiate, lcms: await module.instantiate() };
  })();
  return loading;
}

const BLACK_POINT_COMPENSATION = 0x2000;

/** Runs `values` (16-bit channels) through a transform between sRGB and the profile. */
async function transform(profileFile: string, direction: 'toCmyk' | 'toRgb', values: number[], count: number): Promise<Uint16Array> {
  const { lcms: cms, TYPE_RGB_16, TYPE_CMYK_16 } = await lcms();
  const bytes = await profileBytes(profileFile);
  const cmyk = cms.cmsOpenProfileFromMem(new Uint8Array(bytes), bytes.length);
  if (!cmyk) throw new PaibanError('LittleCMS cannot read the press profile.', { file: profileFile, hint: 'print.profile must be a CMYK printer profile (ICC v2 or v4).' });
  const srgb = cms.cmsCreate_sRGBProfile();
  try {
    const xform = direction === 'toCmyk'
      ? cms.cmsCreateTransform(srgb, TYPE_RGB_16, cmyk, TYPE_CMYK_16, RENDER_INTENT, BLACK_POINT_COMPENSATION)
      : cms.cmsCreateTransform(cmyk, TYPE_CMYK_16, srgb, TYPE_RGB_16, RENDER_INTENT, BLACK_POINT_COMPENSATION);
    if (!xform) throw new PaibanError('LittleCMS cannot convert colours with the press profile.', { file: profileFile, hint: 'print.profile must be a CMYK printer profile (ICC v2 or v4).' });
    try {
      return cms.cmsDoTransform(xform, Uint16Array.from(values), count);
    } finally {
      cms.cmsDeleteTransform(xform);
    }
  } finally {
    cms.cmsCloseProfile(srgb);
    cms.cmsCloseProfile(cmyk);
  }
}

const to16 = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 65535);

/** Converts sRGB colours (0…1) to the profile's CMYK (0…1, 8-bit precision, as the print files write them). */
export async function rgbToCmyk(profile: string, colours: readonly Rgb[]): Promise<Cmyk[]> {
  if (colours.length === 0) return [];
  const raw = await transform(profile, 'toCmyk', colours.flatMap((rgb) => rgb.map(to16)), colours.length);
  return colours.map((_, x) => [0, 1, 2, 3].map((c) => Math.round(raw[x * 4 + c]! / 257) / 255) as unknown as Cmyk);
}

/** Converts one CMYK colour (0…1) of the profile to sRGB (0…255), for showing it on screen. */
export async function cmykToRgb(profile: string, cmyk: Cmyk): Promise<[number, number, number]> {
  const raw = await transform(profile, 'toRgb', cmyk.map(to16), 1);
  return [0, 1, 2].map((c) => Math.round(raw[c]! / 257)) as [number, number, number];
}
