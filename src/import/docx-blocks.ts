import type { FootnoteDefinition, List, PhrasingContent, RootContent } from 'mdast';
import { imageFormat } from '../files/images.js';
import { normalizeChineseText } from '../normalize/text.js';
import { SENTENCE_END, SENTENCE_PUNCTUATION } from '../normalize/chars.js';
import { dropLeading, tableNode, toPhrasing, trimSegments } from './phrasing.js';
import { segmentsText, type DocBlock, type ImageBlock, type ParagraphBlock, type ReadModel, type Segment, type TableBlock } from './docx-model.js';
import { note, type Topic } from './messages.js';
import type { Body, ImageTarget, Notes } from './manuscript.js';

/** A 条目's run-in title: at most this many characters (YEARBOOK.md: titles ideally ≤ 15 字). */
const RUN_IN_MAX = 20;
const CAPTION_TEXT = /^(?:图|Figure|Fig\.)\s*[0-9０-９一二三四五六七八九十]+(?:[-－.．][0-9０-９]+)?/u;
export const TABLE_TITLE = /^(?:附表|续表|表|Table)\s*[0-9０-９一二三四五六七八九十]+(?:[-－.．][0-9０-９]+)?/u;
export const UNIT_LINE = /^(?:计量)?单位\s*[:：]/u;
export const TABLE_NOTE = /^(?:注|资料来源|数据来源|说明|备注)\s*[0-9０-９]*\s*[:：]/u;

const text = (block: ParagraphBlock) => segmentsText(block.segments).trim();
const headingLike = (value: string) => value.length > 0 && [...value].length <= 40 && !SENTENCE_END.test(value) && !/[。！？]/u.test(value);

/** "表1 2024年主要经济指标" → "表1　2024年主要经济指标" (the number, an ideographic space, the title); "图1 …" alike. */
export function numberedTitle(value: string, pattern: RegExp = TABLE_TITLE): string {
  const number = pattern.exec(value)![0];
  return `${number.replace(/\s+/g, '')}\u3000${normalizeChineseText(value.slice(number.length).replace(/^[\s\u3000:：.．、]+/u, ''))}`;
}

/** The title of a run-in 条目: a bold 【…】, or a bold short phrase that is not a sentence. */
export function runInTitle(segments: readonly Segment[]): { title: string; rest: Segment[] } | undefined {
  const trimmed = trimSegments(segments);
  let bold = '';
  for (const segment of trimmed) {
    if (!('text' in segment) || !segment.format.bold) break;
    bold += segment.text;
  }
  const bracket = /^【([^【】]{1,40})】/u.exec(bold);
  if (bracket) return { title: bracket[1]!.trim(), rest: trimSegments(dropLeading(trimmed, bracket[0].length)) };
  const phrase = bold.trim().replace(/[：:。．.]$/u, '');
  if (!phrase || [...phrase].length > RUN_IN_MAX || SENTENCE_PUNCTUATION.test(phrase) || /[！？!?]/u.test(phrase)) return undefined;
  const after = dropLeading(trimmed, bold.length);
  const lead = /^[\s\u3000：:。．.]*/u.exec(after.length && 'text' in after[0]! ? after[0].text : '')![0].length;
  return { title: phrase, rest: trimSegments(dropLeading(after, lead)) };
}

type Say = (text: string, warning?: Topic) => void;

const EXTENSIONS: Record<string, string> = { PNG: 'png', JPEG: 'jpg', GIF: 'gif', WebP: 'webp', SVG: 'svg' };

export interface BuildResult {
  title?: string;
  subtitle?: string;
  body: Body;
  notes: Notes;
}

