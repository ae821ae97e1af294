import type { Chapter } from '../pipeline/transform.js';
import { PaibanError } from '../util/errors.js';
import { sortTerms, type SortOrder } from './sort.js';

/** What the index takes in, from book.yaml's `index`. */
export interface IndexSettings {
  sort: SortOrder;
  entries: boolean;
  tables: boolean;
  figures: boolean;
  readings: Readonly<Record<string, string>>;
}

/** One spot a term points to: an element's id, and the chapter it stands in (for its columns). */
export interface IndexSpot {
  id: string;
  chapterId: string;
  /** Where it ends, when it runs on (a 条目: pipeline/entries.ts marks `<id>-end`): a locator is then a range. */
  end?: string;
}

/** One line of the index: a term (or a term's subheading), the spots it points to, its 见 / 参见. */
export interface IndexItem {
  term: string;
  sub?: string;
  spots: IndexSpot[];
  see?: string;
  /** The letter head it is listed under (pinyin order), or '' (stroke order). */
  head: string;
}

interface Source {
  file: string;
  line?: number | undefined;
}

/**
 * The index of a book: every 条目 title (### in a 类目), table title and figure caption (each switchable),
 * and every `:index[…]` mark, merged by term and subheading, in the book's order (book-index/sort.ts).
 * `chapters` are the body's (the front matter has no folios). A `see` to a term that is never indexed,
 * or see references that go round in a circle, stop the build at the mark's line.
 */
export function collectIndex(chapters: readonly Chapter[], entryChapters: ReadonlySet<string>, settings: IndexSettings): IndexItem[] {
  const items = new Map<string, IndexItem>();
  const sources = new Map<string, Source>();
  const add = (term: string, sub: string | undefined, spot: IndexSpot | undefined, see: string | undefined, source: Source) => {
    const key = `${term}\u0000${sub ?? ''}`;
    let item = items.get(key);
    if (!item) {
      item = { term, ...(sub ? { sub } : {}), spots: [], head: '' };
      items.set(key, item);
      sources.set(key, source);
    }
    if (spot) item.spots.push(spot);
    if (see) item.see = see;
  };
  for (const chapter of chapters) {
    const file = chapter.manuscript.name;
    if (settings.entries && entryChapters.has(chapter.id)) {
      for (const section of chapter.sections) if (section.level === 3 && section.text) add(section.text, undefined, { id: section.id, chapterId: chapter.id, end: `${section.id}-end` }, undefined, { file });
    }
    for (const anchor of chapter.indexAnchors) {
      if ((anchor.kind === 'table' && !settings.tables) || (anchor.kind === 'figure' && !settings.figures)) continue;
      // A 见 reference points nowhere itself: the term is listed with its reference only.
      const spot = anchor.kind === 'mark' && anchor.see ? undefined : { id: anchor.id, chapterId: chapter.id };
      add(anchor.term, anchor.sub, spot, anchor.see, { file, line: anchor.line });
    }
  }
  checkReferences(items, sources);
  const sorted = sortTerms([...items.values()], settings.sort, settings.readings);
  return sorted.map(({ item, head }) => ({ ...item, head }));
}

function checkReferences(items: ReadonlyMap<string, IndexItem>, sources: ReadonlyMap<string, Source>): void {
  const terms = new Set([...items.values()].map((item) => item.term));
  const seeOf = new Map<string, string>();
  for (const [key, item] of items) {
    if (!item.see) continue;
    const where = sources.get(key)!;
    if (!terms.has(item.see)) {
      throw new PaibanError(`The index mark "${item.term}" refers to "${item.see}", which is never indexed.`, { file: where.file, line: where.line, hint: `Mark the term it refers to somewhere with :index[${item.see}], or correct the see="…" spelling.` });
    }
    if (!item.sub) seeOf.set(item.term, item.see);
  }
  for (const [start] of seeOf) {
    const path = [start];
    for (let next = seeOf.get(start); next !== undefined; next = seeOf.get(next)) {
      if (path.includes(next)) {
        const where = sources.get(`${start}\u0000`)!;
        throw new PaibanError(`The index's see references go round in a circle: ${[...path, next].join(' → ')}.`, { file: where.file, line: where.line, hint: 'Let one of these terms carry the page numbers (index it without see="…").' });
      }
      path.push(next);
    }
  }
}
