import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { markdownParser } from '../manuscript/parse.js';
import { nestingProblem } from '../manuscript/limits.js';
import { FIXABLE, RULES } from './rules.js';
import { figuresWithoutPicture } from './figures.js';
import { isPlatesManuscript, platesWithoutPicture } from './plates.js';

/**
 * Lints one manuscript with every rule; the messages sit on the returned VFile (as remark-lint's do),
 * errors marked fatal. `path` is what the report shows.
 */
export function checkManuscript(source: string, path: string, bookDir: string, options: { captionOnly?: boolean } = {}): VFile {
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
  // A plates manuscript (图片专辑) has a rule of its own: a plate always needs its picture.
  if (isPlatesManuscript(tree)) platesWithoutPicture(tree, file);
  else if (!options.captionOnly) figuresWithoutPicture(tree, file);
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return file;
}

/** True when the file has problems `--fix` could repair. */
export function hasFixable(file: VFile): boolean {
  return file.messages.some((message) => message.ruleId !== undefined && FIXABLE.has(message.ruleId));
}
