import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import { isScalar, parseDocument, visit as visitYaml } from 'yaml';
import { FONT_FAMILIES, type FontFamily } from '../config/fonts.js';
import { bookCoverage, describeCharacter, uncoveredCharacters } from '../fonts/coverage.js';
import { bookFaces } from '../fonts/faces.js';
import path from 'node:path';
import { decodeConfig, MAX_CONFIG_BYTES } from '../config/load.js';
import { readBookFile } from '../files/read.js';
import { markdownParser } from '../manuscript/parse.js';
import { manuscriptLimitProblem } from '../manuscript/limits.js';

export const MISSING_GLYPH = 'missing-glyph';

/** Node types whose source text prints: prose, code, raw HTML, the front matter (title, author, …). */
const PRINTED_NODES = new Set(['text', 'inlineCode', 'code', 'html', 'yaml']);

/**
 * Reports, as errors, every character of a manuscript that none of the book's fonts has, at its line
 * and column with its code point (`U+20000 𠀀`). Chromium would take such a character from a system
 * font (a Type 3 font in the PDF) or print a blank box, so the build stops before it prints.
 */
export async function checkGlyphs(file: VFile, families: readonly FontFamily[] = FONT_FAMILIES): Promise<void> {
  const source = String(file.value);
  // Past a limit the parser would take minutes or overflow the stack; the check reports the limit instead.
  if (manuscriptLimitProblem(source)) return;
  const coverage = await bookCoverage(bookFaces(families));
  const tree = markdownParser.parse(source) as Root;
  const spans: [number, number][] = [];
  visit(tree, (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (PRINTED_NODES.has(node.type) && start !== undefined && end !== undefined) spans.push([start, end]);
  });
  report(file, source, spans, coverage, families);
}

/** The same for book.yaml: every value (title, subtitle, editor, colophon fields, …) may print. */
export async function checkConfigGlyphs(configFile: string, shownAs: string, families: readonly FontFamily[]): Promise<VFile> {
  // Read and decoded as loadConfig reads it, so offsets match what was parsed.
  const source = decodeConfig(await readBookFile(path.dirname(configFile), configFile, { what: 'The settings file', maxBytes: MAX_CONFIG_BYTES }), configFile);
  const file = new VFile({ path: shownAs, value: source });
  const coverage = await bookCoverage(bookFaces(families));
  const spans: [number, number][] = [];
  visitYaml(parseDocument(source), {
    Pair(_key, pair) {
      if (isScalar(pair.value) && pair.value.range) spans.push([pair.value.range[0], pair.value.range[1]]);
    },
    Seq(_key, seq) {
      for (const item of seq.items) if (isScalar(item) && item.range) spans.push([item.range[0], item.range[1]]);
    },
  });
  report(file, source, spans, coverage, families);
  return file;
}

function report(file: VFile, source: string, spans: readonly [number, number][], coverage: ReadonlySet<number>, families: readonly FontFamily[]): void {
  const where = location(file);
  const seen = new Set<number>();
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    for (const { index, char } of uncoveredCharacters(source.slice(start, end), coverage)) {
      const offset = start + index;
      // Nested nodes (text inside a directive label, …) would report a character twice.
      if (seen.has(offset)) continue;
      seen.add(offset);
      const message = file.message(`${describeCharacter(char)} is in none of the book's fonts (${[...new Set(families)].join(', ')}): it would print in a system font or as a blank box`, {
        place: where.toPoint(offset),
        ruleId: MISSING_GLYPH,
        source: 'paiban',
      });
      message.fatal = true;
    }
  }
}
