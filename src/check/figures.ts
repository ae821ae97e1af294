import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { MISSING_PICTURE } from '../pipeline/directives.js';

/**
 * A `::figure` without `src` in a book whose captions are not meant to stand alone: an error, as the
 * print build makes it (pipeline/directives.ts), at the same line and with the same words.
 */
export function figuresWithoutPicture(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if ((node.type === 'leafDirective' || node.type === 'containerDirective') && node.name === 'figure' && !node.attributes?.src) {
      const message = file.message(`${MISSING_PICTURE.reason}. ${MISSING_PICTURE.hint}`, { place: node.position, ruleId: 'figure-without-picture', source: 'paiban' });
      message.fatal = true;
    }
  });
}
