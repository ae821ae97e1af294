import type { Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import { stringify as yamlStringify } from 'yaml';
import { VFile } from 'vfile';
import { SENTENCE_END } from './chars.js';
import { splitBlocks } from './blocks.js';
import { classifyBlocks, type Block } from './classify.js';
import { normalizeChineseText } from './text.js';

export interface ImportResult {
  markdown: string;
  /** The decisions, as messages on the raw file (info: done; warning: check it). */
  report: VFile;
  /** The blocks as classified, for tests and tools. */
  blocks: Block[];
}

/**
 * Raw text (pasted from a newspaper site or extracted from a laid-out PDF) → a normalized manuscript.
 * Stages: split into blocks → classify → join paragraphs split by a page or column → normalize
 * punctuation and spaces → Markdown. Every decision is reported with the raw file's line.
 * `options.source` goes into the front matter as `source:` (the raw file, seen from the manuscript).
 */
export function importText(raw: string, path = 'raw.txt', options: { source?: string } = {}): ImportResult {
  const report = new VFile({ path, value: raw });
  const say = (block: Block, message: string, ruleId: string, unsure = false) => {
    const msg = report.message(message, { place: { line: block.line, column: 1 }, ruleId, source: 'paiban-import' });
    msg.fatal = unsure ? false : undefined;
  };

  const blocks = joinSplitParagraphs(classifyBlocks(splitBlocks(raw)), say);
  for (const block of blocks) {
    if (block.kind === 'paragraph') continue;
    const shown = block.kind === 'byline' ? `${block.byline!.role} ${block.byline!.author}` : block.text;
    say(block, `${block.kind}: “${preview(shown)}”${block.unsure ? ` (${block.unsure})` : ''}`, block.kind, Boolean(block.unsure));
  }
  reportReadingOrder(blocks, say);

  const title = blocks.find((b) => b.kind === 'title');
  const subtitle = blocks.find((b) => b.kind === 'subtitle');
  const byline = blocks.find((b) => b.kind === 'byline');
  const frontMatter: Record<string, string | number> = { title: title ? normalizeChineseText(title.text) : '（无标题）' };
  if (!title) report.message('no title found: the front matter says “（无标题）”; write the real one', { place: { line: 1, column: 1 }, ruleId: 'title', source: 'paiban-import' }).fatal = false;
  // By line, the missing title (line 1) included. Stable: a block's own message before its reading-order note.
  report.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (subtitle) frontMatter.subtitle = normalizeChineseText(subtitle.text);
  if (byline) Object.assign(frontMatter, { author: byline.byline!.author, byline: byline.byline!.role });
  const year = /((?:19|20)\d{2})\s*年/.exec(`${title?.text ?? ''} ${subtitle?.text ?? ''}`)?.[1];
  if (year) frontMatter.year = Number(year);
  if (options.source) frontMatter.source = options.source;

  const body = blocks.filter((b) => b !== title && b !== subtitle && b !== byline).map(toMarkdownNode);
  const tree: Root = { type: 'root', children: [{ type: 'yaml', value: yamlStringify(frontMatter).trimEnd() }, ...body] };
  const markdown = unified().use(remarkFrontmatter, ['yaml']).use(remarkDirective).use(remarkStringify, { bullet: '-', rule: '*' }).stringify(tree);
  return { markdown, report, blocks };
}

function preview(text: string): string {
  return [...text].length > 24 ? `${[...text].slice(0, 24).join('')}…` : text;
}

function toMarkdownNode(block: Block): RootContent {
  const text = normalizeChineseText(block.text);
  if (block.kind === 'heading') return { type: 'heading', depth: 2, children: [{ type: 'text', value: text }] };
  if (block.kind === 'caption') return { type: 'leafDirective', name: 'figure', attributes: {}, children: [{ type: 'text', value: text }] };
  return { type: 'paragraph', children: [{ type: 'text', value: text }] };
}

type Say = (block: Block, message: string, ruleId: string, unsure?: boolean) => void;

/**
 * A paragraph that does not end a sentence continues in the next paragraph when a page or a column
 * split it ("……科学" / "内涵有了……"), unless the next one opens with an indent. Captions set between
 * the two halves (a photo in the column) move after the joined paragraph.
 */
export function joinSplitParagraphs(blocks: readonly Block[], say: Say): Block[] {
  // Linear: an index walks the blocks (Array.shift and spreading the growing text made 20k lines take 35 s).
  const result: Block[] = [];
  let next = 0;
  while (next < blocks.length) {
    let block = blocks[next++]!;
    const movedCaptions: Block[] = [];
    const parts = [block.text];
    while (block.kind === 'paragraph' && !SENTENCE_END.test(parts[parts.length - 1]!)) {
      let captions = 0;
      while (blocks[next + captions]?.kind === 'caption') captions += 1;
      const continuation = blocks[next + captions];
      if (!continuation || continuation.kind !== 'paragraph' || continuation.raw.opensParagraph) break;
      say(continuation, `joined to the paragraph before (line ${block.line}): “…${lastChars(parts[parts.length - 1]!, 6)}” + “${[...continuation.text.slice(0, 12)].slice(0, 6).join('')}…”, split by a page or column`, 'join');
      movedCaptions.push(...blocks.slice(next, next + captions));
      next += captions + 1;
      parts.push(continuation.text);
      block = { ...block, endLine: continuation.endLine };
    }
    result.push(parts.length > 1 ? { ...block, text: parts.join('') } : block, ...movedCaptions);
  }
  return result;
}

/** The last `count` characters (code points) of a text, without spreading the whole text. */
function lastChars(text: string, count: number): string {
  return [...text.slice(-2 * count)].slice(-count).join('');
}

/** Signs that text alone cannot put in order: said plainly, with lines, never guessed. */
function reportReadingOrder(blocks: readonly Block[], say: Say): void {
  const titleIndex = blocks.findIndex((b) => b.kind === 'title');
  const firstText = blocks.findIndex((b) => b.kind === 'paragraph');
  if (titleIndex > firstText && firstText >= 0) {
    say(blocks[titleIndex]!, `the title comes after body text (line ${blocks[firstText]!.line}): the reading order is probably scrambled (text extracted from a laid-out page); put the title and its lead first`, 'reading-order', true);
  }
  for (let i = 0; i < blocks.length; i += 1) {
    let run = i;
    while (blocks[run + 1]?.kind === 'heading' && blocks[run]!.kind === 'heading') run += 1;
    if (run > i) {
      const lines = blocks.slice(i, run + 1).map((b) => b.line).join(', ');
      say(blocks[i]!, `${run - i + 1} headings in a row with no text between them (lines ${lines}): their sections' text stands elsewhere; move each heading before its section`, 'reading-order', true);
      i = run;
    }
  }
}
