import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import type { Root as HastRoot } from 'hast';
import { VFile } from 'vfile';
import type { Manuscript } from '../manuscript/load.js';
import remarkPaibanDirectives, { type MissingPicture } from './directives.js';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeLocalImages from './images.js';
import { manuscriptSchema } from './sanitize.js';
import rehypeSectionIds, { type SectionHeading } from './section-ids.js';
import rehypeIndexAnchors, { type IndexAnchor } from './index-marks.js';
import rehypePunctuation, { DEFAULT_PUNCTUATION, type PunctuationSettings } from './punctuation.js';
import remarkExternalLinks, { type ExternalLinks } from './links.js';
import rehypeRuns from './runs.js';
import rehypeCodeBlocks from './code-blocks.js';
import rehypePhrases from './phrases.js';
import rehypeTables from './tables.js';
import rehypeLoneImages from './lone-images.js';
import rehypeSourceLines from './source-lines.js';
import rehypeCjkSpaces from './cjk-spaces.js';
import rehypeFootnoteList from './footnote-list.js';
import rehypeEntries from './entries.js';
import rehypeChronicle, { type DateNumbers } from './chronicle.js';
import type { ManuscriptRole } from '../manuscript/front-matter.js';
import rehypePlates from './plates.js';
import rehypeImagePixels from './image-pixels.js';
import type { PlateGeometry } from './plate-geometry.js';

export interface Chapter {
  /** Stable ASCII id, `ch<n>`: the anchor of the chapter and the prefix of its sections' ids. */
  id: string;
  manuscript: Manuscript;
  body: HastRoot;
  sections: SectionHeading[];
  /** Index marks, table titles and figure captions, with their ids (pipeline/index-marks.ts). */
  indexAnchors: IndexAnchor[];
}

/**
 * GFM footnotes ([^1], written by `paiban import` for Word footnotes) until the typesetting sets them
 * properly: the notes follow the chapter under a plain 注释 line (not an h2, which would be a TOC
 * section, nor remark-rehype's English "Footnotes"), without the ↩ back link, which no font of the
 * book has (the build refused it).
 */
const FOOTNOTES = { footnoteLabel: '注释', footnoteLabelTagName: 'p', footnoteLabelProperties: { className: ['footnotes-label'] }, footnoteBackContent: () => [] };

/** mdast of one manuscript → hast of the chapter body, through the project's remark and rehype plugins. */
export interface TransformOptions {
  id: string;
  bookDir: string;
  /** What a link out of the book prints (book.yaml `links`). */
  links?: ExternalLinks;
  /** What a figure without a picture becomes (book.yaml `figures.captionOnly`, and whether this is a draft). */
  missingPicture?: MissingPicture;
  /** A yearbook's 类目: `###` headings are 条目, set run-in (entries.ts). */
  entries?: boolean;
  /** book.yaml's punctuation settings. */
  punctuation?: PunctuationSettings | undefined;
  /** The manuscript's role in a yearbook (default: its front matter's `role`); a chronicle's entries are set with hanging dates. */
  role?: ManuscriptRole | undefined;
  /** How the book prints numbers (writing mode, vertical.digits): a chronicle's date column is as wide as its dates print. */
  numbers?: DateNumbers | undefined;
  /** The plate pages' geometry (pipeline/plate-geometry.ts), for a `role: plates` manuscript. */
  plates?: PlateGeometry | undefined;
}

export async function transformManuscript(manuscript: Manuscript, options: TransformOptions): Promise<Chapter> {
  // The build always gives the plates' geometry; a caller that wants only titles and sections (the bench) may not.
  const plates = manuscript.meta.role === 'plates' && options.plates !== undefined;
  const processor = unified()
    // A plate without a picture is the plates stage's error, with its own words (pipeline/plates.ts).
    .use(remarkPaibanDirectives, { missingPicture: plates ? 'caption' : (options.missingPicture ?? 'caption') })
    .use(remarkExternalLinks, { links: options.links ?? 'after' })
    // Raw HTML is parsed, then cut down to paiban's allowlist: manuscripts are untrusted text.
    .use(remarkRehype, { allowDangerousHtml: true, ...FOOTNOTES })
    .use(rehypeRaw)
    .use(rehypeSanitize, manuscriptSchema)
    // Before the text plugins: they then treat a chronicle's entries as the paragraphs they become.
    .use(rehypeChronicle, { enabled: (options.role ?? manuscript.meta.role) === 'chronicle', numbers: options.numbers })
    .use(rehypeLocalImages, { bookDir: options.bookDir })
    .use(rehypeImagePixels, { bookDir: options.bookDir })
    // Where lines may break: code blocks line by line, numbers and URLs, captions between phrases.
    .use(rehypeFootnoteList)
    .use(rehypeCjkSpaces)
    .use(rehypeLoneImages)
    // 图片专辑: the figures become pages of photos (before captions get their phrase breaks and punctuation).
    .use(rehypePlates, plates ? { geometry: options.plates!, title: manuscript.meta.title } : undefined)
    .use(rehypeTables)
    .use(rehypeCodeBlocks)
    .use(rehypeRuns)
    .use(rehypePhrases)
    .use(rehypeSourceLines)
    .use(rehypeSectionIds, { prefix: options.id })
    .use(rehypeIndexAnchors, { prefix: options.id })
    .use(options.entries ? rehypeEntries : () => undefined)
    .use(rehypePunctuation, options.punctuation ?? DEFAULT_PUNCTUATION);
  const file = new VFile({ path: manuscript.file });
  // structuredClone: the transform mutates the tree, and the manuscript stage's value stays as it was.
  const body = (await processor.run(structuredClone(manuscript.tree), file)) as HastRoot;
  return { id: options.id, manuscript, body, sections: file.data.sections ?? [], indexAnchors: file.data.indexAnchors ?? [] };
}

/** Every manuscript of the book, in order, as chapters `ch1`, `ch2`, … */
export function transformManuscripts(
  manuscripts: Manuscript[],
  bookDir: string,
  options: Pick<TransformOptions, 'links' | 'missingPicture' | 'punctuation' | 'numbers' | 'plates'> & { yearbook?: boolean } = {},
): Promise<Chapter[]> {
  const { yearbook, ...rest } = options;
  // In a yearbook a manuscript is a 类目 unless it says otherwise; a 类目's `###` are its 条目.
  const entries = (manuscript: Manuscript) => (manuscript.meta.role ?? (yearbook ? 'part' : undefined)) === 'part';
  return Promise.all(manuscripts.map((manuscript, index) => transformManuscript(manuscript, { id: `ch${index + 1}`, bookDir, ...rest, entries: entries(manuscript) })));
}
