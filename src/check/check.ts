import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { markdownParser } from '../manuscript/parse.js';
import { nestingProblem } from '../manuscript/limits.js';
import { joinLines } from '../normalize/unwrap.js';
import { normalizeChineseText } from '../normalize/text.js';
import { FIXABLE, RULES } from './rules.js';
import { proseTexts } from './text-nodes.js';

/**
 * Lints one manuscript with every rule; the messages sit on the returned VFile (as remark-lint's do),
 * errors marked fatal. `path` is what the report shows.
 */
export function checkManuscript(source: string, path: string, bookDir: string): VFile {
  const file = new VFile({ path, value: source });
  const deep = nestingProblem(source);
  if (deep) {
    // Parsing it would take minutes (or overflow the stack): reported, and nothing else is checked.
    const message = file.message(`${deep.reason}; flatten it (the rest of the file was not checked)`, { place: { line: deep.line, column: 1 }, ruleId: 'nesting', source: 'paiban' });
    message.fatal = true;
    return file;
  }
  const tree = markdownParser.parse(source) as Root;
  for (const rule of RULES) rule(tree, file, { source, bookDir });
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return file;
}

/**
 * Repairs what can be repaired mechanically: in every prose text written verbatim (no Markdown
 * escapes), hard wraps are joined and punctuation and spacing normalized, as `paiban import` does.
 * Everything else (front matter, images, headings, unbalanced quotes) is left for the editor.
 */
export function fixManuscript(source: string): string {
  if (nestingProblem(source)) return source;
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

/** True when the file has problems `--fix` could repair. */
export function hasFixable(file: VFile): boolean {
  return file.messages.some((message) => message.ruleId !== undefined && FIXABLE.has(message.ruleId));
}

/** Joins the lines of a text node, keeping the spaces at its two ends (they separate it from emphasis or links). */
function unwrap(value: string): string {
  if (!value.includes('\n')) return value;
  const leading = /^[ \t]*/.exec(value)![0];
  const trailing = /[ \t]*$/.exec(value)![0];
  return leading + joinLines(value.split('\n')) + trailing;
}
