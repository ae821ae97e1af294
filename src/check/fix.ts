import type { Root } from 'mdast';
import { manuscriptLimitProblem } from '../manuscript/limits.js';
import { markdownParser } from '../manuscript/parse.js';
import { joinLines } from '../normalize/unwrap.js';
import { normalizeChineseText } from '../normalize/text.js';
import { proseTexts } from './text-nodes.js';

// Apart from check.ts because it loads zhlint, which only `check --fix` needs.

/**
 * Repairs what can be repaired mechanically: in every prose text written verbatim (no Markdown
 * escapes), hard wraps are joined and punctuation and spacing normalized, as `paiban import` does.
 * Everything else (front matter, images, headings, unbalanced quotes) is left for the editor.
 */
export function fixManuscript(source: string): string {
  if (manuscriptLimitProblem(source)) return source;
  const tree = markdownParser.parse(source) as Root;
  const edits = proseTexts(tree, source)
    .filter((text) => text.offset !== undefined)
    .map((text) => ({ start: text.offset!, end: text.offset! + text.node.value.length, value: normalizeChineseText(unwrap(text.node.value)) }))
    .filter((edit) => edit.value !== source.slice(edit.start, edit.end))
    .sort((a, b) => b.start - a.start);
  let fixed = source;
  for (const edit of edits) fixed = fixed.slice(0, edit.start) + edit.value + fixed.slice(edit.end);
  return fixed;
}

/** Joins the lines of a text node, keeping the spaces at its two ends (they separate it from emphasis or links). */
function unwrap(value: string): string {
  if (!value.includes('\n')) return value;
  const leading = /^[ \t]*/.exec(value)![0];
  const trailing = /[ \t]*$/.exec(value)![0];
  return leading + joinLines(value.split('\n')) + trailing;
}
