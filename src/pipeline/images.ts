import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { PaibanError } from '../util/errors.js';
import { isInside } from '../util/files.js';

export interface LocalImageOptions {
  /** Images must lie inside this folder. */
  bookDir: string;
}

/** Image formats Chromium prints, by their first bytes. */
const SIGNATURES: [string, (bytes: Buffer) => boolean][] = [
  ['PNG', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['JPEG', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['GIF', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['WebP', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
  ['SVG', (b) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(b.subarray(0, 512).toString('utf8'))],
];

/** Why an image path cannot be printed, in plain words with what to do; undefined when it can. */
export interface ImageProblem {
  reason: string;
  hint: string;
}

/**
 * Checks an image path as written in a manuscript (relative to `fromDir`): a file inside the book
 * folder (no network URL, no absolute path, no `../` or symlink escape) that exists and really is an
 * image. Shared by the build and `paiban check`. Returns the absolute file, or the problem.
 */
export function checkImagePath(src: string, fromDir: string, bookDir: string): { file: string } | { problem: ImageProblem } {
  const refuse = (reason: string, hint: string) => ({ problem: { reason, hint } });
  if (!src) return refuse('An image has no source (or one that is not allowed, such as javascript:)', 'Write the path of an image file inside the book folder.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    return refuse(`Image "${src}" is not a local file; paiban never fetches from the network`, 'Download the image into the book folder (e.g. images/) and write its relative path.');
  }
  const resolved = path.resolve(fromDir, decodeURI(src));
  if (path.isAbsolute(src) || !isInside(bookDir, resolved)) return refuse(`Image "${src}" is outside the book folder`, 'Copy the image into the book folder and write a relative path.');
  if (!existsSync(resolved)) return refuse(`Image "${src}" does not exist`, `Expected it at ${path.relative(bookDir, resolved)}.`);
  if (!isInside(realpathSync(bookDir), realpathSync(resolved))) return refuse(`Image "${src}" is a link to a file outside the book folder`, 'Copy the image itself into the book folder.');
  const head = readFileSync(resolved).subarray(0, 512);
  if (!SIGNATURES.some(([, matches]) => matches(head))) {
    return refuse(`Image "${src}" is not a PNG, JPEG, GIF, WebP or SVG image (the file may be damaged)`, 'Open it in an image viewer; save it again as PNG or JPEG.');
  }
  return { file: resolved };
}

/**
 * rehype plugin, after sanitizing: every image, from Markdown or raw HTML, must pass checkImagePath.
 * Paths are relative to the manuscript; they become absolute file URLs so the HTML in out/ finds them.
 * Chromium never sees anything else.
 */
export default function rehypeLocalImages(options: LocalImageOptions) {
  return (tree: Root, file: VFile) => {
    const manuscriptDir = file.path ? path.dirname(file.path) : options.bookDir;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
      const checked = checkImagePath(src, manuscriptDir, options.bookDir);
      if ('problem' in checked) {
        throw new PaibanError(`${checked.problem.reason}.`, { file: file.path, line: node.position?.start.line, column: node.position?.start.column, hint: checked.problem.hint });
      }
      node.properties.src = pathToFileURL(checked.file).href;
    });
  };
}
