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

/**
 * rehype plugin, after sanitizing: every image, from Markdown or raw HTML, must be a file inside the
 * book folder (no network URL, no absolute path, no `../` or symlink escape) that exists and really is
 * an image. Paths are relative to the manuscript; they become absolute file URLs so the HTML in out/
 * finds them. Chromium never sees anything else.
 */
export default function rehypeLocalImages(options: LocalImageOptions) {
  return (tree: Root, file: VFile) => {
    const manuscriptDir = file.path ? path.dirname(file.path) : options.bookDir;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      const place = { file: file.path, line: node.position?.start.line, column: node.position?.start.column };
      const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
      if (!src) throw new PaibanError('An image has no source (or one that is not allowed, such as javascript:).', { ...place, hint: 'Write the path of an image file inside the book folder.' });
      if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
        throw new PaibanError(`Image "${src}" is not a local file; paiban never fetches from the network.`, {
          ...place,
          hint: 'Download the image into the book folder (e.g. images/) and write its relative path.',
        });
      }
      const resolved = path.resolve(manuscriptDir, decodeURI(src));
      if (path.isAbsolute(src) || !isInside(options.bookDir, resolved)) {
        throw new PaibanError(`Image "${src}" is outside the book folder.`, { ...place, hint: 'Copy the image into the book folder and write a relative path.' });
      }
      if (!existsSync(resolved)) {
        throw new PaibanError(`Image "${src}" does not exist.`, { ...place, hint: `Expected it at ${path.relative(options.bookDir, resolved)}.` });
      }
      if (!isInside(realpathSync(options.bookDir), realpathSync(resolved))) {
        throw new PaibanError(`Image "${src}" is a link to a file outside the book folder.`, { ...place, hint: 'Copy the image itself into the book folder.' });
      }
      const head = readFileSync(resolved).subarray(0, 512);
      if (!SIGNATURES.some(([, matches]) => matches(head))) {
        throw new PaibanError(`Image "${src}" is not a PNG, JPEG, GIF, WebP or SVG image (the file may be damaged).`, { ...place, hint: 'Open it in an image viewer; save it again as PNG or JPEG.' });
      }
      node.properties.src = pathToFileURL(resolved).href;
    });
  };
}
