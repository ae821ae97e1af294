import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PaibanError } from '../util/errors.js';
import { describeIssue } from '../config/issues.js';

/** The front matter a manuscript may carry. Strict: a misspelt key is reported, not ignored. */
export const frontMatterSchema = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().optional(),
    author: z.string().optional(),
    /** What stands before the author's name in the byline, e.g. 本报记者. */
    byline: z.string().optional(),
    year: z.number().int().min(1000).max(9999).optional(),
    /** Position in the book when book.yaml does not list the manuscripts. */
    order: z.number().optional(),
  })
  .strict();

export type FrontMatter = z.output<typeof frontMatterSchema>;

/**
 * Validates the YAML text of a front matter block. `firstLine` is the line of the file on which the
 * YAML starts, so every message points at the right line of the manuscript.
 */
export function parseFrontMatter(yamlText: string, file: string, firstLine: number): FrontMatter {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  const [yamlError] = document.errors;
  if (yamlError) {
    throw new PaibanError(`The front matter is not valid YAML: ${yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      line: lineOf(yamlError.pos[0]),
      hint: 'Front matter lines look like "title: 标题". Put a space after each colon.',
    });
  }
  const result = frontMatterSchema.safeParse(document.toJS() ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
  const node = typeof key === 'string' ? findKeyOffset(document, key) : undefined;
  throw new PaibanError(`Front matter: ${describeIssue(issue, frontMatterSchema)}`, {
    file,
    line: node === undefined ? firstLine : lineOf(node),
    hint: 'Front matter lines look like "title: 标题"; only "title" is required.',
  });
}

function findKeyOffset(document: ReturnType<typeof parseDocument>, key: string): number | undefined {
  const contents = document.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  const pair = contents?.items?.find((item) => String(item.key?.value) === key);
  return pair?.key?.range?.[0];
}
