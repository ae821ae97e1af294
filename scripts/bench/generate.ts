// Generated books for the bench: the sample's manuscripts replicated as many chapters with distinct
// titles, in a book folder of their own (book.yaml derived from the sample's, manuscripts/*.md).
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isNode, parseDocument } from 'yaml';

/**
 * A5 pages per chapter of the sample's manuscripts, horizontal, chapters on rectos, TOC page share
 * excluded (measured: 11 chapters print 94 pages). Only used to pick a chapter count; the bench
 * reports the pages really printed.
 */
export const PAGES_PER_CHAPTER = 8.0;
/**
 * The same chapter as a yearbook's 类目 (大16开, 9 pt, two columns): its opener, about two pages of
 * columns and, half the time, a blank page before the next opener on a recto (measured on the sample).
 */
export const YEARBOOK_PAGES_PER_CHAPTER = 4.0;
/** Cover, title page, colophon and so on, plus a TOC page per ~30 entries (chapters + sections). */
const FIXED_PAGES = 4;
const TOC_PAGES_PER_CHAPTER = 6 / 30;

/** A YAML collection as plain data; a scalar (yaml's get gives it as a plain value) as nothing. */
function plainValue(value: unknown): unknown {
  return isNode(value) ? value.toJSON() : undefined;
}

/** A manuscript listed in book.yaml: a file name, relative to the book folder. */
function fileName(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`book.yaml: manuscripts lists ${JSON.stringify(value)}, not a file name.`);
  return value;
}

/** Chapters needed for about `pages` pages. */
export function chaptersFor(pages: number): number {
  return Math.max(1, Math.round((pages - FIXED_PAGES) / (PAGES_PER_CHAPTER + TOC_PAGES_PER_CHAPTER)));
}

/** The sample's manuscripts, in the order book.yaml lists them (or by file name). */
async function sourceManuscripts(sampleDir: string): Promise<{ name: string; text: string }[]> {
  const document = parseDocument(await readFile(path.join(sampleDir, 'book.yaml'), 'utf8'));
  const listed = plainValue(document.get('manuscripts'));
  const names: string[] = Array.isArray(listed)
    ? listed.map((name) => fileName(name))
    : (await readdir(path.join(sampleDir, 'manuscripts'))).filter((name) => name.endsWith('.md')).sort().map((name) => `manuscripts/${name}`);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(sampleDir, name), 'utf8') })));
}

/** Rewrites a manuscript's front matter: a distinct title and its place in the book (a 类目 in a yearbook). */
function retitle(text: string, index: number, yearbook = false): string {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) throw new Error('A sample manuscript has no front matter.');
  let head = match[1] ?? '';
  head = /^title:/m.test(head) ? head.replace(/^title:\s*(.*)$/m, (_line, title: string) => `title: 第${index}篇 ${title.trim()}`) : `title: 第${index}篇\n${head}`;
  head = /^order:/m.test(head) ? head.replace(/^order:.*$/m, `order: ${index}`) : `${head}\norder: ${index}`;
  // A 类目 in two columns, whatever the sample's manuscript says it is.
  if (yearbook) head = `${head.replace(/^(role|columns):.*\n?/gm, '')}\nrole: part`;
  return `---\n${head}\n---\n${text.slice(match[0].length)}`;
}

/**
 * Writes a book of about `pages` A5 pages into `dir` (created): book.yaml is the sample's with its
 * manuscript list dropped (manuscripts/*.md are taken by `order`), `output.name` set to `name` and
 * "html" among the formats.
 * Returns the number of chapters.
 */
export async function generateBook(sampleDir: string, dir: string, { pages, name, yearbook = false }: { pages: number; name: string; yearbook?: boolean }): Promise<number> {
  const sources = await sourceManuscripts(sampleDir);
  const chapters = yearbook ? Math.max(1, Math.round((pages - FIXED_PAGES) / YEARBOOK_PAGES_PER_CHAPTER)) : chaptersFor(pages);
  const config = parseDocument(await readFile(path.join(sampleDir, 'book.yaml'), 'utf8'));
  config.delete('manuscripts');
  config.setIn(['output', 'name'], name);
  // The bench re-prints out/<name>.html: make sure the build writes it.
  const formats = plainValue(config.getIn(['output', 'formats']));
  if (Array.isArray(formats) && !formats.includes('html')) config.setIn(['output', 'formats'], [...formats, 'html']);
  config.set('title', `${config.get('title') ?? '样书'}（${chapters}篇）`);
  if (yearbook) {
    // A two-column yearbook: its defaults (大16开, 9 pt, two columns, the TOC to the 条目) over the sample's page and type.
    config.set('kind', 'yearbook');
    config.setIn(['page', 'size'], '大16开');
    config.setIn(['fonts', 'size'], 9);
    config.setIn(['fonts', 'leading'], 1.7);
    config.setIn(['layout', 'columns'], 2);
  }
  await mkdir(path.join(dir, 'manuscripts'), { recursive: true });
  await writeFile(path.join(dir, 'book.yaml'), config.toString());
  for (let index = 1; index <= chapters; index += 1) {
    const source = sources[(index - 1) % sources.length];
    if (!source) throw new Error('The sample book has no manuscripts.');
    await writeFile(path.join(dir, 'manuscripts', `${String(index).padStart(4, '0')}.md`), retitle(source.text, index, yearbook));
  }
  return chapters;
}
