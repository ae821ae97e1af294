import type { Heading, List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { toString as mdastText } from 'mdast-util-to-string';
import { frontMatterProblems, type ManuscriptRole } from '../manuscript/front-matter.js';
import { charsPerColumn, MIN_COLUMN_CHARS } from '../config/schema.js';
import { chronicleDate, monthOfHead, wholeDate, UNKNOWN_DAY, type ChronicleDate } from '../pipeline/chronicle.js';

/**
 * The yearbook's rules (地方综合年鉴): 条目 titles short and 直述式 (one phrase, no comma), 条目 only
 * under a 分目, and a 大事记 in date order. They apply by the manuscript's role (front matter `role:`,
 * else the book's default: `part` in a yearbook, none in another book, where `###` is a plain heading).
 */

/** What these rules need of the book (book.yaml, through check-book.ts): part of every rule's context. */
export interface YearbookContext {
  /** book.yaml's entries.maxTitle. */
  maxTitle?: number;
  /** The role of a manuscript without `role:` in its front matter: `part` in a yearbook. */
  defaultRole?: ManuscriptRole | undefined;
  /** The type area's characters a line and book.yaml's layout.columnGap (em): a manuscript's own `columns:` must leave 10 a column. */
  columnLine?: { chars: number; gapEm: number } | undefined;
}

/** A rule of this module: a check's Rule (rules.ts) that reads only this part of the context. */
type YearbookRule = (tree: Root, file: VFile, context: YearbookContext) => void;

/** book.yaml's entries.maxTitle when none is given. */
export const DEFAULT_MAX_TITLE = 15;

/** The manuscript's role: its front matter's, else the book's default. */
export function roleOf(tree: Root, context: YearbookContext): ManuscriptRole | undefined {
  const yaml = tree.children[0];
  const declared = yaml?.type === 'yaml' ? frontMatterProblems(yaml.value, 2).data?.role : undefined;
  return declared ?? context.defaultRole;
}

function warn(file: VFile, node: RootContent | ListItem, reason: string, ruleId: string): void {
  file.message(reason, { place: node.position?.start, ruleId, source: 'paiban' }).fatal = false;
}

const COMMA = /[，,]/u;

/**
 * A 条目 title (`###` in a 类目) is one phrase that says what happened (直述式): no ， or , (a 、 between
 * names is fine), and no longer than entries.maxTitle characters (spaces not counted).
 */
export const entryTitles: YearbookRule = (tree, file, context) => {
  if (roleOf(tree, context) !== 'part') return;
  const max = context.maxTitle ?? DEFAULT_MAX_TITLE;
  for (const node of tree.children) {
    if (node.type !== 'heading' || node.depth !== 3) continue;
    const title = mdastText(node).trim();
    const comma = COMMA.exec(title);
    if (comma) warn(file, node, `条目 title “${title}” has a comma “${comma[0]}”: a 条目 title is one phrase that says what happened (直述式), without ， or ,`, 'entry-title');
    const length = [...title.replace(/\s/gu, '')].length;
    if (length > max) warn(file, node, `条目 title “${title}” has ${length} characters: keep it to ${max} (entries.maxTitle in book.yaml)`, 'entry-title');
  }
};

/** A 条目 (`###`) before the first 分目 (`##`) of a 类目 stands outside every 分目: an error, as the build cannot place it. */
export const entryOutsideSection: YearbookRule = (tree, file, context) => {
  if (roleOf(tree, context) !== 'part') return;
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    if (node.depth === 2) return;
    if (node.depth !== 3) continue;
    const message = file.message(`A 条目 (“### ${mdastText(node).trim()}”) before the first 分目: put a "## 分目" heading above it, or make it a "##" 分目 itself`, { place: node.position?.start, ruleId: 'entry-outside-section', source: 'paiban' });
    message.fatal = true;
  }
};

