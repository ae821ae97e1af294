import { collapseSpacedCharacters } from './text.js';
import { HAN, SENTENCE_END, SENTENCE_PUNCTUATION } from './chars.js';
import { visibleLength, type RawBlock } from './blocks.js';
import { joinLines } from './unwrap.js';

export type BlockKind = 'title' | 'subtitle' | 'byline' | 'heading' | 'caption' | 'paragraph';

export interface Block {
  kind: BlockKind;
  /** Joined text, not yet normalized. */
  text: string;
  /** First and last raw line. */
  line: number;
  endLine: number;
  raw: RawBlock;
  /** For a byline: the role ("本报记者") and the name ("单瑞"). */
  byline?: { role: string; author: string };
  /** The rule was not sure (reported as a warning for the editor to check). */
  unsure?: string;
}

const HAS_HAN = new RegExp(HAN, 'u');
/** "本报记者 单 瑞", "通讯员：张三 李四", "文／王五": a role, then only a name (no punctuation). */
const BYLINE = /^(本报记者|本报通讯员|特约记者|记者|通讯员|(?:撰稿|作者|文|图|摄影)(?=[\s:：／/]))[\s:：／/]*((?:[\p{Script=Han}A-Za-z·][\s\u3000]*){1,16})$/u;
const CAPTION_MARK = /^(?:图为|图：|图:|▲|△|上图|下图|左图|右图|（图）)/u;
/** Verbs of the photos a yearbook or newspaper captions: who did what. */
const CAPTION_ACTION = /(开展|举办|召开|走访|视察|调研|督办|慰问|参观|考察|出席|座谈|看望|合影|活动|讲座|培训|会议|仪式|现场)/u;
/** Longest headline, in characters (a long line without punctuation is a fragment of a paragraph). */
const HEADING_MAX = 32;
const CAPTION_MAX = 80;

function lineText(block: RawBlock): string[] {
  return block.lines.map((l) => l.text.trim());
}

/** A short line with Han and without sentence punctuation. */
function headingLike(text: string): boolean {
  return HAS_HAN.test(text) && visibleLength(text) <= HEADING_MAX && !SENTENCE_PUNCTUATION.test(text) && !SENTENCE_END.test(text);
}

/** One sentence: ends a sentence and has no other sentence end inside. */
function oneSentence(text: string): boolean {
  return SENTENCE_END.test(text) && !/[。！？]/u.test(text.replace(SENTENCE_END, ''));
}

/** Rules that look at one block alone. */
export function classifyBlock(block: RawBlock): Block {
  const lines = lineText(block);
  // Letter-spaced words ("督 办") are collapsed first, so the rules below see the words.
  const text = collapseSpacedCharacters(joinLines(lines));
  const base = { text, line: block.lines[0]!.line, endLine: block.lines[block.lines.length - 1]!.line, raw: block };
  const byline = lines.length === 1 ? BYLINE.exec(text) : null;
  if (byline) return { ...base, kind: 'byline', byline: { role: byline[1]!, author: authorName(byline[2]!) } };
  if (text.startsWith('——') && visibleLength(text) <= 40 && !SENTENCE_END.test(text)) return { ...base, kind: 'subtitle', text: text.replace(/^——\s*/, '') };
  if (lines.every(headingLike)) {
    // A headline set over two lines becomes one heading; its lines are phrases, so a space separates them.
    const heading = lines.join(' ');
    return lines.length > 1 ? { ...base, kind: 'heading', text: heading, unsure: `a headline over ${lines.length} lines, joined with spaces` } : { ...base, kind: 'heading', text: heading };
  }
  if (CAPTION_MARK.test(text)) return { ...base, kind: 'caption' };
  if (oneSentence(text) && visibleLength(text) <= CAPTION_MAX) {
    if (block.blankBefore >= 2) return { ...base, kind: 'caption' };
    if (CAPTION_ACTION.test(text)) return { ...base, kind: 'caption', unsure: 'one short sentence about an activity, set apart: a photo caption?' };
  }
  return { ...base, kind: 'paragraph' };
}

/** "单 瑞" → "单瑞"; "张三 李四" → "张三、李四". */
export function authorName(text: string): string {
  const collapsed = collapseSpacedCharacters(text.trim().replace(/\u3000/g, ' '));
  return collapsed.split(/\s+/).join('、');
}

/**
 * Rules that look at neighbours: the title is the headline before a "——" subtitle (or the first
 * headline); a caption or heading right after the title block, or after another heading, is body text.
 */
export function classifyBlocks(raw: readonly RawBlock[]): Block[] {
  const blocks = raw.map(classifyBlock);
  const subtitle = blocks.findIndex((b) => b.kind === 'subtitle');
  let title = subtitle > 0 && blocks[subtitle - 1]!.kind === 'heading' ? subtitle - 1 : -1;
  if (title === -1 && blocks[0]?.kind === 'heading' && blocks[1]?.kind !== 'heading') title = 0;
  if (title >= 0) blocks[title] = { ...blocks[title]!, kind: 'title', text: blocks[title]!.text };
  for (let i = 1; i < blocks.length; i += 1) {
    const block = blocks[i]!;
    const previous = blocks[i - 1]!;
    // The lead under a title is not a caption, nor is a sentence under a heading unless it tells of an activity.
    const lead = ['title', 'subtitle', 'byline'].includes(previous.kind);
    const underHeading = previous.kind === 'heading' && !CAPTION_ACTION.test(block.text);
    if (block.kind === 'caption' && (lead || underHeading) && !CAPTION_MARK.test(block.text)) {
      blocks[i] = { ...block, kind: 'paragraph', unsure: undefined };
    }
  }
  // Subtitles other than the title's are ordinary text that happens to start with a dash.
  return blocks.map((b, i) => (b.kind === 'subtitle' && i !== title + 1 ? { ...b, kind: 'paragraph', text: joinLines(lineText(b.raw)) } : b));
}
