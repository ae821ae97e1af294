import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Chapter } from '../pipeline/transform.js';

export interface TocEntry {
  /** Anchor the entry links to; Chromium writes a /Dests entry for it, which gives its page. */
  id: string;
  /** The chapter the entry belongs to (its own id for a chapter). */
  chapterId: string;
  level: 1 | 2;
  title: string;
  subtitle?: string;
}

/** The entries of the table of contents, and so of the PDF outline: chapters, and `##` sections when depth is 2. */
export function tocEntries(chapters: readonly Chapter[], depth: 1 | 2): TocEntry[] {
  return chapters.flatMap((chapter) => {
    const { title, subtitle } = chapter.manuscript.meta;
    const head: TocEntry = { id: chapter.id, chapterId: chapter.id, level: 1, title, ...(subtitle ? { subtitle } : {}) };
    const sections: TocEntry[] = depth === 2 ? chapter.sections.filter((s) => s.level === 2).map((s) => ({ id: s.id, chapterId: chapter.id, level: 2, title: s.text })) : [];
    return [head, ...sections];
  });
}

/**
 * What stands for a page number before it is known. Digits, not spaces: Chromium draws (and tags) no
 * glyph for spaces in upright-combined vertical text, and the book's TOC pages are later replaced by
 * ones drawn with the real numbers, which must carry the same marked content.
 */
export const TOC_PLACEHOLDER = '000';

/**
 * The TOC as links. `pages` maps an entry's id to its folio; without it (first pass) every number is a
 * placeholder of the same fixed width, so filling the numbers in cannot move a line or a page.
 */
export function tocElement(title: string, entries: readonly TocEntry[], pages?: ReadonlyMap<string, string>): Element {
  return h('nav.toc', { ariaLabel: title }, [
    h('h1.toc-title', title),
    h(
      'ol.toc-list',
      entries.map((entry) =>
        h(`li.toc-entry.toc-level-${entry.level}`, [
          h('a.toc-link', { href: `#${entry.id}` }, [
            h('span.toc-text', [entry.title, entry.subtitle ? h('span.toc-subtitle', entry.subtitle) : '']),
            h('span.toc-leader', { ariaHidden: 'true' }),
            // `tcy`: in a vertical book the number is combined upright in one em, whatever its digits, and
            // vertical-numbers leaves it alone, so placeholder and number are tagged alike.
            h('span.toc-page.tcy', { ariaHidden: 'true' }, pages?.get(entry.id) ?? TOC_PLACEHOLDER),
          ]),
        ]),
      ),
    ),
  ]);
}
