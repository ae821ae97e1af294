import { createHash } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFObjectCopier, PDFRawStream, PDFRef, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';

/**
 * Puts what the first `count` pages of `source` draw in place of what the same pages of `target` draw:
 * their content streams and resources are copied over (fonts the book already has are reused, see
 * copyResources); everything else of the
 * target's pages stays — link annotations, the structure tree's page references (/StructParents),
 * the named destinations, the outline. This is how the table of contents gets its numbers without
 * printing the whole book again: the book is printed once with placeholder numbers of the same width,
 * the front matter alone with the real ones, and its pages drawn into the book's.
 *
 * It is only right when the two pages have the same layout. Checked here, page by page: the marked
 * content ids (which tie the drawn text to the structure tree) must come in the same order and the
 * link annotations must sit on the same rectangles. Returns why not when a check fails (and then
 * changes nothing), so the caller can print the whole book again instead.
 *
 * Hand-written: pdf-lib copies whole pages (copyPages) but has no way to swap what a page draws while
 * keeping its place in a tagged document.
 */
export function spliceFrontPages(target: PDFDocument, source: PDFDocument, count: number): { ok: true } | { ok: false; reason: string } {
  if (source.getPageCount() < count || target.getPageCount() < count) return { ok: false, reason: `front matter has ${source.getPageCount()} pages, the book ${target.getPageCount()}, ${count} wanted` };
  const pairs: [PDFPage, PDFPage][] = [];
  for (let index = 0; index < count; index += 1) {
    const into = target.getPage(index);
    const from = source.getPage(index);
    const ids = [markedContentIds(into), markedContentIds(from)];
    if (ids[0]!.join() !== ids[1]!.join()) return { ok: false, reason: `page ${index + 1}: marked content differs (${ids[0]!.length} and ${ids[1]!.length} ids)` };
    const rects = [linkRects(into), linkRects(from)];
    const moved = rects[0]!.findIndex((rect, i) => !sameRect(rect, rects[1]![i]));
    if (moved >= 0 || rects[0]!.length !== rects[1]!.length) return { ok: false, reason: `page ${index + 1}: links differ (${rects[0]!.length} and ${rects[1]!.length}; ${rects[0]![moved]?.join(' ')} and ${rects[1]![moved]?.join(' ')})` };
    pairs.push([into, from]);
  }
  const copier = PDFObjectCopier.for(source.context, target.context);
  const bookFonts = fontsByName(target, count);
  for (const [into, from] of pairs) {
    const old = into.node.get(PDFName.of('Contents'));
    for (const ref of old instanceof PDFArray ? old.asArray() : [old]) if (ref instanceof PDFRef) target.context.delete(ref);
    const contents = from.node.get(PDFName.of('Contents'));
    if (contents) into.node.set(PDFName.of('Contents'), copier.copy(contents));
    const resources = from.node.Resources();
    if (resources) into.node.set(PDFName.of('Resources'), copyResources(resources, glyphsByFont(from), bookFonts, copier, source, target));
  }
  return { ok: true };
}

/**
 * The source page's resources for the target. A font the book already embeds under the same name (the
 * same per-book face: both prints read one file, and Chromium keeps its glyph ids) and whose subset holds
 * every glyph the page draws with it is reused, so the book keeps one subset per face; any other is copied.
 */
function copyResources(resources: PDFDict, used: ReadonlyMap<string, ReadonlySet<number>>, bookFonts: ReadonlyMap<string, BookFont[]>, copier: PDFObjectCopier, source: PDFDocument, target: PDFDocument): PDFDict {
  const result = new Map<PDFName, PDFObject>();
  for (const [key, value] of resources.entries()) {
    const fonts = key === PDFName.of('Font') ? source.context.lookup(value) : undefined;
    if (!(fonts instanceof PDFDict)) {
      result.set(key, copier.copy(value));
      continue;
    }
    const mapped = new Map<PDFName, PDFObject>();
    for (const [name, ref] of fonts.entries()) {
      const glyphs = used.get(name.decodeText()) ?? new Set<number>();
      const font = source.context.lookup(ref);
      const match = font instanceof PDFDict ? bookFonts.get(fontName(font))?.find((candidate) => [...glyphs].every((glyph) => candidate.glyphs.has(glyph))) : undefined;
      mapped.set(name, match ? match.ref : retagged(copier.copy(ref), target));
    }
    result.set(key, PDFDict.fromMapWithContext(mapped, target.context));
  }
  return PDFDict.fromMapWithContext(result, target.context);
}

/**
 * A font copied from the front matter's print gets a subset tag of its own (from its glyph data): Chromium
 * numbers its tags per print (AAAAAA+, BAAAAA+, …), so the book may already hold a different subset of
 * the same face under the same tag, and two font programs must not share a name.
 */
