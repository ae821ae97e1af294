import { typeArea } from '../config/grid.js';
import type { BookConfig } from '../config/schema.js';
import { destinationPoint, type NamedDestination } from '../pdf/dests.js';
import type { IndexItem, IndexSpot } from './collect.js';

const LETTERS = 'abc';

/**
 * Where each index spot printed, as a locator: the folio of its page (the printed number: the body's
 * first page is 1) and, in a chapter set in columns, the column's letter (123a for the first column,
 * 123b for the second; in a vertical book the upper band is a). Read from the spot's named destination
 * ([page /XYZ left top zoom]: Chromium puts it at the element's top left), never estimated.
 */
export function indexLocators(
  spots: readonly IndexSpot[],
  destinations: ReadonlyMap<string, NamedDestination>,
  layout: { config: BookConfig; firstBodyPage: number; columnsOf: (chapterId: string) => number; pageHeight: number; shiftOf?: (chapterId: string) => number },
): Map<string, string> {
  const { config, firstBodyPage, columnsOf, pageHeight } = layout;
  const area = typeArea(config);
  const vertical = config.writing === 'vertical';
  const locators = new Map<string, string>();
  // A print without the blank pages the next one has (the layout probe's): its chapters' pages move on.
  const shiftOf = layout.shiftOf ?? (() => 0);
  const locate = (destination: NamedDestination, columns: number, chapterId: string): string => {
    const folio = destination.pageIndex + shiftOf(chapterId) + 2 - firstBodyPage;
    const point = columns > 1 ? destinationPoint(destination) : undefined;
    if (!point) return String(folio);
    // Chromium measures a destination from the page's content box (the type area), left from its left
    // edge and top as the page's height less the distance from its top (measured): the columns split
    // the line's length, across in horizontal text, down in vertical bands.
    const share = (vertical ? pageHeight - point.top : point.left) / area.inlinePt;
    return `${folio}${LETTERS[Math.min(columns - 1, Math.max(0, Math.floor(share * columns + 0.001)))]!}`;
  };
  for (const spot of spots) {
    const destination = destinations.get(spot.id);
    if (!destination) continue;
    const columns = columnsOf(spot.chapterId);
    const start = locate(destination, columns, spot.chapterId);
    // A spot that runs on to another column or page: a range with a 一字线 (GB/T 15834), 123a—124b.
    const end = spot.end ? destinations.get(spot.end) : undefined;
    const last = end ? locate(end, columns, spot.chapterId) : start;
    // On one page, ending in a column before the one it starts in (the row under a block spanning the
    // columns, read after the row above it): 12b—12a would read backwards, so the page alone.
    const backwards = end !== undefined && end.pageIndex === destination.pageIndex && last < start;
    locators.set(spot.id, last === start ? start : backwards ? locate(destination, 1, spot.chapterId) : `${start}—${last}`);
  }
  return locators;
}

/** An item's locators in page order, each once, with the spot each links to. */
export function itemLocators(item: IndexItem, locators: ReadonlyMap<string, string>): { id: string; text: string }[] {
  const seen = new Set<string>();
  const list: { id: string; text: string; folio: number }[] = [];
  for (const spot of item.spots) {
    const text = locators.get(spot.id);
    if (text === undefined || seen.has(text)) continue;
    seen.add(text);
    list.push({ id: spot.id, text, folio: Number.parseInt(text, 10) });
  }
  return list.sort((a, b) => a.folio - b.folio || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)).map(({ id, text }) => ({ id, text }));
}

/** Two sets of locators alike (the index settled). */
export function sameLocators(a: ReadonlyMap<string, string> | undefined, b: ReadonlyMap<string, string> | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [id, text] of a) if (b.get(id) !== text) return false;
  return true;
}
