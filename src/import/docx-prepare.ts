import { attribute, descendants, firstChild, parseXml, serializeXml, wordText } from './xml.js';
import { isNumbered, paragraphRole, roleStyleId, type StyleBook } from './docx-styles.js';
import { countCharacters, addCounts, type Counts, type Difference } from './accounting.js';
import { note, where, type Topic } from './messages.js';
import type { ZipEntries } from './zip.js';
import type { Notes } from './manuscript.js';

/**
 * What mammoth does not do, done on the Word XML before mammoth reads it: tracked changes (accepted
 * or refused, each reported: mammoth silently accepts), comments (reported), Word fields (page
 * numbers, contents: dropped with a note; mammoth keeps their last text), and heading levels from
 * outline levels and numbering (mammoth knows style names only): each heading paragraph gets a style
 * id the converter reads back. Every character taken out is recorded for the report's accounting.
 */
export interface Prepared {
  entries: ZipEntries;
  notes: Notes;
  differences: Difference[];
  /** Han, Latin and digits of every text part: body, notes, comments, headers and footers. */
  source: Counts;
}

/** Fields whose shown text paiban makes itself (or that are not text): dropped. */
const DROPPED_FIELDS = new Set(['PAGE', 'NUMPAGES', 'SECTIONPAGES', 'SECTION', 'PAGEREF', 'TOC', 'INDEX', 'TC', 'XE', 'TOA', 'TA']);
/** Fields whose text is the document's own (links, caption numbers, cross references): kept silently. */
const QUIET_FIELDS = new Set(['HYPERLINK', 'SEQ', 'REF', 'NOTEREF', 'STYLEREF', 'MERGEFORMAT', '']);

const BODY_PARTS = ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml'];

const clip = (text: string) => ([...text].length > 30 ? `${[...text].slice(0, 30).join('')}…` : text);

function remove(element: Element): void {
  element.parentNode?.removeChild(element);
}

function unwrap(element: Element): void {
  const parent = element.parentNode;
  if (!parent) return;
  while (element.firstChild) parent.insertBefore(element.firstChild, element);
  parent.removeChild(element);
}

/** Text of an element in the order mammoth reads it: mc:Choice is skipped (mammoth reads mc:Fallback). */
export function partText(root: Element): string {
  return descendants(root)
    .filter((e) => (e.nodeName === 'w:t' || e.nodeName === 'w:delText') && !hasAncestor(e, 'mc:Choice'))
    .map((e) => e.textContent ?? '')
    .join('');
}

function hasAncestor(element: Element, name: string): boolean {
  for (let node = element.parentNode; node; node = node.parentNode) if (node.nodeName === name) return true;
  return false;
}

class Recorder {
  notes: Prepared['notes'] = [];
  private dropped = new Map<string, Counts>();
  say(text: string, warning?: Topic) {
    this.notes.push(warning ? { text, warning } : { text });
  }
  drop(where: string, text: string) {
    this.dropped.set(where, addCounts(this.dropped.get(where) ?? { han: 0, latin: 0, digits: 0 }, countCharacters(text)));
  }
  differences(): Difference[] {
    return [...this.dropped].map(([where, counts]) => ({ where, counts }));
  }
}

/** Still in its document (not inside a part removed before). */
function attached(element: Element): boolean {
  let node: Node = element;
  while (node.parentNode) node = node.parentNode;
  return node.nodeType === 9;
}

function authorOf(change: Element): string {
  return attribute(change, 'w:author') ?? 'unknown';
}