/** The blocks of a Word document as a manuscript body: title, 分目/条目 headings, figures, tables with title, unit and notes, footnotes. */
export async function buildDocxBody(model: ReadModel, imageTarget: ImageTarget): Promise<BuildResult> {
  const notes: Notes = [];
  const say: Say = (text, warning) => notes.push(warning ? { text, warning } : { text });
  const blocks = model.blocks.filter((b) => b.kind !== 'paragraph' || text(b) !== '' || b.segments.some((s) => 'note' in s));
  const body: Body = { nodes: [], paragraphs: 0, tables: 0, images: [], footnotes: [], pictures: 0 };
  let title: string | undefined;
  let subtitle: string | undefined;
  const titleIndex = blocks.findIndex((b) => b.kind === 'paragraph' && typeof b.role === 'object' && b.role.heading === 1);
  const fallback = titleIndex === -1 ? blocks.findIndex((b) => b.kind === 'paragraph') : -1;
  const first = blocks[fallback];
  const titleAt = titleIndex !== -1 ? titleIndex : first?.kind === 'paragraph' && !first.role && (first.centered || first.segments.every((s) => 'text' in s && s.format.bold)) && headingLike(text(first)) ? fallback : -1;
  const consumed = new Set<number>();
  if (titleAt !== -1) {
    title = normalizeChineseText(text(blocks[titleAt] as ParagraphBlock));
    consumed.add(titleAt);
  } else say(note.noTitle(), 'title');

  const isCaption = (block: DocBlock | undefined) => block?.kind === 'paragraph' && (block.role === 'caption' || CAPTION_TEXT.test(text(block))) && !TABLE_TITLE.test(text(block));
  let imageCount = 0;
  let tableCount = 0;
  for (let i = 0; i < blocks.length; i += 1) {
    if (consumed.has(i)) continue;
    const block = blocks[i]!;
    if (block.kind === 'image') {
      let caption: Segment[] = [];
      if (isCaption(blocks[i + 1]) && !consumed.has(i + 1)) {
        caption = (blocks[i + 1] as ParagraphBlock).segments;
        consumed.add(i + 1);
      }
      imageCount += 1;
      body.pictures += 1;
      body.nodes.push(await figure(block, caption, imageCount, imageTarget, body, say));
      continue;
    }
    if (block.kind === 'table') {
      tableCount += 1;
      pushTable(block, tableCount, body, say);
      continue;
    }
    const value = text(block);
    if (typeof block.role === 'object') {
      const depth = block.role.heading === 1 ? 2 : Math.min(block.role.heading, 4);
      if (block.role.heading === 1) say(note.headingDemoted(value), 'heading');
      body.nodes.push({ type: 'heading', depth: depth as 2 | 3 | 4, children: toPhrasing(block.segments) });
      continue;
    }
    if (block.role === 'subtitle' && subtitle === undefined && title !== undefined) {
      subtitle = normalizeChineseText(value);
      continue;
    }
    if (block.role === 'caption' && !TABLE_TITLE.test(value)) {
      // A caption whose picture is not in the file: a figure without src, as paiban prints a missing photo.
      body.nodes.push({ type: 'leafDirective', name: 'figure', attributes: {}, children: captionPhrasing(block.segments) });
      continue;
    }
    if (block.list) {
      pushListItem(body, block);
      continue;
    }
    if (TABLE_TITLE.test(value) && blocks.slice(i + 1, i + 3).some((b) => b.kind === 'table')) {
      // Table title (and a unit at its end) directly above the table.
      const unit = /[\s\u3000]*[（(]?((?:计量)?单位\s*[:：][^）)]*)[）)]?$/u.exec(value);
      body.nodes.push(paragraph(numberedTitle(unit ? value.slice(0, unit.index) : value)));
      if (unit) body.nodes.push(paragraph(normalizeChineseText(unit[1]!.replace(/\s+/g, ''))));
      body.paragraphs += unit ? 2 : 1;
      continue;
    }
    const runIn = block.role ? undefined : runInTitle(block.segments);
    if (runIn) {
      say(note.runInTitle(runIn.title));
      body.nodes.push({ type: 'heading', depth: 3, children: [{ type: 'text', value: normalizeChineseText(runIn.title) }] });
      if (runIn.rest.length) {
        body.nodes.push({ type: 'paragraph', children: toPhrasing(runIn.rest) });
        body.paragraphs += 1;
      }
      continue;
    }
    body.nodes.push({ type: 'paragraph', children: toPhrasing(block.segments) });
    body.paragraphs += 1;
  }
  body.footnotes = model.notes.map((n): FootnoteDefinition => ({
    type: 'footnoteDefinition',
    identifier: n.label,
    label: n.label,
    children: n.paragraphs.map((segments) => ({ type: 'paragraph', children: toPhrasing(segments) })),
  }));
  if (model.lineBreaks) say(note.lineBreaks(model.lineBreaks));
  return { ...(title !== undefined ? { title } : {}), ...(subtitle !== undefined ? { subtitle } : {}), body, notes };
}

