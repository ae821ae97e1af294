/** What the print shop's files need from book.yaml: the press profile and the cover colour in CMYK. */
import { realpath, stat } from 'node:fs/promises';
import { regularBookFileSync } from '../files/read.js';
import path from 'node:path';
import type { BookConfig } from '../config/schema.js';
import { formatCmyk, parseCoverColour, rgbToHex } from '../config/cover-colour.js';
import type { PdfMetadata } from '../pdf/metadata.js';
import { PaibanError } from '../util/errors.js';
import { resolveInsideBook } from '../files/paths.js';
import type { Cmyk } from './content-colour.js';
import { cmykToRgb, DEFAULT_CMYK_PROFILE, readCmykProfile, type CmykProfile } from './icc.js';
import { pdfX4Of, type PdfXReport } from './pdfx.js';
import { markPages, type PrintMarksOptions } from '../impose/marks.js';
import { loadPdf } from '../impose/pdf-pages.js';

/** System colour profiles live here on Linux (Debian's icc-profiles-free, colord); elsewhere name a profile in the book folder. */
const SYSTEM_PROFILES = '/usr/share/color/';

export interface Press {
  profile: CmykProfile;
  /** The cover colour as the screen cover (cover.pdf) shows it: as given, or a cmyk() converted to sRGB. */
  coverHex: string;
  /** A cmyk() cover colour: its screen hex → the CMYK given, used as it is in the print files. */
  fixed: Map<string, Cmyk>;
}

export async function preparePress(bookDir: string, config: BookConfig): Promise<Press> {
  const profile = await readCmykProfile(await profilePath(bookDir, config.print.profile));
  const colour = parseCoverColour(config.cover.color);
  if (!colour) throw new PaibanError(`cover.color "${config.cover.color}" is not a colour.`, { file: path.join(bookDir, 'book.yaml') });
  if (colour.kind === 'rgb') return { profile, coverHex: colour.hex, fixed: new Map() };
  const coverHex = rgbToHex(await cmykToRgb(profile.file, colour.cmyk));
  return { profile, coverHex, fixed: new Map([[coverHex, colour.cmyk]]) };
}

async function profilePath(bookDir: string, written: string | undefined): Promise<string> {
  if (!written) return DEFAULT_CMYK_PROFILE;
  if (path.isAbsolute(written)) {
    // A system profile may be named by its absolute path; nothing else outside the book folder.
    const real = await realpath(written).catch(() => written);
    if (real.startsWith(SYSTEM_PROFILES)) return real;
    throw new PaibanError(`print.profile "${written}" is outside the book folder and not a system profile under ${SYSTEM_PROFILES}.`, {
      file: path.join(bookDir, 'book.yaml'),
      hint: 'Put the ICC profile in the book folder and give its relative path.',
    });
  }
  const file = await resolveInsideBook(bookDir, written, { file: path.join(bookDir, 'book.yaml') });
  // A regular file of a sane size (a named pipe there hung the build).
  const real = regularBookFileSync(bookDir, file, { what: 'The press profile (print.profile)', place: { file: path.join(bookDir, 'book.yaml') } });
  const { size } = await stat(real);
  if (size > MAX_PROFILE_BYTES) throw new PaibanError(`print.profile "${written}" is ${Math.round(size / 1024 / 1024)} MB; an ICC profile is a few MB at most.`, { file: path.join(bookDir, 'book.yaml'), hint: 'Name the printer\'s .icc profile.' });
  return real;
}

/** ICC press profiles are a few hundred KB to a few MB. */
const MAX_PROFILE_BYTES = 32 * 1024 * 1024;

/**
 * A print file from the PDF as printed: bleed, boxes and crop marks, then PDF/X-4 in the press's CMYK,
 * from one parse and one save (marking and converting in two steps parsed and wrote the book twice).
 */
export async function printFileOf(bytes: Uint8Array, bleed: PrintMarksOptions, press: Press, metadata: PdfMetadata): Promise<{ pdf: Uint8Array; report: PdfXReport }> {
  const pdf = await loadPdf(bytes);
  markPages(pdf, bleed);
  // The /ID comes from the input and the marks asked for: another bleed gives another document.
  return pdfX4Of(pdf, [bytes, Buffer.from(JSON.stringify(bleed), 'utf8')], { profile: press.profile, metadata, fixed: press.fixed });
}

/** One line for the build's progress: the profile and what each colour became. */
export function describePress(press: Press, reports: readonly PdfXReport[]): string {
  const colours = new Map<string, { cmyk: Cmyk; given: boolean }>();
  for (const report of reports) for (const { hex, cmyk, given } of report.colours) colours.set(hex, { cmyk, given });
  const listed = [...colours].map(([hex, { cmyk, given }]) => (given ? `${formatCmyk(cmyk)} as given (screen ${hex})` : `${hex} → ${formatCmyk(cmyk)}`));
  const images = reports.reduce((n, r) => n + r.images, 0);
  return [
    `PDF/X-4 for “${press.profile.description}”`,
    'greys in black ink only',
    ...(listed.length ? [`colours: ${listed.join(', ')}`] : []),
    ...(images ? [`${images} RGB image${images === 1 ? '' : 's'} tagged sRGB`] : []),
  ].join('; ');
}

