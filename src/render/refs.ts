import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { classesOf } from '../pipeline/classes.js';
import { tocPlaceholder } from './toc.js';

/**
 * The words of each cross-reference (`a.ref`, book-index/refs.ts): （见第123页）, the folio of the page its
 * target printed on; before that is known (the first print), three placeholder digits, cycled so that the
 * font subsets hold every digit. Set anew at each render (the element is the chapter's own tree).
 */
export function fillRefs(element: Element, locators: ReadonlyMap<string, string> | undefined): Element {
  let placeholder = 0;
  visit(element, 'element', (node: Element) => {
    if (node.tagName !== 'a' || !classesOf(node).includes('ref')) return;
    const target = String(node.properties['href'] ?? '').slice(1);
    const locator = locators?.get(target);
    const folio = locator === undefined ? tocPlaceholder(placeholder++) : String(Number.parseInt(locator, 10));
    node.children = [{ type: 'text', value: `（见第${folio}页）` }];
  });
  return element;
}
