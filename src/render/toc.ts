import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Chapter } from '../pipeline/transform.js';

export interface TocEntry {
  /** Anchor the entry links to; Chromium writes a /Dests entry for it, which gives its page. */
  id: string;
  /** The chapter the entry belongs to (its own id for a chapter). */
  chapterId: string;
  level: 1 | 2 | 3;
  title: string;
  subtitle?: string;
  /**
   * Before the TOC (a yearbook's 编辑说明 and 图片专辑, and the TOC itself): front matter without folio, in
   * the PDF outline but not listed in the TOC; the page it falls on is read from the print all the same.
   */
  front?: boolean;
}

/** The TOC's own anchor: it opens on a recto, and has its entry in the PDF outline. */
export const TOC_ID = 'paiban-toc';

/** The entries of the table of contents, and so of the PDF outline: chapters, `##` sections (depth 2), `###` entries (depth 3). */
export function tocEntries(chapters: readonly Chapter[], depth: 1 | 2 | 3): TocEntry[] {
  return chapters.flatMap((chapter) => {
    const { title, subtitle } = chapter.manuscript.meta;
    const head: TocEntry = { id: chapter.id, chapterId: chapter.id, level: 1, title, ...(subtitle ? { subtitle } : {}) };
    const sections: TocEntry[] = chapter.sections
      .filter((s) => s.level >= 2 && s.level <= depth)
      .map((s) => ({ id: s.id, chapterId: chapter.id, level: s.level as 2 | 3, title: s.text }));
    return [head, ...sections];
  });
}

/**
 * What stands for a page number before it is known: three digits, the nth entry of a level taking
 * digits 3n, 3n+1, 3n+2 (mod 10), so that the book's font subsets hold every digit the real numbers
 * will need in each TOC font (the TOC pages are later replaced by ones drawn with the real numbers,
 * which can then reuse the book's fonts). Digits, not spaces: Chromium draws no glyph for spaces in
 * upright-combined vertical text.
 */
export function tocPlaceholder(indexInLevel: number): string {
  return [0, 1, 2].map((i) => String((indexInLevel * 3 + i) % 10)).join('');
}

/**
 * The TOC as links. `pages` maps an entry's id to its folio; without it (first pass) every number is a
 * placeholder of the same fixed width, so filling the numbers in cannot move a line or a page.
 */
export function tocElement(title: string, entries: readonly TocEntry[], pages?: ReadonlyMap<string, string>): Element {
  // Each entry's place among the entries of its level (for its placeholder).
  const seen = new Map<number, number>();
  const rank = entries.filter((entry) => !entry.front).map((entry) => {
    const n = seen.get(entry.level) ?? 0;
    seen.set(entry.level, n + 1);
    return n;
  });
  const listed = entries.filter((entry) => !entry.front);
  // The links to what stands before the TOC go first: of no size at the top of a page, they cannot make one.
  // The anchor is the title's: a destination goes to the top left of its box, which in vertical text is
  // on the last page of a box that runs over several (the whole TOC's).
  return h('nav.toc', { ariaLabel: title }, [
    frontLinks(entries) ?? '',
    h('h1.toc-title', { id: TOC_ID }, title),
    h(
      'ol.toc-list',
      listed.map((entry, index) =>
        h(`li.toc-entry.toc-level-${entry.level}`, [
          h('a.toc-link', { href: `#${entry.id}` }, [
            h('span.toc-text', [entry.title, entry.subtitle ? h('span.toc-subtitle', entry.subtitle) : '']),
            h('span.toc-leader', { ariaHidden: 'true' }),
            // `tcy`: in a vertical book the number is combined upright in one em, whatever its digits, and
            // vertical-numbers leaves it alone, so placeholder and number are tagged alike.
            h('span.toc-page.tcy', { ariaHidden: 'true' }, pages?.get(entry.id) ?? tocPlaceholder(rank[index]!)),
          ]),
        ]),
      ),
    ),
  ]);
}

/** Links of no size to what stands before the TOC and to the TOC itself: their pages (the outline, the TOC's recto). */
function frontLinks(entries: readonly TocEntry[]): Element | undefined {
  return anchorLinks(entries.filter((entry) => entry.front).map((entry) => entry.id));
}

/**
 * Links of no size (styles: .anchor-links) to these ids: Chromium writes a named destination only for a
 * link's target, and these give the pages of what nothing else links to (the front matter, the end of a
 * 条目). No size, no link annotation (measured); hidden from the structure tree. Undefined for none.
 */
export function anchorLinks(ids: readonly string[]): Element | undefined {
  return ids.length ? h('div.anchor-links', { ariaHidden: 'true' }, ids.map((id) => h('a', { href: `#${id}`, tabIndex: -1 }))) : undefined;
}
