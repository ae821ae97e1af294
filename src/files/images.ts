import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { isPaibanError } from '../util/errors.js';
import { isInside } from './paths.js';
import { readBookFileSync } from './read.js';

/** Image formats Chromium prints, by their first bytes. */
const SIGNATURES: [string, (bytes: Buffer) => boolean][] = [
  ['PNG', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['JPEG', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['GIF', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['WebP', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
  // An XML declaration, comments and a DOCTYPE may come before <svg>.
  ['SVG', (b) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(b.subarray(0, 4096).toString('utf8'))],
];

/** The image format of a file's first bytes (PNG, JPEG, GIF, WebP, SVG), or undefined when Chromium could not print it. */
export function imageFormat(head: Buffer): string | undefined {
  return SIGNATURES.find(([, matches]) => matches(head))?.[0];
}

export interface ImageCheckOptions {
  /** The image is a manuscript's, where a figure may be a caption alone (`::figure[图注]` without src): say so. */
  captionAlone?: boolean;
}

/** Why an image path cannot be printed, in plain words with what to do; undefined when it can. */
export interface ImageProblem {
  reason: string;
  hint: string;
}

/**
 * An image path as written: percent-escapes decoded where they are valid (`%20`), a `%` that starts
 * no escape kept as it is (a file may be called `100%.png`). decodeURI would throw on the latter.
 */
export function decodePercents(src: string): string {
  return src.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return existsSync(file);
  }
}

/**
 * Checks an image path as written in a manuscript or book.yaml (relative to `fromDir`): a file inside
 * the book folder (no network URL, no absolute path, no `../` or symlink escape) that exists, can be
 * read and really is an image. Shared by the build, book.yaml's cover and `paiban check`. Returns the
 * absolute file, or the problem.
 */
export function checkImagePath(src: string, fromDir: string, bookDir: string, options: ImageCheckOptions = {}): { file: string } | { problem: ImageProblem } {
  const refuse = (reason: string, hint: string) => ({ problem: { reason, hint } });
  if (!src) return refuse('An image has no source (or one that is not allowed, such as javascript:)', 'Write the path of an image file inside the book folder.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    // What to do, concretely: the path to write once the file is saved into images/, from where the reference stands.
    const name = decodePercents(src.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? '') || 'photo.jpg';
    const local = path.relative(fromDir, path.join(bookDir, 'images', /^[^\\/:*?"<>|]+\.(png|jpe?g|gif|webp|svg)$/i.test(name) ? name : 'photo.jpg')).split(path.sep).join('/');
    const web = /^(https?:)?\/\//i.test(src);
    return refuse(
      web ? `Image "${src}" is on the web: paiban never fetches from the network, so it would not print` : `Image "${src}" is not a file in the book folder`,
      `Save the image into the book's images/ folder and point to it: "${local}"${options.captionAlone ? '; or, for a caption without a picture, write ::figure[图注] without src' : ''}.`,
    );
  }
  // The decoded name first (images/a%20b.png is "a b.png"), then the name as written (100%25.png on disk).
  const candidates = [...new Set([decodePercents(src), src])].map((name) => path.resolve(fromDir, name));
  const resolved = candidates.find(exists) ?? candidates[0]!;
  if (path.isAbsolute(src) || !isInside(bookDir, resolved)) return refuse(`Image "${src}" is outside the book folder`, 'Copy the image into the book folder and write a relative path.');
  if (!exists(resolved)) return refuse(`Image "${src}" does not exist`, `Expected it at ${path.relative(bookDir, resolved)}.`);
  let head: Buffer;
  try {
    head = readBookFileSync(bookDir, resolved, { what: 'Image', headBytes: 4096 });
  } catch (error) {
    if (isPaibanError(error)) return refuse(error.message.replace(/\.$/, ''), error.hint ?? 'Check the image file.');
    throw error;
  }
  if (!SIGNATURES.some(([, matches]) => matches(head))) {
    return refuse(`Image "${src}" is not a PNG, JPEG, GIF, WebP or SVG image (the file may be damaged)`, 'Open it in an image viewer; save it again as PNG or JPEG.');
  }
  return { file: resolved };
}
