import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PaibanError } from '../util/errors.js';
import { isSymlinkSync } from '../files/paths.js';
import { readBookFile } from '../files/read.js';
import { checkImagePath } from '../files/images.js';
import { bookSchema, MAX_ALIAS_COUNT, type BookConfig } from './schema.js';
import { withKindDefaults } from './yearbook.js';
import { describeIssue } from './issues.js';
import { decodeUtf8, lineOfInvalidUtf8, otherUnicodeEncoding } from '../util/utf8.js';
import { yamlSlip } from './yaml-slips.js';

export const CONFIG_FILE = 'book.yaml';

export interface LoadedConfig {
  config: BookConfig;
  /** Absolute path of the book folder. */
  bookDir: string;
  /** Absolute path of book.yaml. */
  file: string;
}

/** Reads and validates `book.yaml` in `bookDir`. Every problem becomes one PaibanError with file:line. */
export async function loadConfig(bookDir: string): Promise<LoadedConfig> {
  const dir = path.resolve(bookDir);
  const file = path.join(dir, CONFIG_FILE);
  if (!existsSync(file) && !isSymlinkSync(file)) {
    throw new PaibanError(`No ${CONFIG_FILE} in ${dir}.`, {
      hint: `Run paiban in the book folder or give its path; to start a book here, run \`paiban init\` (\`paiban init --yearbook\` for a 年鉴).`,
    });
  }
  const bytes = await readBookFile(dir, file, { what: 'The settings file', maxBytes: MAX_CONFIG_BYTES });
  const config = parseConfig(decodeConfig(bytes, file), file);
  if (config.cover.image) checkCoverImage(dir, config.cover.image, file, bytes);
  return { config, bookDir: dir, file };
}

/** A book.yaml is a page of settings; 1 MB is thousands of manuscripts listed. Larger is a mistake (or an attack on memory). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * book.yaml as text: UTF-8 only, as manuscripts (a GBK book.yaml would otherwise print U+FFFD in every
 * title). Line ends of old Mac editors (a lone CR) become LF: the YAML parser would read the whole file
 * as one line and name a confusing error on it.
 */
export function decodeConfig(bytes: Uint8Array, file: string): string {
  const encoding = otherUnicodeEncoding(bytes);
  if (encoding) throw new PaibanError(`${CONFIG_FILE} is ${encoding} text; paiban reads UTF-8 only.`, { file, line: 1, hint: 'Save it as UTF-8 text (in most editors: "Save as…", encoding UTF-8).' });
  const text = decodeUtf8(bytes);
  if (text !== undefined) return text.replace(/\r(?!\n)/g, '\n');
  const line = lineOfInvalidUtf8(bytes);
  throw new PaibanError(`${CONFIG_FILE} is not valid UTF-8 (perhaps GBK or GB18030).`, { file, line, hint: 'Save it as UTF-8 text (in most editors: "Save as…", encoding UTF-8).' });
}

/**
 * cover.image must name an image inside the book: checked when book.yaml is read, so a missing,
 * non-image or folder cover fails at once with its book.yaml line, not after the whole book printed.
 */
function checkCoverImage(bookDir: string, image: string, file: string, bytes: Uint8Array): void {
  const checked = checkImagePath(image, bookDir, bookDir);
  if ('file' in checked) return;
  const text = new TextDecoder().decode(bytes);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const node = document.getIn(['cover', 'image'], true);
  const offset = isNode(node) && node.range ? node.range[0] : undefined;
  const place = offset === undefined ? { file } : { file, line: lineCounter.linePos(offset).line, column: lineCounter.linePos(offset).col };
  throw new PaibanError(`"cover.image": ${checked.problem.reason}.`, { ...place, hint: checked.problem.hint });
}

/** Parses book.yaml text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): BookConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const placeOf = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  // A full-width colon or an unquoted colon in a value: said in plain words, at its line, when it breaks the file.
  const slipError = () => {
    const slip = yamlSlip(text);
    return slip ? new PaibanError(`${CONFIG_FILE}: ${slip.reason}.`, { file, line: slip.line, column: 1, hint: slip.hint }) : undefined;
  };
  const [yamlError] = document.errors;
  if (yamlError) {
    const slip = slipError();
    if (slip) throw slip;
    throw new PaibanError(`${CONFIG_FILE} is not valid YAML: ${firstSentence(yamlError.message)}`, {
      ...placeOf(yamlError.pos[0]),
      hint: 'Check the indentation (spaces, not tabs) and that every "key: value" has a space after the colon.',
    });
  }
  const data: unknown = toPlainData(document, file);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const slip = slipError();
    if (slip) throw slip;
    throw new PaibanError(`${CONFIG_FILE} must be a list of "key: value" lines.`, { file, line: 1, hint: 'Start with a line such as "title: 年鉴".' });
  }
  const result = bookSchema.safeParse(withKindDefaults(data), { reportInput: true });
  if (result.success) return result.data;

  // The first problem by line (one without a line, such as a missing key, after those with one): a
  // misspelt key is then named before the key it was meant as is missed.
  const placed = result.error.issues.map((issue) => {
    const offset = offsetOfIssue(document, issue);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { issue, offset, order: missing ? Infinity : (offset ?? Infinity) };
  });
  const { issue, offset } = placed.reduce((first, next) => (next.order < first.order ? next : first));
  if (offset === undefined || issue.code === 'invalid_type') {
    const slip = slipError();
    if (slip) throw slip;
  }
  const where = offset === undefined ? { file } : placeOf(offset);
  throw new PaibanError(describeIssue(issue, bookSchema), { ...where, hint: `See the comments in the sample ${CONFIG_FILE} for every key and its allowed values.` });
}

/**
 * The YAML document as plain data. Aliases are expanded by the yaml library up to its maxAliasCount;
 * a document that expands further (a "billion laughs" bomb) is refused with a message.
 */
export function toPlainData(document: Document, file: string, firstLine = 1): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    throw new PaibanError(`${path.basename(file)}: too many YAML aliases (*name); the file would expand without end.`, {
      file,
      line: firstLine,
      hint: 'Write the values out instead of repeating them with &anchors and *aliases.',
      cause: error,
    });
  }
}


function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Offset in book.yaml of the value (or, for an unknown key, the key) that an issue is about. */
function offsetOfIssue(document: Document, issue: z.core.$ZodIssue): number | undefined {
  const issuePath = issue.path.map((step) => (typeof step === 'symbol' ? String(step) : step));
  if (issue.code === 'unrecognized_keys') {
    const parent = issuePath.length ? document.getIn(issuePath, true) : document.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isNode(item.key) && issue.keys.includes(String((item.key as { value?: unknown }).value)));
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
  }
  // Walk up until a node that exists in the file (a missing key points at its parent).
  for (let length = issuePath.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(issuePath.slice(0, length), true);
    if (isNode(node) && node.range) {
      if (length < issuePath.length || length === 0) {
        // The key itself is missing: point at the key of the parent map when there is one.
        const parentKey = findKeyNode(document, issuePath.slice(0, length));
        return parentKey ?? node.range[0];
      }
      return node.range[0];
    }
  }
  return undefined;
}

function findKeyNode(document: Document, parentPath: (string | number)[]): number | undefined {
  if (parentPath.length === 0) return undefined;
  const grand = parentPath.length === 1 ? document.contents : document.getIn(parentPath.slice(0, -1), true);
  if (!isMap(grand)) return undefined;
  const last = parentPath[parentPath.length - 1];
  const pair = grand.items.find((item) => isNode(item.key) && String((item.key as { value?: unknown }).value) === String(last));
  return pair && isNode(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
}
