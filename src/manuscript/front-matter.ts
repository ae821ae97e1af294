import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PaibanError } from '../util/errors.js';
import { describeIssue } from '../config/issues.js';
import { MAX_ALIAS_COUNT, plainText, titleText } from '../config/schema.js';
import { yamlSlip } from '../config/yaml-slips.js';

/** A manuscript's roles in a yearbook's frame, in the order the frame puts them. */
export const MANUSCRIPT_ROLES = ['front', 'plates', 'special', 'chronicle', 'part', 'appendix', 'index'] as const;
export type ManuscriptRole = (typeof MANUSCRIPT_ROLES)[number];

/** The front matter a manuscript may carry. Strict: a misspelt key is reported, not ignored. */
export const frontMatterSchema = z
  .object({
    title: titleText,
    subtitle: plainText.optional(),
    author: plainText.optional(),
    /** What stands before the author's name in the byline, e.g. 本报记者. */
    byline: plainText.optional(),
    year: z.number().int().min(1000).max(9999).optional(),
    /** Position in the book when book.yaml does not list the manuscripts. */
    order: z.number().optional(),
    /** The raw text this manuscript was made from (relative to the manuscript, inside the book); the archive carries it. */
    source: z.string().min(1).optional(),
    /**
     * Its place in a yearbook's frame: front (编委会, 编辑说明), plates (图片专辑), special (特载), chronicle
     * (大事记), part (a 类目: the default in a yearbook), appendix (附录, 统计资料), index (索引).
     */
    role: z.enum(MANUSCRIPT_ROLES, { error: `one of ${MANUSCRIPT_ROLES.join(', ')}` }).optional(),
    /** Columns of its body (1, 2 or 3), overriding book.yaml's layout.columns. */
    columns: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '1, 2 or 3' }).optional(),
  })
  .strict();

export type FrontMatter = z.output<typeof frontMatterSchema>;

/** One thing wrong with a front matter block, on its line of the manuscript. */
export interface FrontMatterProblem {
  kind: 'yaml' | 'schema';
  /** Plain words, without a prefix: the caller says it is about the front matter. */
  reason: string;
  line: number;
}

/**
 * Every problem of a front matter block (YAML syntax first; then, when the YAML parses, each
 * schema issue), or the data when there is none. `firstLine` is the line of the file on which the
 * YAML starts, so every problem points at the right line of the manuscript. Shared by the build
 * (which stops at the first) and `paiban check` (which lists them all).
 */
export function frontMatterProblems(yamlText: string, firstLine: number): { data: FrontMatter; problems: [] } | { data?: undefined; problems: FrontMatterProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  // A full-width colon after a key, or an unquoted colon in a value: in plain words at its line, when it breaks the block.
  const slip = () => {
    const found = yamlSlip(yamlText, firstLine);
    return found ? [{ kind: 'yaml' as const, reason: `${found.reason}. ${found.hint}`, line: found.line }] : [];
  };
  if (document.errors.length) {
    const slips = slip();
    if (slips.length) return { problems: slips };
    return {
      problems: document.errors.map((error) => ({ kind: 'yaml', reason: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line: lineOf(error.pos[0]) })),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch {
    return { problems: [{ kind: 'yaml', reason: 'too many YAML aliases (*name); the front matter would expand without end', line: firstLine }] };
  }
  const result = frontMatterSchema.safeParse(data, { reportInput: true });
  if (result.success) return { data: result.data, problems: [] };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const slips = slip();
    if (slips.length) return { problems: slips };
  }
  return {
    problems: result.error.issues.map((issue) => {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
      const offset = typeof key === 'string' ? findKeyOffset(document, key) : undefined;
      return { kind: 'schema', reason: describeIssue(issue, frontMatterSchema), line: offset === undefined ? firstLine : lineOf(offset) };
    }),
  };
}

/** Validates a front matter block; the first problem is thrown as a PaibanError with the manuscript's line. */
export function parseFrontMatter(yamlText: string, file: string, firstLine: number): FrontMatter {
  const checked = frontMatterProblems(yamlText, firstLine);
  if (checked.data) return checked.data;
  const first = checked.problems[0]!;
  throw first.kind === 'yaml'
    ? new PaibanError(`The front matter is not valid YAML: ${first.reason}`, { file, line: first.line, hint: 'Front matter lines look like "title: 标题". Put a space after each colon.' })
    : new PaibanError(`Front matter: ${first.reason}`, { file, line: first.line, hint: 'Front matter lines look like "title: 标题"; only "title" is required.' });
}

function findKeyOffset(document: ReturnType<typeof parseDocument>, key: string): number | undefined {
  const contents = document.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  const pair = contents?.items?.find((item) => String(item.key?.value) === key);
  return pair?.key?.range?.[0];
}
