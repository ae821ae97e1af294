import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Chapter } from '../pipeline/transform.js';
import { PaibanError } from '../util/errors.js';
import type { IndexSpot } from './collect.js';
import { classesOf } from '../pipeline/classes.js';


/**
 * Points each cross-reference (`:ref[title]`, an `a.ref` in a chapter body) at the 条目 or table of that
 * title: the link gets its href, and the target becomes a spot whose page is read from the print (as the
 * index's are). Returns the targets. An unknown title, or one that two 条目 or tables share, stops the
 * build at the reference's line.
 */
export function resolveRefs(chapters: readonly Chapter[], entryChapters: ReadonlySet<string>): IndexSpot[] {
  const targets = new Map<string, IndexSpot[]>();
  const add = (title: string, spot: IndexSpot) => targets.set(title, [...(targets.get(title) ?? []), spot]);
  for (const chapter of chapters) {
    if (entryChapters.has(chapter.id)) for (const section of chapter.sections) if (section.level === 3) add(section.text, { id: section.id, chapterId: chapter.id });
    for (const anchor of chapter.indexAnchors) if (anchor.kind === 'table') add(anchor.term.replace(/\s+/g, ''), { id: anchor.id, chapterId: chapter.id });
  }
  const used = new Map<string, IndexSpot>();
  for (const chapter of chapters) {
    visit(chapter.body, 'element', (node: Element) => {
      if (node.tagName !== 'a' || !classesOf(node).includes('ref')) return;
      const title = String(node.properties['dataRefTarget'] ?? '');
      const found = targets.get(title) ?? targets.get(title.replace(/\s+/g, ''));
      const where = { file: chapter.manuscript.name, line: node.position?.start.line, column: node.position?.start.column };
      if (!found) throw new PaibanError(`The cross-reference :ref[${title}] names no 条目 or table of the book.`, { ...where, hint: 'Write the 条目 title (### in a 类目) or the table title exactly as it is printed.' });
      if (found.length > 1) throw new PaibanError(`The cross-reference :ref[${title}] could mean ${found.length} places: that title is not unique.`, { ...where, hint: 'Give one of them a title of its own.' });
      node.properties = { ...node.properties, href: `#${found[0]!.id}` };
      used.set(found[0]!.id, found[0]!);
    });
  }
  return [...used.values()];
}
