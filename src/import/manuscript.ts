import type { FootnoteDefinition, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { stringify as yamlStringify } from 'yaml';
import { VFile } from 'vfile';
import { account, accountingLines, countCharacters, manuscriptText, total, type Accounting, type Counts, type Difference } from './accounting.js';
import { note, where, type Topic } from './messages.js';

/** Where an extracted image goes: the `src` the manuscript writes, and the file it is written to (absent: not extracted). */
export type ImageTarget = (index: number, extension: string) => { src: string; file: string } | undefined;

/** A note of the import: info, or a warning (a person decides) about a topic. */
export type Notes = { text: string; warning?: Topic }[];

export interface Body {
  nodes: RootContent[];
  footnotes: FootnoteDefinition[];
  paragraphs: number;
  tables: number;
  images: { file: string; bytes: Buffer }[];
  /** Pictures found in the source (extracted or not). */
  pictures: number;
}

/** One manuscript an import makes, with its report and the numbers of the folder summary. */
export interface ImportedManuscript {
  markdown: string;
  report: VFile;
  images: { file: string; bytes: Buffer }[];
  /** For a workbook of several sheets: the sheet, to name the manuscript after. */
  part?: string;
  stats: { paragraphs: number; tables: number; images: number; charactersIn: number; charactersOut: number; decisions: number };
  accounting: Accounting;
}

/** The manuscript text: front matter (title, subtitle, source: keys the front matter schema knows) and the body. */
export function toMarkdown(front: { title: string; subtitle?: string; source?: string }, body: Body): string {
  const data: Record<string, string> = { title: front.title };
  if (front.subtitle) data.subtitle = front.subtitle;
  if (front.source) data.source = front.source;
  const tree: Root = { type: 'root', children: [{ type: 'yaml', value: yamlStringify(data).trimEnd() }, ...body.nodes, ...body.footnotes] };
  return unified().use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).use(remarkStringify, { bullet: '-', rule: '*' }).stringify(tree);
}

/**
 * The manuscript with its report: every note of the import, then the characters of the source and of
 * the manuscript and where each difference went; characters nobody can account for are a warning.
 */
export function finishManuscript(input: {
  file: string;
  front: { title?: string; subtitle?: string; source?: string };
  body: Body;
  notes: Notes;
  source: Counts;
  differences: Difference[];
  part?: string;
}): ImportedManuscript {
  const markdown = toMarkdown({ ...input.front, title: input.front.title ?? '（无标题）' }, input.body);
  const report = new VFile({ path: input.file });
  const say = (text: string, warning?: Topic) => {
    const message = report.message(text, { ruleId: warning ?? 'import', source: 'paiban-import' });
    message.fatal = warning ? false : undefined;
  };
  for (const item of input.notes) say(item.text, item.warning);
  // The placeholder title is text the source does not have: a negative difference.
  const differences = input.front.title === undefined ? [...input.differences, { where: where.placeholderTitle, counts: { han: -countCharacters('（无标题）').han, latin: 0, digits: 0 } }] : input.differences;
  const accounting = account(input.source, countCharacters(manuscriptText(markdown)), differences);
  const lines = accountingLines(accounting);
  say(note.characters([lines.summary, ...lines.differences].join('; ')));
  if (lines.unaccounted) say(note.unaccounted(lines.unaccounted), 'characters');
  return {
    markdown,
    report,
    images: input.body.images,
    ...(input.part !== undefined ? { part: input.part } : {}),
    stats: {
      paragraphs: input.body.paragraphs,
      tables: input.body.tables,
      images: input.body.pictures,
      charactersIn: total(accounting.source),
      charactersOut: total(accounting.manuscript),
      decisions: report.messages.filter((m) => m.fatal === false).length,
    },
    accounting,
  };
}
