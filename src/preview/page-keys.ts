import { createHash, type Hash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/**
 * A fingerprint of each page's printed content, to find the pages a rebuild changed without rendering
 * them all (rendering is ~20–40 ms a page; this is ~20 ms for the whole 21-page sample, pdf-lib load included).
 *
 * The key of a page hashes its content streams as stored (Chromium's output is deterministic, so the same
 * page gives the same bytes) and every resource they name, resolved: images and forms by their stream
 * bytes, fonts by what decides how their glyphs look. Left out of a font, on purpose: the embedded font
 * program and its width and ToUnicode tables. Chromium subsets fonts keeping the original glyph ids
 * (`/CIDToGIDMap /Identity`), so a glyph that another page adds to the subset changes the font program
 * but not how this page's glyphs render; hashing it would redraw every page set in that font.
 *
 * Equal keys mean "same page" only for rebuilds in which the fonts themselves did not change: the caller
 * renders every page when a style, template or book.yaml changed. Unequal keys may still render the same
 * (a new font earlier in the book renumbers the objects: /F44 becomes /F50); the caller compares pixels
 * before it replaces an image, so that costs time, never a wrong page.
 */
export async function pageKeys(pdfBytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const memo = new Map<string, string>();
  return pdf.getPages().map((page) => {
    const hash = createHash('sha1');
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((item) => pdf.context.lookup(item)) : [contents];
    for (const stream of streams) if (stream instanceof PDFStream) hash.update(streamBytes(stream));
    hash.update('\0resources\0');
    const resources = page.node.Resources();
    if (resources) hashObject(hash, resources, pdf, memo, 0);
    hash.update(`\0box ${page.getWidth()}x${page.getHeight()}`);
    return hash.digest('hex');
  });
}

/** Keys whose values don't change how a font's glyphs look on a page that already used them (see above). */
const FONT_DATA_KEYS = new Set(['FontFile', 'FontFile2', 'FontFile3', 'ToUnicode', 'W', 'W2', 'Widths', 'CIDSet', 'CharSet', 'FirstChar', 'LastChar']);
/** Never followed: back-links to the page tree and structure tree would hash the whole document. */
const SKIPPED_KEYS = new Set(['Parent', 'P', 'StructParents', 'StructParent', 'Metadata']);
const MAX_DEPTH = 12;

function hashObject(hash: Hash, object: PDFObject | undefined, pdf: PDFDocument, memo: Map<string, string>, depth: number): void {
  if (object === undefined || depth > MAX_DEPTH) {
    hash.update('∅');
    return;
  }
  if (object instanceof PDFRef) {
    // Each referenced object is hashed once per document and then stands for itself by its digest.
    const id = object.toString();
    let digest = memo.get(id);
    if (digest === undefined) {
      memo.set(id, 'cycle');
      const inner = createHash('sha1');
      hashObject(inner, pdf.context.lookup(object), pdf, memo, depth + 1);
      digest = inner.digest('hex');
      memo.set(id, digest);
    }
    hash.update(`@${digest}`);
    return;
  }
  if (object instanceof PDFStream) {
    hashDict(hash, object.dict, pdf, memo, depth);
    hash.update('stream');
    hash.update(streamBytes(object));
    return;
  }
  if (object instanceof PDFDict) {
    hashDict(hash, object, pdf, memo, depth);
    return;
  }
  if (object instanceof PDFArray) {
    hash.update('[');
    for (const item of object.asArray()) hashObject(hash, item, pdf, memo, depth + 1);
    hash.update(']');
    return;
  }
  // Names, numbers, strings, booleans: their PDF syntax, with font subset tags (ABCDEF+) removed, as they count up.
  hash.update(` ${object.toString().replace(/^\/[A-Z]{6}\+/, '/')}`);
}

function hashDict(hash: Hash, dict: PDFDict, pdf: PDFDocument, memo: Map<string, string>, depth: number): void {
  const isFont = dict.get(PDFName.of('Type')) === PDFName.of('Font') || dict.get(PDFName.of('Type')) === PDFName.of('FontDescriptor');
  const entries = dict.entries().sort(([a], [b]) => (a.asString() < b.asString() ? -1 : 1));
  hash.update('<<');
  for (const [name, value] of entries) {
    const entry = name.decodeText();
    if (SKIPPED_KEYS.has(entry) || (isFont && FONT_DATA_KEYS.has(entry))) continue;
    hash.update(name.asString());
    hashObject(hash, value, pdf, memo, depth + 1);
  }
  hash.update('>>');
}

function streamBytes(stream: PDFStream): Uint8Array {
  // Loaded streams are raw (still compressed): comparing those is enough and skips inflating them.
  return stream instanceof PDFRawStream ? stream.contents : stream.getContents();
}
