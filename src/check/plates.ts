import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { frontMatterProblems } from '../manuscript/front-matter.js';
import { PLATE_WITHOUT_PICTURE } from '../pipeline/plate-messages.js';

/** True for a manuscript whose front matter says `role: plates` (图片专辑). */
export function isPlatesManuscript(tree: Root): boolean {
  const yaml = tree.children[0];
  if (yaml?.type !== 'yaml') return false;
  return frontMatterProblems(yaml.value, (yaml.position?.start.line ?? 1) + 1).data?.role === 'plates';
}

/**
 * A figure of a plates manuscript without `src`: always an error (a page of photos cannot print a
 * caption alone, whatever figures.captionOnly says), at its line and with the build's words
 * (pipeline/plates.ts).
 */
export function platesWithoutPicture(tree: Root, file: VFile): void {
  visit(tree, (node) => {
    if ((node.type === 'leafDirective' || node.type === 'containerDirective') && node.name === 'figure' && !node.attributes?.src) {
      file.message(`${PLATE_WITHOUT_PICTURE.reason}. ${PLATE_WITHOUT_PICTURE.hint}`, { place: node.position, ruleId: 'plate-without-picture', source: 'paiban' }).fatal = true;
    }
  });
}
