import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import type { IndexItem } from '../book-index/collect.js';
import { itemLocators } from '../book-index/locate.js';
import { anchorLinks, tocPlaceholder } from './toc.js';

/** The index section's anchor and named page. */
export const INDEX_ID = 'paiban-index';

/**
 * The index (索引) as a chapter at the end of the book, in its own columns: letter heads (A, B, …) kept
 * with their first entries, each term with its locators as links (123a: page and column), a subheading
 * indented under its term, 见 / 参见 references; a 条目 that runs on, a range (12a—13b). Without `locators` (the first print) each spot prints a
 * placeholder of three digits and a column letter, all digits cycled so that the font subsets hold every
 * digit the real numbers will need.
 */
export function indexElement(title: string, items: readonly IndexItem[], columns: number, locators?: ReadonlyMap<string, string>): Element {
  const body: Element[] = [];
  let head: string | undefined;
  let placeholder = 0;
  const links = (item: IndexItem): ElementContent[] => {
    const found = locators
      ? itemLocators(item, locators)
      : item.spots.map((spot) => {
          // A ranged spot's placeholder is a range too: its dash is then in the font subsets.
          const one = () => `${tocPlaceholder(placeholder++)}${columns > 1 ? 'abc'[placeholder % 3] : ''}`;
          return { id: spot.id, text: spot.end ? `${one()}—${one()}` : one() };
        });
    return found.flatMap((locator, i): ElementContent[] => [...(i ? [{ type: 'text' as const, value: '，' }] : []), h('a.index-locator', { href: `#${locator.id}` }, locator.text)]);
  };
  const reference = (item: IndexItem): ElementContent[] => (item.see ? [h('span.index-see', [item.spots.length ? '参见' : '见', h('span.index-see-term', item.see)])] : []);
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i]!;
    if (item.head && item.head !== head) {
      head = item.head;
      body.push(h('h2.index-head', head));
    }
    const previous = items[i - 1];
    // A subheading under its term: the term printed once, alone when it has no spots of its own.
    if (item.sub && previous?.term !== item.term) body.push(h('p.index-entry', [h('span.index-term', item.term)]));
    body.push(h(item.sub ? 'p.index-entry.index-sub' : 'p.index-entry', [h('span.index-term', item.sub ?? item.term), h('span.index-locators', [...links(item), ...reference(item)])]));
  }
  // Where each ranged spot ends: a destination only a link's target gets.
  const ends = anchorLinks(items.flatMap((item) => item.spots.flatMap((spot) => (spot.end ? [spot.end] : []))));
  return h('section.chapter.book-index', { dataPage: INDEX_ID, dataColumns: String(columns), dataRole: 'index' }, [
    h('header.chapter-head', { id: INDEX_ID }, [...(ends ? [ends] : []), h('h1.chapter-title', title)]),
    h('div.chapter-body', body),
  ]);
}