/** A caption's text: "图1 …" numbered as a table title is; otherwise its formatted text. */
function captionPhrasing(caption: readonly Segment[]): PhrasingContent[] {
  const captionText = segmentsText(trimSegments(caption));
  const plain = caption.every((s) => 'text' in s && !s.format.bold && !s.format.italic);
  return CAPTION_TEXT.test(captionText) && plain ? [{ type: 'text', value: numberedTitle(captionText, CAPTION_TEXT) }] : toPhrasing(caption);
}

function paragraph(value: string): RootContent {
  return { type: 'paragraph', children: [{ type: 'text', value }] };
}

function pushListItem(body: Body, block: ParagraphBlock): void {
  const last = body.nodes[body.nodes.length - 1];
  const item = { type: 'listItem' as const, spread: false, children: [{ type: 'paragraph' as const, children: toPhrasing(block.segments) }] };
  if (last?.type === 'list' && last.ordered === block.list!.ordered) last.children.push(item);
  else body.nodes.push({ type: 'list', ordered: block.list!.ordered, spread: false, children: [item] } satisfies List);
  body.paragraphs += 1;
}

async function figure(block: ImageBlock, caption: Segment[], index: number, imageTarget: ImageTarget, body: Body, say: Say): Promise<RootContent> {
  const children = captionPhrasing(caption);
  const bytes = await block.read().catch(() => Buffer.alloc(0));
  const format = imageFormat(bytes.subarray(0, 4096));
  const attributes: Record<string, string> = {};
  if (!format) say(note.imageUnprintable(block.contentType.replace(/^image\//, '')), 'image');
  else {
    const target = imageTarget(index, EXTENSIONS[format]!);
    if (target) {
      attributes.src = target.src;
      body.images.push({ file: target.file, bytes });
      say(note.imageSaved(target.src));
    }
    if (!children.length) say(note.imageNoCaption(target?.src ?? `${index}`), 'image');
  }
  return { type: 'leafDirective', name: 'figure', attributes, children };
}

function pushTable(block: TableBlock, index: number, body: Body, say: Say): void {
  const textOf = (node: RootContent | undefined) => (node?.type === 'paragraph' && node.children[0]?.type === 'text' ? node.children[0].value : '');
  const title = [textOf(body.nodes[body.nodes.length - 1]), textOf(body.nodes[body.nodes.length - 2])].find((t) => TABLE_TITLE.test(t));
  const titled = title !== undefined || UNIT_LINE.test(textOf(body.nodes[body.nodes.length - 1]));
  const complex = block.rows.some((row) => row.cells.some((cell) => cell.complex));
  const { node, html } = tableNode({
    rows: block.rows.map((row) => ({
      header: row.header,
      cells: row.cells.map((cell) => ({ text: cell.paragraphs.map((p) => normalizeChineseText(segmentsText(trimSegments(p)))).join('\n'), colSpan: cell.colSpan, rowSpan: cell.rowSpan })),
    })),
  });
  if (!titled) say(note.tableNoTitle(index), 'table');
  if (html || complex) say(note.tableAsHtml(title ?? `${index}`));
  body.nodes.push(node);
  body.tables += 1;
}
