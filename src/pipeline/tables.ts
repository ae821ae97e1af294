import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString as toText } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { classesOf } from './classes.js';

/**
 * rehype plugin: a table as a Chinese book sets it (GB/T 7713 and statistical yearbook practice):
 * its title (表题) above it, its unit (单位：万元) at the top right, its notes (注：…, 资料来源：…)
 * under it, all in one `<figure class="table">` so the title never stays behind at a page foot.
 *
 * A manuscript says which paragraphs these are by where they stand: the title is the paragraph
 * directly above the table when it starts with 表 and a number (表1　…, 表2-3 …, 表一 …), or the
 * `::table[表1　标题]{unit="万元"}` directive; the unit is a paragraph 单位：… between title and table
 * (or the directive's `unit`); the notes are the paragraphs directly under the table that start with
 * 注、说明、资料来源 or 数据来源 and a colon. Imports from Word and Excel write exactly this.
 *
 * Numeric columns (most cells a number, a percentage or a dash) are set flush right, their cells
 * never broken (`num`); a column the manuscript aligned keeps its alignment.
 */

export const TABLE_TITLE = /^表\s*[0-9０-９一二三四五六七八九十]+(?:[-—－.．][0-9０-９]+)*(?:[\s\u3000]|$)/u;
export const TABLE_UNIT = /^(?:计量)?单位[:：]/u;
export const TABLE_NOTE = /^(?:注|附注|说明|资料来源|数据来源)\s*[0-9０-９①②③④⑤]*[:：]/u;
const NUMERIC = /^[（(]?[−\-+±]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[%‰]?[）)]?$|^[—–\-…·]+$|^$/u;

const isElement = (node: RootContent | ElementContent | undefined, tag?: string): node is Element => node?.type === 'element' && (tag === undefined || node.tagName === tag);

/** The previous / next sibling element, skipping white space between blocks. */
function sibling(children: (RootContent | ElementContent)[], from: number, step: 1 | -1): number | undefined {
  for (let i = from + step; i >= 0 && i < children.length; i += step) {
    const node = children[i]!;
    if (node.type === 'text' && !node.value.trim()) continue;
    return node.type === 'element' ? i : undefined;
  }
  return undefined;
}

export function isTableTitle(element: Element): boolean {
  return isElement(element, 'p') && (classesOf(element).includes('table-title') || TABLE_TITLE.test(toText(element).trim()));
}

export function isTableUnit(element: Element): boolean {
  return isElement(element, 'p') && TABLE_UNIT.test(toText(element).trim());
}

export function isTableNote(element: Element): boolean {
  return isElement(element, 'p') && TABLE_NOTE.test(toText(element).trim());
}

/** Whether a cell's text is a number, a percentage, a dash or empty: what a numeric column holds. */
export function isNumericCell(text: string): boolean {
  return NUMERIC.test(text.replace(/\s+/g, ''));
}

/** Marks numeric columns: `num` on each of their cells; right-aligned unless the manuscript aligned them. */
export function markNumericColumns(table: Element): void {
  const rows: Element[] = [];
  visit(table, 'element', (node: Element) => {
    if (node.tagName === 'tr') rows.push(node);
  });
  const cellsOf = (row: Element) => row.children.filter((cell): cell is Element => isElement(cell) && (cell.tagName === 'td' || cell.tagName === 'th'));
  const body = rows.filter((row) => cellsOf(row).some((cell) => cell.tagName === 'td'));
  const columns = Math.max(0, ...rows.map((row) => cellsOf(row).length));
  for (let column = 0; column < columns; column += 1) {
    const texts = body.map((row) => cellsOf(row)[column]).filter((cell): cell is Element => cell !== undefined).map((cell) => toText(cell).trim());
    const filled = texts.filter((text) => text !== '');
    if (filled.length === 0 || filled.filter(isNumericCell).length < Math.max(1, Math.ceil(filled.length * 0.6))) continue;
    for (const row of rows) {
      const cell = cellsOf(row)[column];
      if (!cell) continue;
      cell.properties.className = [...classesOf(cell), 'num'];
    }
  }
}

/** The figure that holds a table with its title, unit and notes. */
function tableFigure(title: Element | undefined, unit: Element | undefined, table: Element, notes: Element[]): Element {
  const children: ElementContent[] = [];
  if (title) children.push({ ...title, properties: { ...title.properties, className: ['table-title'] } });
  if (unit) children.push({ ...unit, properties: { ...unit.properties, className: ['table-unit'] } });
  children.push(table);
  if (notes.length) children.push({ type: 'element', tagName: 'div', properties: { className: ['table-notes'] }, children: notes });
  return { type: 'element', tagName: 'figure', properties: { className: ['table'] }, children, ...(table.position ? { position: table.position } : {}) };
}

export default function rehypeTables() {
  return (tree: Root) => {
    visit(tree, (node, _index, parent) => {
      if (node.type !== 'root' && !(node.type === 'element' && ['div', 'blockquote', 'li', 'section'].includes(node.tagName))) return node.type === 'element' ? SKIP : undefined;
      const children = (node as Root | Element).children as (RootContent | ElementContent)[];
      for (let i = 0; i < children.length; i += 1) {
        const table = children[i];
        if (!isElement(table, 'table')) continue;
        markNumericColumns(table);
        let first = i;
        let last = i;
        let unit: Element | undefined;
        let title: Element | undefined;
        const before = sibling(children, i, -1);
        if (before !== undefined && isTableUnit(children[before] as Element)) {
          unit = children[before] as Element;
          first = before;
        }
        const titleAt = sibling(children, first, -1);
        if (titleAt !== undefined && isTableTitle(children[titleAt] as Element)) {
          title = children[titleAt] as Element;
          first = titleAt;
        }
        const notes: Element[] = [];
        for (let next = sibling(children, last, 1); next !== undefined && isTableNote(children[next] as Element); next = sibling(children, last, 1)) {
          notes.push(children[next] as Element);
          last = next;
        }
        // The title directive may carry the unit.
        const directiveUnit = title?.properties?.dataUnit;
        if (!unit && typeof directiveUnit === 'string' && directiveUnit.trim()) {
          unit = { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: `单位：${directiveUnit.trim()}` }] };
        }
        if (title) delete title.properties.dataUnit;
        children.splice(first, last - first + 1, tableFigure(title, unit, table, notes));
        i = first;
      }
      return parent === undefined ? undefined : SKIP;
    });
  };
}
