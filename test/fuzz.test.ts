/**
 * Random and mutated Markdown through the whole text pipeline (parse → plugins → sanitize → HTML):
 * it never throws anything but a PaibanError, never hangs, and never loses a Han character of the
 * Markdown's text on the way to the HTML.
 */
import { mkdtemp, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { hanMultiset } from '../src/normalize/chars.js';
import { PaibanError } from '../src/util/errors.js';
import { ESSAYS } from './helpers/essays.js';

let bookDir: string;
let sample: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-fuzz-'));
  await mkdir(path.join(bookDir, 'manuscripts'));
  sample = await readFile(path.join(ESSAYS, 'manuscripts', '2022-gongzuo-liangdian.md'), 'utf8');
});

/** Han characters of the Markdown's text (what a reader sees), not of its syntax, URLs or raw HTML. */
function textHan(tree: Root): string {
  let text = '';
  visit(tree, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') text += node.value;
  });
  return hanMultiset(text);
}

/** What became of one input: built into HTML, or refused with a PaibanError (counted: refusing everything must fail). */
type Outcome = 'built' | 'refused';

async function throughPipeline(markdown: string): Promise<Outcome> {
  const file = path.join(bookDir, 'manuscripts', 'fuzz.md');
  let parsed;
  try {
    parsed = parseManuscript(markdown, file);
  } catch (error) {
    if (error instanceof PaibanError) return 'refused';
    throw error;
  }
  let chapter;
  try {
    chapter = await transformManuscript({ file, name: 'fuzz.md', ...parsed }, { id: 'ch1', bookDir });
  } catch (error) {
    if (error instanceof PaibanError) return 'refused';
    throw error;
  }
  const html = toHtml(chapter.body);
  const expected = textHan(parsed.tree);
  const actual = hanMultiset(html);
  // Every Han character of the text is in the HTML (the HTML may have more, e.g. from alt text).
  const missing = [...expected].filter((char) => !actual.includes(char) || expected.split(char).length > actual.split(char).length);
  expect(missing, markdown).toEqual([]);
  return 'built';
}

/** Counts outcomes over a property's runs. */
function tally() {
  const counts: Record<Outcome, number> = { built: 0, refused: 0 };
  return { counts, add: (outcome: Outcome) => void (counts[outcome] += 1) };
}

/**
 * Share of inputs the pipeline may refuse with a PaibanError. Measured: about 1 in 400 random inputs,
 * about 1 in 6 mutated manuscripts (a mutation that breaks the front matter or writes an unknown
 * directive is refused, rightly); the bounds leave room for chance, not for refusing everything.
 */
const REFUSALS_ALLOWED = { random: 0.05, mutated: 0.4 };

const han = fc.constantFrom(...'政协委员履职尽责团结民主一二三年月日中国利通区');
const syntax = fc.constantFrom('*', '_', '**', '#', '## ', '\n', '\n\n', '[', ']', '(', ')', '!', ':', '::', ':::', '{', '}', '"', '<', '>', '</', '`', '```', '|', '-', '1.', '  ', '\\', '&', ';', 'figure', 'ruby', 'src=', 'rt=', 'p', 'span', 'a', 'b', 'img', 'http://x', '，', '。', '“', '”');
const words = fc.array(han, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
/** Well-formed constructs too, so that emphasis, links, tables, directives and raw HTML really occur. */
const construct = fc.oneof(
  words.map((w) => `*${w}*`),
  words.map((w) => `**${w}**`),
  words.map((w) => `[${w}](#x)`),
  words.map((w) => `\n\n## ${w}\n\n`),
  words.map((w) => `\n\n> ${w}\n\n`),
  words.map((w) => `\n\n- ${w}\n- ${w}\n\n`),
  words.map((w) => `\n\n| ${w} | ${w} |\n| - | - |\n| ${w} | 1 |\n\n`),
  words.map((w) => `\n\n::figure[${w}]\n\n`),
  words.map((w) => `:ruby[${w}]{rt="x"}`),
  words.map((w) => `<span>${w}</span>`),
  words.map((w) => `<sup>${w}</sup>`),
  words.map((w) => `\`${w}\``),
);
const markdown = fc
  .array(fc.oneof({ weight: 3, arbitrary: han }, { weight: 2, arbitrary: syntax }, { weight: 2, arbitrary: construct }), { maxLength: 120 })
  .map((parts) => parts.join(''));

describe('pipeline fuzzing', () => {
  // A fixed number of runs, never cut short by a time limit (an interrupted run would count as a pass),
  // and a bound on refusals: a pipeline that refuses every input must not pass "no Han character lost".
  it('random Markdown: only PaibanErrors, no Han character lost, most inputs built', async () => {
    const { counts, add } = tally();
    await fc.assert(
      fc.asyncProperty(markdown, async (body) => add(await throughPipeline(`---\ntitle: 标题\n---\n\n${body}\n`))),
      { numRuns: 400, markInterruptAsFailure: true },
    );
    expect(counts.built + counts.refused).toBe(400);
    expect(counts.refused, JSON.stringify(counts)).toBeLessThanOrEqual(REFUSALS_ALLOWED.random * 400);
  });

  it('a real manuscript, mutated: only PaibanErrors, no Han character lost, most inputs built', async () => {
    const { counts, add } = tally();
    const mutation = fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), insert: markdown });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (mutations) => {
        let text = sample;
        for (const { at, length, insert } of mutations) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert + text.slice(start + length);
        }
        add(await throughPipeline(text));
      }),
      { numRuns: 150, markInterruptAsFailure: true },
    );
    expect(counts.built + counts.refused).toBe(150);
    expect(counts.refused, JSON.stringify(counts)).toBeLessThanOrEqual(REFUSALS_ALLOWED.mutated * 150);
  });

  it('front matter fuzzing: every failure is a PaibanError with a line; good front matter is accepted', async () => {
    const yamlish = fc.array(fc.constantFrom('title', 'order', 'year', 'auther', ':', ' ', '\n', '"', "'", '[', ']', '{', '}', '-', '#', '标题', '2024', 'x', '\t'), { maxLength: 40 }).map((p) => p.join(''));
    const refusals: unknown[] = [];
    let accepted = 0;
    await fc.assert(
      fc.property(yamlish, (yaml) => {
        try {
          parseManuscript(`---\n${yaml}\n---\n\n正文\n`, 'fm.md');
          accepted += 1;
        } catch (error) {
          refusals.push(error);
        }
      }),
      { numRuns: 500, markInterruptAsFailure: true },
    );
    expect(refusals.filter((error) => !(error instanceof PaibanError) || !((error as PaibanError).line! >= 1))).toEqual([]);
    expect(accepted + refusals.length).toBe(500);
    // A valid title line does occur among the random ones; each must be accepted.
    fc.assert(
      fc.property(fc.array(han, { minLength: 1, maxLength: 8 }), (chars) => {
        expect(parseManuscript(`---\ntitle: ${chars.join('')}\n---\n\n正文\n`, 'fm.md').meta.title).toBe(chars.join(''));
      }),
      { numRuns: 100 },
    );
  });
});