/** Tracked changes of one part: run-level insertions, deletions and moves; paragraph marks; formatting. */
function applyTrackedChanges(root: Element, reject: boolean, record: Recorder): void {
  for (const choice of descendants(root, 'mc:Choice')) if (choice.parentNode && firstChild(choice.parentNode as Element, 'mc:Fallback')) remove(choice);
  const formatting = descendants(root).filter((e) => /^w:(rPr|pPr|tblPr|tcPr|trPr|sectPr|tblGrid|numbering)Change$/.test(e.nodeName));
  formatting.forEach(remove);
  if (formatting.length) record.say(note.formatChanges(formatting.length));
  for (const change of descendants(root).filter((e) => ['w:ins', 'w:del', 'w:moveTo', 'w:moveFrom'].includes(e.nodeName))) {
    if (!attached(change)) continue;
    const inRunProperties = change.parentNode?.nodeName === 'w:rPr';
    const inserted = change.nodeName === 'w:ins' || change.nodeName === 'w:moveTo';
    if (change.parentNode?.nodeName === 'w:trPr') {
      // A table row inserted or deleted as a whole.
      const row = change.parentNode.parentNode as Element;
      const text = wordText(row, true);
      if (inserted === reject) {
        record.drop(reject ? where.insertionsRefused : where.deletions, text);
        record.say(reject ? note.insertionRejected(authorOf(change), clip(text)) : note.deletionAccepted(authorOf(change), clip(text)), 'tracked-change');
        remove(row);
      } else remove(change);
      continue;
    }
    if (inRunProperties) {
      // A paragraph mark inserted or deleted: mammoth joins paragraphs whose mark is deleted.
      if (reject && inserted) change.parentNode!.replaceChild(change.ownerDocument.createElement('w:del'), change);
      else if (reject || inserted) remove(change);
      continue;
    }
    const text = wordText(change, true);
    if (inserted) {
      if (text) record.say(reject ? note.insertionRejected(authorOf(change), clip(text)) : note.insertionAccepted(authorOf(change), clip(text)), 'tracked-change');
      if (reject) {
        record.drop(where.insertionsRefused, text);
        remove(change);
      }
    } else {
      if (text) record.say(reject ? note.deletionRejected(authorOf(change), clip(text)) : note.deletionAccepted(authorOf(change), clip(text)), 'tracked-change');
      if (reject) {
        for (const deleted of descendants(change, 'w:delText')) {
          const kept = deleted.ownerDocument.createElement('w:t');
          kept.setAttribute('xml:space', 'preserve');
          kept.appendChild(deleted.ownerDocument.createTextNode(deleted.textContent ?? ''));
          deleted.parentNode!.replaceChild(kept, deleted);
        }
        unwrap(change);
      } else {
        record.drop(where.deletions, text);
        remove(change);
      }
    }
  }
}

/** The first word of a field instruction: PAGE, TOC, HYPERLINK, … */
const fieldKind = (instruction: string) => /^\s*([A-Za-z]*)/.exec(instruction)![1]!.toUpperCase();

/** Complex fields (w:fldChar begin/separate/end) and simple ones (w:fldSimple). */
function applyFields(root: Element, record: Recorder): void {
  for (const simple of descendants(root, 'w:fldSimple')) {
    const kind = fieldKind(attribute(simple, 'w:instr') ?? '');
    if (DROPPED_FIELDS.has(kind)) {
      const text = wordText(simple);
      record.drop(where.fields, text);
      record.say(note.fieldDropped(kind, clip(text)));
      remove(simple);
    } else {
      if (!QUIET_FIELDS.has(kind)) record.say(note.fieldKept(kind));
      unwrap(simple);
    }
  }
  interface Open { instruction: string; result: boolean; dropped: boolean; text: string }
  const stack: Open[] = [];
  const doomed: Element[] = [];
  for (const element of descendants(root)) {
    const type = element.nodeName === 'w:fldChar' ? attribute(element, 'w:fldCharType') : undefined;
    if (type === 'begin') stack.push({ instruction: '', result: false, dropped: stack.some((f) => f.dropped), text: '' });
    else if (type === 'separate' && stack.length) {
      const top = stack[stack.length - 1]!;
      top.result = true;
      top.dropped ||= DROPPED_FIELDS.has(fieldKind(top.instruction));
    } else if (type === 'end' && stack.length) {
      const field = stack.pop()!;
      const kind = fieldKind(field.instruction);
      if (field.dropped && !stack.some((f) => f.dropped)) record.say(kind === 'TOC' ? note.tocDropped(field.text.split('\n').filter(Boolean).length) : note.fieldDropped(kind, clip(field.text)));
      else if (!field.dropped && !QUIET_FIELDS.has(kind)) record.say(note.fieldKept(kind));
    } else if (element.nodeName === 'w:instrText' && stack.length) stack[stack.length - 1]!.instruction += element.textContent ?? '';
    else if (element.nodeName === 'w:t' && stack.some((f) => f.result && f.dropped)) {
      const text = element.textContent ?? '';
      stack.find((f) => f.dropped)!.text += text;
      record.drop(where.fields, text);
      doomed.push(element);
    } else if (element.nodeName === 'w:p' && stack.some((f) => f.result && f.dropped)) stack.find((f) => f.dropped)!.text += '\n';
  }
  for (const text of doomed) remove(text);
  // A paragraph that held nothing but a dropped field's result (a contents line) goes too.
  for (const paragraph of new Set(doomed.map((t) => closest(t, 'w:p')))) {
    if (paragraph && !wordText(paragraph) && !descendants(paragraph).some((e) => e.nodeName === 'w:drawing' || e.nodeName === 'w:pict')) remove(paragraph);
  }
}

