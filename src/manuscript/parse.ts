import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkCjkFriendly from 'remark-cjk-friendly';
import type { Root, Yaml } from 'mdast';
import { PaibanError } from '../util/errors.js';
import { parseFrontMatter, type FrontMatter } from './front-matter.js';
import { nestingProblem } from './limits.js';

/** The Markdown dialect of a manuscript: CommonMark + front matter, GFM tables, directives, CJK-friendly emphasis. */
export const markdownParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).use(remarkCjkFriendly).freeze();

export interface ParsedManuscript {
  meta: FrontMatter;
  /** The body as mdast, front matter node removed. */
  tree: Root;
}

/** Parses one manuscript's text; `file` is the path shown in messages. */
export function parseManuscript(text: string, file: string): ParsedManuscript {
  const deep = nestingProblem(text);
  if (deep) throw new PaibanError(`${deep.reason}.`, { file, line: deep.line, hint: 'Flatten the nesting: a book needs a few levels of lists or quotes at most.' });
  const tree = markdownParser.parse(text);
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

/** The file starts with a front matter fence ("---"), closed or not. */
export function opensFrontMatter(text: string): boolean {
  return /^---[ \t]*\r?$/.test(text.split('\n', 1)[0] ?? '');
}
