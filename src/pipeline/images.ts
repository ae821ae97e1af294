import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { PaibanError } from '../util/errors.js';
import { checkImagePath } from '../files/images.js';

export interface LocalImageOptions {
  /** Images must lie inside this folder. */
  bookDir: string;
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
      const checked = checkImagePath(src, manuscriptDir, options.bookDir, { captionAlone: true });
      if ('problem' in checked) {
        throw new PaibanError(`${checked.problem.reason}.`, { file: file.path, line: node.position?.start.line, column: node.position?.start.column, hint: checked.problem.hint });
      }
      node.properties.src = pathToFileURL(checked.file).href;
    });
  };
}