function closest(element: Element, name: string): Element | undefined {
  for (let node: Node | null = element; node; node = node.parentNode) if (node.nodeName === name) return node as Element;
  return undefined;
}

/** A Word table of contents in a content control (the usual form): dropped whole. */
function applyContentsControls(root: Element, record: Recorder): void {
  for (const control of descendants(root, 'w:sdt')) {
    const gallery = attribute(firstChild(firstChild(firstChild(control, 'w:sdtPr'), 'w:docPartObj'), 'w:docPartGallery'), 'w:val');
    if (!gallery || !/table of contents/i.test(gallery) || !control.parentNode) continue;
    record.drop(where.fields, wordText(control));
    record.say(note.tocDropped(descendants(control, 'w:p').length));
    remove(control);
  }
}

/** Comments: each reported with the text it is on; the anchors go (mammoth would ignore them anyway). */
function applyComments(root: Element, comments: Document | undefined, record: Recorder): void {
  const anchored = new Map<string, string>();
  const open = new Set<string>();
  for (const element of descendants(root)) {
    const id = attribute(element, 'w:id') ?? '';
    if (element.nodeName === 'w:commentRangeStart') open.add(id);
    else if (element.nodeName === 'w:commentRangeEnd') open.delete(id);
    else if (element.nodeName === 'w:t') for (const o of open) anchored.set(o, (anchored.get(o) ?? '') + (element.textContent ?? ''));
  }
  for (const comment of comments ? descendants(comments.documentElement, 'w:comment') : []) {
    const text = partText(comment);
    record.drop(where.comments, text);
    record.say(note.comment(attribute(comment, 'w:author') ?? 'unknown', clip(anchored.get(attribute(comment, 'w:id') ?? '') ?? ''), clip(text)), 'comment');
  }
}

/** Heading roles as style ids the converter reads back; page breaks counted. */
function applyRoles(root: Element, styles: StyleBook, record: Recorder): void {
  for (const paragraph of descendants(root, 'w:p')) {
    const role = paragraphRole(styles, paragraph);
    if (!role) continue;
    if (typeof role === 'object' && isNumbered(styles, paragraph)) record.say(note.headingNumbering(clip(wordText(paragraph))));
    let pPr = firstChild(paragraph, 'w:pPr');
    if (!pPr) pPr = paragraph.insertBefore(paragraph.ownerDocument.createElement('w:pPr'), paragraph.firstChild);
    let pStyle = firstChild(pPr, 'w:pStyle');
    if (!pStyle) pStyle = pPr.insertBefore(paragraph.ownerDocument.createElement('w:pStyle'), pPr.firstChild);
    pStyle.setAttribute('w:val', roleStyleId(role));
  }
  const pageBreaks = descendants(root, 'w:br').filter((br) => attribute(br, 'w:type') === 'page').length;
  if (pageBreaks) record.say(note.pageBreaks(pageBreaks));
}

export function prepareDocx(entries: ZipEntries, file: string, styles: StyleBook, options: { rejectChanges: boolean }): Prepared {
  const record = new Recorder();
  const prepared = new Map(entries);
  const parse = (part: string) => (entries.has(part) ? parseXml(entries.get(part)!, file, part) : undefined);
  const comments = parse('word/comments.xml');
  let source = comments ? countCharacters(partText(comments.documentElement)) : countCharacters('');
  for (const part of BODY_PARTS) {
    const document = parse(part);
    if (!document) continue;
    const root = document.documentElement;
    source = addCounts(source, countCharacters(partText(root)));
    applyTrackedChanges(root, options.rejectChanges, record);
    applyContentsControls(root, record);
    applyFields(root, record);
    if (part === 'word/document.xml') {
      applyComments(root, comments, record);
      applyRoles(root, styles, record);
    }
    for (const anchor of descendants(root).filter((e) => /^w:comment(RangeStart|RangeEnd|Reference)$/.test(e.nodeName))) remove(anchor);
    prepared.set(part, Buffer.from(serializeXml(document)));
  }
  const margins = [...entries.keys()].filter((name) => /^word\/(header|footer)\d*\.xml$/.test(name)).sort();
  const marginText = margins.map((part) => partText(parse(part)!.documentElement)).filter(Boolean).join(' / ');
  if (marginText.trim()) {
    source = addCounts(source, countCharacters(marginText));
    record.drop(where.margins, marginText);
    record.say(note.headersDropped(clip(marginText)));
  }
  return { entries: prepared, notes: record.notes, differences: record.differences(), source };
}
