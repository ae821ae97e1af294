import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PaibanError } from '../util/errors.js';
import { bookSchema, type BookConfig } from './schema.js';
import { describeIssue } from './issues.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PaibanError(`No ${CONFIG_FILE} in ${dir}.`, {
      hint: `A book folder needs a ${CONFIG_FILE} with at least a line "title: …". Run paiban in the book folder or give its path.`,
    });
  }
  return { config: parseConfig(text, file), bookDir: dir, file };
}

/** Parses book.yaml text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): BookConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const placeOf = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const [yamlError] = document.errors;
  if (yamlError) {
    throw new PaibanError(`${CONFIG_FILE} is not valid YAML: ${firstSentence(yamlError.message)}`, {
      ...placeOf(yamlError.pos[0]),
      hint: 'Check the indentation (spaces, not tabs) and that every "key: value" has a space after the colon.',
    });
  }
  const data: unknown = document.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new PaibanError(`${CONFIG_FILE} must be a list of "key: value" lines.`, { file, line: 1, hint: 'Start with a line such as "title: 年鉴".' });
  }
  const result = bookSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const offset = offsetOfIssue(document, issue);
  const where = offset === undefined ? { file } : placeOf(offset);
  throw new PaibanError(describeIssue(issue, bookSchema), { ...where, hint: `See the comments in the sample ${CONFIG_FILE} for every key and its allowed values.` });
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
