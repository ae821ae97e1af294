/** ISO 19005-3 6.8: embedded files (file specifications, associated files, checksums) and paiban's sources. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRawStream, PDFString } from 'pdf-lib';
import { Doc, N, verdict, nameOf, textOf, decoded, type ClauseResult } from './doc.js';

interface Embedded {
  key: string;
  spec: PDFDict;
  specRef: PDFObject;
}

/** The /Names /EmbeddedFiles tree, flattened. */
function embeddedFiles(doc: Doc): Embedded[] {
  const root = doc.catalog.lookupMaybe(N('Names'), PDFDict)?.lookup(N('EmbeddedFiles'));
  const found: Embedded[] = [];
  const walk = (node: unknown, depth: number) => {
    if (!(node instanceof PDFDict) || depth > 32) return;
    const names = node.lookup(N('Names'));
    if (names instanceof PDFArray) {
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const spec = names.lookup(i + 1);
        if (spec instanceof PDFDict) found.push({ key: textOf(names.lookup(i)) ?? '', spec, specRef: names.get(i + 1) });
      }
    }
    const kids = node.lookup(N('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i += 1) walk(kids.lookup(i), depth + 1);
  };
  walk(root, 0);
  return found;
}

function embeddedStream(spec: PDFDict): PDFRawStream | undefined {
  const ef = spec.lookup(N('EF'));
  const stream = ef instanceof PDFDict ? (ef.lookup(N('UF')) ?? ef.lookup(N('F'))) : undefined;
  return stream instanceof PDFRawStream ? stream : undefined;
}

const RELATIONSHIPS = new Set(['Source', 'Data', 'Alternative', 'Supplement', 'EncryptedPayload', 'FormData', 'Schema', 'Unspecified']);

export function checkFileSpecs(doc: Doc): ClauseResult {
  const files = embeddedFiles(doc);
  const problems: string[] = [];
  for (const { key, spec } of files) {
    if (!spec.has(N('F')) || !spec.has(N('UF'))) problems.push(`${key}: no /F and /UF`);
    const relationship = nameOf(spec.lookup(N('AFRelationship')));
    if (!relationship || !RELATIONSHIPS.has(relationship)) problems.push(`${key}: no valid /AFRelationship`);
    const stream = embeddedStream(spec);
    if (!stream) problems.push(`${key}: no embedded file stream`);
    else {
      if (!(stream.dict.lookup(N('Subtype')) instanceof PDFName)) problems.push(`${key}: no MIME /Subtype`);
      const params = stream.dict.lookup(N('Params'));
      if (!(params instanceof PDFDict) || !params.has(N('ModDate'))) problems.push(`${key}: no /Params /ModDate`);
    }
  }
  return verdict('PDF/A 6.8 embedded files', problems, `${files.length} embedded files with F, UF, MIME type, ModDate and AFRelationship`);
}

export function checkAssociatedFiles(doc: Doc): ClauseResult {
  const af = doc.catalog.lookup(N('AF'));
  const listed = new Set<PDFObject>();
  if (af instanceof PDFArray) for (let i = 0; i < af.size(); i += 1) listed.add(af.lookup(i) as PDFObject);
  // Pages and other objects may carry /AF too; any AF array counts as an association.
  for (const { dict } of doc.where((d) => d !== doc.catalog && d.has(N('AF')))) {
    const other = dict.lookup(N('AF'));
    if (other instanceof PDFArray) for (let i = 0; i < other.size(); i += 1) listed.add(other.lookup(i) as PDFObject);
  }
  const files = embeddedFiles(doc);
  const problems = files.filter(({ spec }) => !listed.has(spec)).map(({ key }) => `${key} is in no /AF array`);
  return verdict('PDF/A 6.8 associated files /AF', problems, `${files.length} embedded files, all in /AF`);
}

/** The MD5 /CheckSum and /Size the writer recorded against the bytes now embedded. */
export function checkChecksums(doc: Doc): ClauseResult {
  const problems: string[] = [];
  const files = embeddedFiles(doc);
  for (const { key, spec } of files) {
    const stream = embeddedStream(spec);
    if (!stream) continue;
    const bytes = decoded(stream);
    if (!bytes) {
      problems.push(`${key}: the embedded file cannot be decoded`);
      continue;
    }
    const params = stream.dict.lookup(N('Params'));
    const sum = params instanceof PDFDict ? params.lookup(N('CheckSum')) : undefined;
    const size = params instanceof PDFDict ? params.lookup(N('Size')) : undefined;
    if (!(sum instanceof PDFHexString || sum instanceof PDFString)) problems.push(`${key}: no /CheckSum`);
    else if (Buffer.from(sum.asBytes()).toString('hex') !== createHash('md5').update(bytes).digest('hex')) problems.push(`${key}: /CheckSum does not match the embedded bytes`);
    if (!(size instanceof PDFNumber) || size.asNumber() !== bytes.length) problems.push(`${key}: /Size is not ${bytes.length}`);
  }
  return verdict('paiban embedded checksums', problems, `${files.length} embedded files match their MD5 /CheckSum and /Size`);
}

export async function checkSources(doc: Doc, sources: readonly { name: string; path: string }[]): Promise<ClauseResult> {
  const embedded = new Map(embeddedFiles(doc).map((file) => [textOf(file.spec.lookup(N('UF'))) ?? file.key, file.spec]));
  const problems: string[] = [];
  for (const source of sources) {
    const spec = embedded.get(source.name);
    const stream = spec && embeddedStream(spec);
    if (!stream) {
      problems.push(`${source.name} is not embedded`);
      continue;
    }
    let onDisk: Buffer;
    try {
      onDisk = await readFile(source.path);
    } catch {
      problems.push(`${source.path} cannot be read`);
      continue;
    }
    const embeddedBytes = decoded(stream);
    const inside = embeddedBytes ? sha256(embeddedBytes) : 'undecodable';
    if (sha256(onDisk) !== inside) problems.push(`${source.name} differs from ${source.path} (embedded sha256 ${inside.slice(0, 12)}…)`);
  }
  return verdict('paiban sources match', problems, `${sources.length} files on disk match their embedded copies (SHA-256)`);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
