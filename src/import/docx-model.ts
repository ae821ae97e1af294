import { roleOfStyleId, type ParagraphRole } from './docx-styles.js';

/**
 * mammoth's document model (its `transformDocument` hook hands it over), read into paiban's own
 * blocks: paragraphs of formatted segments with their role, images, tables with merged cells, notes.
 * Only the parts of the model paiban uses are typed here.
 */
export interface MammothElement {
  type: string;
  children?: MammothElement[];
  styleId?: string | null;
  styleName?: string | null;
  alignment?: string | null;
  numbering?: { level: string; isOrdered: boolean } | null;
  isBold?: boolean;
  isItalic?: boolean;
  isStrikethrough?: boolean;
  verticalAlignment?: string;
  value?: string;
  breakType?: string;
  noteType?: string;
  noteId?: string;
  checked?: boolean;
  contentType?: string;
  readAsBuffer?: () => Promise<Buffer>;
  colSpan?: number;
  rowSpan?: number;
  isHeader?: boolean;
  body?: MammothElement[];
}

export interface MammothDocument extends MammothElement {
  notes: { resolve: (reference: MammothElement) => MammothElement | null };
}

export interface Format {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  sup?: boolean;
  sub?: boolean;
}

export type Segment = { text: string; format: Format } | { note: string };

export interface ParagraphBlock {
  kind: 'paragraph';
  segments: Segment[];
  role: ParagraphRole;
  centered: boolean;
  list?: { ordered: boolean };
}

export interface ImageBlock {
  kind: 'image';
  contentType: string;
  read: () => Promise<Buffer>;
}

export interface TableCell {
  paragraphs: Segment[][];
  colSpan: number;
  rowSpan: number;
  /** Holds an image, a list or a table of its own: only an HTML table can carry it (as text). */
  complex: boolean;
}

export interface TableBlock {
  kind: 'table';
  rows: { cells: TableCell[]; header: boolean }[];
}

export type DocBlock = ParagraphBlock | ImageBlock | TableBlock;

export interface ReadModel {
  blocks: DocBlock[];
  /** Footnote and endnote bodies, by the label the manuscript gives them (1, 2, …), in order of reference. */
  notes: { label: string; paragraphs: Segment[][] }[];
  lineBreaks: number;
}

const sameFormat = (a: Format, b: Format) => Boolean(a.bold) === Boolean(b.bold) && Boolean(a.italic) === Boolean(b.italic) && Boolean(a.strike) === Boolean(b.strike) && Boolean(a.sup) === Boolean(b.sup) && Boolean(a.sub) === Boolean(b.sub);

/** Word splits text into many runs (spell checking, revisions): neighbours of one format are joined. */
function pushText(segments: Segment[], text: string, format: Format): void {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && 'text' in last && sameFormat(last.format, format)) last.text += text;
  else segments.push({ text, format: { ...format } });
}

export function readModel(document: MammothDocument): ReadModel {
  const model: ReadModel = { blocks: [], notes: [], lineBreaks: 0 };
  const noteLabels = new Map<string, string>();

  const noteLabel = (reference: MammothElement): string | undefined => {
    const key = `${reference.noteType}-${reference.noteId}`;
    if (noteLabels.has(key)) return noteLabels.get(key);
    const found = document.notes.resolve(reference);
    if (!found) return undefined;
    const label = String(noteLabels.size + 1);
    noteLabels.set(key, label);
    const paragraphs: Segment[][] = [];
    for (const child of found.body ?? []) if (child.type === 'paragraph') paragraphs.push(...inline(child).lines);
    model.notes.push({ label, paragraphs });
    return label;
  };

  /** A paragraph's segments, split at line breaks; its images in order. */
  const inline = (paragraph: MammothElement) => {
    const lines: Segment[][] = [[]];
    const images: ImageBlock[] = [];
    const walk = (element: MammothElement, format: Format) => {
      for (const child of element.children ?? []) {
        if (child.type === 'run') {
          walk(child, {
            bold: child.isBold, italic: child.isItalic, strike: child.isStrikethrough,
            sup: child.verticalAlignment === 'superscript', sub: child.verticalAlignment === 'subscript',
          });
        } else if (child.type === 'text') pushText(lines[lines.length - 1]!, child.value ?? '', format);
        else if (child.type === 'tab') pushText(lines[lines.length - 1]!, ' ', format);
        else if (child.type === 'checkbox') pushText(lines[lines.length - 1]!, child.checked ? '☑' : '☐', format);
        else if (child.type === 'break' && child.breakType === 'line') {
          model.lineBreaks += 1;
          lines.push([]);
        } else if (child.type === 'noteReference') {
          const label = noteLabel(child);
          if (label) lines[lines.length - 1]!.push({ note: label });
        } else if (child.type === 'image') {
          images.push({ kind: 'image', contentType: child.contentType ?? 'application/octet-stream', read: () => child.readAsBuffer!() });
        } else if (child.children) walk(child, format);
      }
    };
    walk(paragraph, {});
    return { lines, images };
  };

  const cell = (element: MammothElement): TableCell => {
    const paragraphs: Segment[][] = [];
    let complex = false;
    for (const child of element.children ?? []) {
      if (child.type !== 'paragraph') {
        complex = true;
        continue;
      }
      const { lines, images } = inline(child);
      if (images.length || child.numbering) complex = true;
      paragraphs.push(...lines.filter((line) => line.length));
    }
    return { paragraphs, colSpan: element.colSpan ?? 1, rowSpan: element.rowSpan ?? 1, complex };
  };

  for (const element of document.children ?? []) {
    if (element.type === 'table') {
      model.blocks.push({
        kind: 'table',
        rows: (element.children ?? []).filter((r) => r.type === 'tableRow').map((row) => ({ header: Boolean(row.isHeader), cells: (row.children ?? []).filter((c) => c.type === 'tableCell').map(cell) })),
      });
      continue;
    }
    if (element.type !== 'paragraph') continue;
    const { lines, images } = inline(element);
    const role = roleOfStyleId(element.styleId);
    const list = element.numbering && !role ? { ordered: element.numbering.isOrdered } : undefined;
    for (const segments of lines) model.blocks.push({ kind: 'paragraph', segments, role, centered: element.alignment === 'center', ...(list ? { list } : {}) });
    model.blocks.push(...images);
  }
  return model;
}

export function segmentsText(segments: readonly Segment[]): string {
  return segments.map((s) => ('text' in s ? s.text : '')).join('');
}
