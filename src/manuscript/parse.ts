import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkCjkFriendly from 'remark-cjk-friendly';
import type { Root, Yaml } from 'mdast';
import { PaibanError } from '../util/errors.js';
import { parseFrontMatter, type FrontMatter } from './front-matter.js';
import { headingLimitProblem, headingLines, manuscriptLimitProblem } from './limits.js';

/** The Markdown dialect of a manuscript: CommonMark + front matter, GFM tables, directives, CJK-friendly emphasis. */
export const markdownParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).use(remarkCjkFriendly).freeze();

export interface ParsedManuscript {
  meta: FrontMatter;
  /** The body as mdast, front matter node removed. */
  tree: Root;
}

/** Parses one manuscript's text; `file` is the path shown in messages. */
export function parseManuscript(text: string, file: string): ParsedManuscript {
  const tree = parseWithinLimits(text, file);
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    if (opensFrontMatter(text)) {
      throw new PaibanError('The front matter is not closed.', { file, line: 1, hint: 'Add a line "---" after the last front matter line.' });
    }
    throw new PaibanError('The manuscript has no front matter.', {
      file,
      line: 1,
      hint: 'Start the file with three lines: "---", "title: 文章标题", "---".',
    });
  }
  const yamlNode = first as Yaml;
  const meta = parseFrontMatter(yamlNode.value, file, (yamlNode.position?.start.line ?? 1) + 1);
  return { meta, tree: { ...tree, children: tree.children.slice(1) } };
}

/**
 * The manuscript as mdast, when it is within limits.ts's limits (checked before parsing: the parser
 * would take minutes or gigabytes past them); otherwise one PaibanError at the line where a limit is
 * crossed, the same line `paiban check` reports.
 */
export function parseWithinLimits(text: string, file: string): Root {
  const problem = manuscriptLimitProblem(text);
  if (problem) throw new PaibanError(`${problem.reason}.`, { file, line: problem.line, hint: problem.hint });
  const tree = markdownParser.parse(text);
  const headings = headingLines(tree);
  const many = headingLimitProblem(headings.length, 0, (n) => headings[n - 1]!);
  if (many) throw new PaibanError(`${many.reason}.`, { file, line: many.line, hint: many.hint });
  return tree;
}

/** The file starts with a front matter fence ("---"), closed or not. */
export function opensFrontMatter(text: string): boolean {
  return /^---[ \t]*\r?$/.test(text.split('\n', 1)[0] ?? '');
}
