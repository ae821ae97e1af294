import { SENTENCE_END } from './chars.js';

export interface RawLine {
  text: string;
  /** 1-based line number in the raw file. */
  line: number;
}

/** Lines of the raw text that belong together: a paragraph, a headline, a caption, before classification. */
export interface RawBlock {
  lines: RawLine[];
  /** Blank lines before the block: newspapers set captions apart with several. */
  blankBefore: number;
  /** The first line starts with a space, U+3000 or "——": the writer's own paragraph start. */
  opensParagraph: boolean;
}

const OPENS_BLOCK = /^(?:[ \u3000\t]|——)/;

/**
 * Splits raw text into blocks: a blank line ends a block; a line that starts with a space, U+3000 or
 * "——" starts a new one, as does a line after a short line that ends a sentence (the last line of a
 * paragraph in a justified column is short; a full line that happens to end with 。 is not a break).
 */
export function splitBlocks(text: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let current: RawBlock | undefined;
  let blank = 0;
  text.split(/\r\n|\r|\n/).forEach((content, index) => {
    const line = { text: content, line: index + 1 };
    if (!content.trim()) {
      current = undefined;
      blank += 1;
      return;
    }
    if (!current || OPENS_BLOCK.test(content)) {
      current = { lines: [], blankBefore: blank, opensParagraph: OPENS_BLOCK.test(content) };
      blocks.push(current);
    }
    current.lines.push(line);
    blank = 0;
  });
  return blocks.flatMap(splitAtShortSentenceEnds);
}

/** Length in characters, spaces not counted. */
export function visibleLength(text: string): number {
  return [...text.replace(/\s/g, '')].length;
}

function splitAtShortSentenceEnds(block: RawBlock): RawBlock[] {
  if (block.lines.length < 2) return [block];
  const width = Math.max(...block.lines.map((l) => visibleLength(l.text)));
  const parts: RawBlock[] = [];
  let lines: RawLine[] = [];
  block.lines.forEach((line, index) => {
    lines.push(line);
    const isLast = index === block.lines.length - 1;
    const short = visibleLength(line.text) <= width * 0.6;
    if (!isLast && short && SENTENCE_END.test(line.text.trim())) {
      parts.push({ ...block, lines, ...(parts.length ? { blankBefore: 0, opensParagraph: false } : {}) });
      lines = [];
    }
  });
  if (lines.length) parts.push({ ...block, lines, ...(parts.length ? { blankBefore: 0, opensParagraph: false } : {}) });
  return parts;
}
