import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { markdownParser } from '../manuscript/parse.js';
import { headingLines, LIMITS_RULE, manuscriptLimitProblem } from '../manuscript/limits.js';
import { FIXABLE, RULES } from './rules.js';
import { figuresWithoutPicture } from './figures.js';
import type { YearbookContext } from './yearbook.js';
import { isPlatesManuscript, platesWithoutPicture } from './plates.js';

/**
 * Lints one manuscript with every rule; the messages sit on the returned VFile (as remark-lint's do),
 * errors marked fatal. `path` is what the report shows.
 */
export function checkManuscript(source: string, path: string, bookDir: string, options: { captionOnly?: boolean } & YearbookContext = {}): VFile {
  const file = new VFile({ path, value: source });
  const problem = manuscriptLimitProblem(source);
  if (problem) {
    // Parsing it would take minutes (or overflow the stack): reported, and nothing else is checked.
    // What to do is part of the line: the build stops with this same line.
    const message = file.message(`${problem.reason} (the rest of the file was not checked). ${problem.hint}`, { place: { line: problem.line, column: 1 }, ruleId: LIMITS_RULE, source: 'paiban' });
    message.fatal = true;
    return file;
  }
  const tree = markdownParser.parse(source) as Root;
  // For the book's count of headings (check-book.ts): the build stops at the same heading.
  file.data.headingLines = headingLines(tree);
  for (const rule of RULES) rule(tree, file, { source, bookDir, maxTitle: options.maxTitle, defaultRole: options.defaultRole, columnLine: options.columnLine });
  // A plates manuscript (图片专辑) has a rule of its own: a plate always needs its picture.
  if (isPlatesManuscript(tree)) platesWithoutPicture(tree, file);
  else if (!options.captionOnly) figuresWithoutPicture(tree, file);
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return file;
}

declare module 'vfile' {
  interface DataMap {
    /** Lines of the manuscript's headings, when it was parsed. */
    headingLines: number[];
  }
}

/** True when the file has problems `--fix` could repair. */
export function hasFixable(file: VFile): boolean {
  return file.messages.some((message) => message.ruleId !== undefined && FIXABLE.has(message.ruleId));
}
