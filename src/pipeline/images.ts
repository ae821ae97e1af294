import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { PaibanError } from '../util/errors.js';
import { isInside } from '../util/files.js';

export interface LocalImageOptions {
  /** Images must lie inside this folder. */
  bookDir: string;
}

/**
 * remark plugin: every image must be a file inside the book folder. Paths are relative to the
 * manuscript; they become absolute file URLs so the HTML in out/ finds them. Network URLs, absolute
 * paths and `../` escapes are refused here, before Chromium ever sees them.
 */
export default function remarkLocalImages(options: LocalImageOptions) {
  return (tree: Root, file: VFile) => {
    const manuscriptDir = file.path ? path.dirname(file.path) : options.bookDir;
    visit(tree, 'image', (node) => {
      const place = { file: file.path, line: node.position?.start.line, column: node.position?.start.column };
      const url = node.url.trim();
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        throw new PaibanError(`Image "${url}" is not a local file; paiban never fetches from the network.`, {
          ...place,
          hint: 'Download the image into the book folder (e.g. images/) and write its relative path.',
        });
      }
      const resolved = path.resolve(manuscriptDir, decodeURI(url));
      if (path.isAbsolute(url) || !isInside(options.bookDir, resolved)) {
        throw new PaibanError(`Image "${url}" is outside the book folder.`, { ...place, hint: 'Copy the image into the book folder and write a relative path.' });
      }
      if (!existsSync(resolved)) {
        throw new PaibanError(`Image "${url}" does not exist.`, { ...place, hint: `Expected it at ${path.relative(options.bookDir, resolved)}.` });
      }
      node.url = pathToFileURL(resolved).href;
    });
  };
}