function retagged(ref: PDFObject, target: PDFDocument): PDFObject {
  const font = target.context.lookup(ref);
  if (!(font instanceof PDFDict)) return ref;
  const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0);
  const descriptor = descendant instanceof PDFDict ? descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict) : undefined;
  const program = descriptor?.lookup(PDFName.of('FontFile2')) ?? descriptor?.lookup(PDFName.of('FontFile3')) ?? descriptor?.lookup(PDFName.of('FontFile'));
  if (!(program instanceof PDFRawStream)) return ref;
  const digest = createHash('sha256').update(program.contents).digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  const rename = (dict: PDFDict | undefined, key: string) => {
    const name = dict?.lookupMaybe(PDFName.of(key), PDFName)?.decodeText();
    if (dict && name) dict.set(PDFName.of(key), PDFName.of(`${tag}+${name.replace(/^[A-Z]{6}\+/, '')}`));
  };
  rename(font, 'BaseFont');
  if (descendant instanceof PDFDict) rename(descendant, 'BaseFont');
  rename(descriptor, 'FontName');
  return ref;
}

interface BookFont {
  ref: PDFRef;
  /** Glyph ids its subset maps to text (its ToUnicode CMap): the glyphs it holds. */
  glyphs: Set<number>;
}

/** The book's fonts outside its first `skip` pages, by name without the subset tag ("NotoSerifSC-Regular"). */
export function fontsByName(pdf: PDFDocument, skip: number): Map<string, BookFont[]> {
  const result = new Map<string, BookFont[]>();
  const seen = new Set<string>();
  for (const page of pdf.getPages().slice(skip)) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      if (!(ref instanceof PDFRef) || seen.has(ref.toString())) continue;
      seen.add(ref.toString());
      const font = pdf.context.lookup(ref);
      if (!(font instanceof PDFDict)) continue;
      const glyphs = toUnicodeGlyphs(pdf, font);
      if (!glyphs) continue;
      const name = fontName(font);
      result.set(name, [...(result.get(name) ?? []), { ref, glyphs }]);
    }
  }
  return result;
}

function fontName(font: PDFDict): string {
  return (font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? '').replace(/^[A-Z]{6}\+/, '');
}

/** The glyph ids a composite font's ToUnicode CMap maps (bfchar and bfrange entries); undefined for any other font. */
function toUnicodeGlyphs(pdf: PDFDocument, font: PDFDict): Set<number> | undefined {
  if (font.lookupMaybe(PDFName.of('Subtype'), PDFName) !== PDFName.of('Type0')) return undefined;
  const cmap = font.lookup(PDFName.of('ToUnicode'));
  if (!(cmap instanceof PDFRawStream)) return undefined;
  const text = new TextDecoder('latin1').decode(decodePDFRawStream(cmap).decode());
  const glyphs = new Set<number>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]*>/g)) glyphs.add(parseInt(entry[1]!, 16));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    // One range a line: <first> <last> <unicode> or <first> <last> [<unicode> …].
    for (const entry of block[1]!.matchAll(/^\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/gm)) {
      for (let glyph = parseInt(entry[1]!, 16); glyph <= parseInt(entry[2]!, 16); glyph += 1) glyphs.add(glyph);
    }
  }
  return glyphs;
}

/** The glyph ids a page draws, by font resource name (two-byte codes, as Chromium writes them). */
export function glyphsByFont(page: PDFPage): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const text of contentTexts(page)) {
    for (const token of text.matchAll(/\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>/g)) {
      if (token[1] !== undefined) {
        current = result.get(token[1]) ?? new Set();
        result.set(token[1], current);
      } else if (current && token[2] !== undefined) {
        for (let i = 0; i + 4 <= token[2].length; i += 4) current.add(parseInt(token[2].slice(i, i + 4), 16));
      }
    }
  }
  return result;
}

/** The /MCID numbers of a page's marked content, in drawing order. */
export function markedContentIds(page: PDFPage): number[] {
  const ids: number[] = [];
  for (const text of contentTexts(page)) for (const match of text.matchAll(/\/MCID\s+(\d+)/g)) ids.push(Number(match[1]));
  return ids;
}

function contentTexts(page: PDFPage): string[] {
  const contents = page.node.Contents();
  const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const decoder = new TextDecoder('latin1');
  return streams.flatMap((entry) => {
    const stream = entry instanceof PDFRef ? page.doc.context.lookup(entry) : entry;
    return stream instanceof PDFRawStream ? [decoder.decode(decodePDFRawStream(stream).decode())] : [];
  });
}

/** Within half a point: the two prints place the same box with rounding differences of a few hundredths. */
function sameRect(a: readonly number[], b: readonly number[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((value, i) => Math.abs(value - b[i]!) < 0.5);
}

/** Each link annotation's rectangle. */
function linkRects(page: PDFPage): number[][] {
  const annots = page.node.Annots();
  if (!annots) return [];
  const rects: number[][] = [];
  for (let i = 0; i < annots.size(); i += 1) {
    const annot = annots.lookup(i);
    if (!(annot instanceof PDFDict)) continue;
    const rect = annot.lookup(PDFName.of('Rect'));
    rects.push(rect instanceof PDFArray ? rect.asArray().map((n) => Number(n.toString())) : []);
  }
  return rects;
}