/** A manuscript's `columns:` that leaves fewer than 10 characters a column: an error at that line, as book.yaml's layout.columns is. */
export const narrowColumns: YearbookRule = (tree, file, context) => {
  const yaml = tree.children[0];
  if (yaml?.type !== 'yaml' || !context.columnLine) return;
  const columns = frontMatterProblems(yaml.value, 2).data?.columns;
  if (!columns || columns < 2) return;
  const chars = charsPerColumn(context.columnLine.chars, columns, context.columnLine.gapEm);
  if (chars >= MIN_COLUMN_CHARS) return;
  // The front matter's value starts on the line after its opening ---.
  const key = yaml.value.split('\n').findIndex((line) => /^columns\s*:/.test(line));
  const line = (yaml.position?.start.line ?? 1) + 1 + Math.max(0, key);
  const reason = `${columns} columns of a ${context.columnLine.chars}-character line hold ${chars} characters each (at least ${MIN_COLUMN_CHARS}): set fewer columns here, or a smaller layout.columnGap in book.yaml`;
  file.message(reason, { place: { line, column: 1 }, ruleId: 'narrow-columns', source: 'paiban' }).fatal = true;
};

/** An entry of a chronicle as the check reads it: its date (undefined: none at its start) and its node. */
interface ChronicleEntry {
  node: ListItem | Paragraph;
  date: ChronicleDate | undefined;
}

/** The entries of a chronicle and the month heads between them, in manuscript order (as pipeline/chronicle.ts finds them). */
function chronicleParts(tree: Root): (ChronicleEntry | { head: Heading })[] {
  const parts: (ChronicleEntry | { head: Heading })[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) parts.push({ head: node });
    else if (node.type === 'list' && !node.ordered) parts.push(...(node as List).children.map((item) => ({ node: item, date: leadingDate(item.children[0]) })));
    else if (node.type === 'paragraph' && node.children[0]?.type === 'strong') {
      const date = wholeDate(mdastText(node.children[0]));
      if (date) parts.push({ node, date });
    }
  }
  return parts;
}

/** The date that starts a list item's first paragraph: plain text or bold. */
function leadingDate(first: ListItem['children'][number] | undefined): ChronicleDate | undefined {
  if (first?.type !== 'paragraph') return undefined;
  const lead = first.children[0];
  if (lead?.type === 'strong') return wholeDate(mdastText(lead));
  return lead?.type === 'text' ? chronicleDate(lead.value.trimStart())?.date : undefined;
}

type Key = [year: number, month: number, day: number];

const later = (a: Key, b: Key) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const shown = (date: ChronicleDate, key: Key) => (date.same ? `${date.text} (${key[1]}月)` : date.text);

/**
 * A chronicle is in date order: each entry not earlier than the one before (an unknown day, `1月`, after
 * the month's days; an unknown month, 是年, after the year's months; 同日 the day before again; a year
 * given once holds for the entries after it), and under the month head that names its month.
 */
export const chronicleOrder: YearbookRule = (tree, file, context) => {
  if (roleOf(tree, context) !== 'chronicle') return;
  let head: number | undefined;
  let previous: { key: Key; date: ChronicleDate } | undefined;
  for (const part of chronicleParts(tree)) {
    if ('head' in part) {
      head = monthOfHead(mdastText(part.head));
      continue;
    }
    const { node, date } = part;
    if (!date) {
      warn(file, node, 'A chronicle entry without a date at its start: begin it with the date, “1月5日　…” (an unknown day: “1月　…”)', 'chronicle-date');
      continue;
    }
    const year = date.year ?? previous?.key[0] ?? 0;
    // 是月: the month of its head (else of the entry before); 同日: of the entry before.
    const month = date.month ?? (date.same === 'month' ? (head ?? previous?.key[1]) : previous?.key[1]) ?? 0;
    const key: Key = date.same === 'day' && previous ? previous.key : [year, month, date.same === 'month' ? UNKNOWN_DAY : (date.day ?? 0)];
    if (head !== undefined && date.month !== undefined && date.month <= 12 && date.month !== head) {
      warn(file, node, `${date.text} stands under the month head “${head}月”: move it under ${date.month}月, or correct its date`, 'chronicle-order');
    } else if (previous && later(key, previous.key) < 0) {
      warn(file, node, `${shown(date, key)} comes after ${shown(previous.date, previous.key)}: a chronicle is in date order (an unknown day goes at the end of its month, an unknown month at the end of the year)`, 'chronicle-order');
    }
    previous = { key, date };
  }
};
