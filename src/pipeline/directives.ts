import type { Root, Paragraph, PhrasingContent, Image, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import { PaibanError } from '../util/errors.js';
import { nearestName } from '../util/edit-distance.js';

/** The block directives a manuscript may use, with what each is for (shown when an unknown one is met). */
export const KNOWN_DIRECTIVES = {
  figure: '::figure[图注]{src="images/photo.jpg"} — a figure with its caption (the image is optional; {bleed} in a plates manuscript: to the page edge)',
  pagebreak: '::pagebreak — start a new page',
  table: '::table[表1　标题]{unit="万元"} — the title (and unit) of the table right under it',
  ruby: ':ruby[汉字]{rt="hàn zì"} — pinyin (or any reading) over the characters, one syllable per character when the counts match',
  index: ':index[奶产业]{sub="政协" see="五个一活动" hidden} — a term of the index (索引) at this spot: sub a subheading, see a cross-reference (见), hidden: not printed here',
  ref: ':ref[条目或表题] — prints （见第123页）, the page of that 条目 or table',
} as const;

type Directive = ContainerDirective | LeafDirective | TextDirective;

/** The attributes each text directive takes. */
const TEXT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { ruby: ['rt'], index: ['sub', 'see', 'hidden'], ref: [] };

/**
 * What is wrong with a text directive that was meant as one: a name with both a [label] and {attributes}
 * that no directive has (`:rubi[吴忠]{rt=…}`: prose never looks like that), with the nearest name; or a
 * known one with an attribute it does not take (`:ruby[银川]{pinyin=…}`), or without one it needs.
 * Undefined for prose such as “注:abc”, which stays text. `paiban check` says the same (check/rules.ts).
 */
export function textDirectiveProblem(directive: TextDirective): { reason: string; hint: string } | undefined {
  const attributes = Object.keys(directive.attributes ?? {});
  const allowed = TEXT_ATTRIBUTES[directive.name];
  if (!allowed) {
    if (!attributes.length || !directive.children.length) return undefined;
    const near = nearestName(directive.name, Object.keys(TEXT_ATTRIBUTES));
    return { reason: `Unknown directive ":${directive.name}[…]{…}"`, hint: near ? `Did you mean :${near}? ${KNOWN_DIRECTIVES[near as keyof typeof KNOWN_DIRECTIVES]}.` : `Known text directives: ${Object.keys(TEXT_ATTRIBUTES).map((name) => `:${name}`).join(', ')}.` };
  }
  const unknown = attributes.filter((name) => !allowed.includes(name));
  if (unknown.length) return { reason: `:${directive.name} takes no attribute "${unknown[0]}"`, hint: allowed.length ? `It takes ${allowed.join(', ')}: ${KNOWN_DIRECTIVES[directive.name as keyof typeof KNOWN_DIRECTIVES]}.` : `Write it without attributes: ${KNOWN_DIRECTIVES[directive.name as keyof typeof KNOWN_DIRECTIVES]}.` };
  if (directive.name === 'ruby' && !directive.attributes?.rt) return { reason: ':ruby needs its reading, rt="…"', hint: KNOWN_DIRECTIVES.ruby };
  return undefined;
}


/**
 * remark plugin: turns `::figure[caption]{src=…}` and `::pagebreak` into the nodes remark-rehype
 * renders as `<figure>` and a page-break `<div>`. An unknown block directive is an error with its line;
 * an unknown *text* directive is put back as the literal text it came from, because in prose
 * "Note:abc" is far more likely a half-width colon than a directive.
 */
/** What a figure without a picture becomes: a caption alone, a framed placeholder (drafts), or an error (print). */
export type MissingPicture = 'caption' | 'placeholder' | 'error';

export default function remarkPaibanDirectives(options: { missingPicture?: MissingPicture } = {}) {
  const missing = options.missingPicture ?? 'caption';
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (node.type !== 'containerDirective' && node.type !== 'leafDirective' && node.type !== 'textDirective') return undefined;
      const directive = node as Directive;
      if (directive.name === 'figure' && directive.type !== 'textDirective') {
        if (!directive.attributes?.src && missing === 'error') throw missingPictureError(directive, file);
        toFigure(directive, missing === 'placeholder');
        return SKIP;
      }
      if (directive.name === 'table' && directive.type === 'leafDirective') {
        // A paragraph the table pass (tables.ts) takes as the title of the table under it.
        const unit = directive.attributes?.unit;
        directive.data = { hName: 'p', hProperties: { className: ['table-title'], ...(unit ? { dataUnit: unit } : {}) } };
        return SKIP;
      }
      if (directive.name === 'pagebreak' && directive.type === 'leafDirective') {
        directive.data = { hName: 'div', hProperties: { className: ['page-break'] } };
        directive.children = [];
        return SKIP;
      }
      if (directive.type === 'textDirective') {
        const problem = textDirectiveProblem(directive);
        if (problem) throw new PaibanError(`${problem.reason}.`, { file: file.path, line: directive.position?.start.line, column: directive.position?.start.column, hint: problem.hint });
      }
      if (directive.name === 'ruby' && directive.type === 'textDirective' && directive.attributes?.rt) {
        toRuby(directive, directive.attributes.rt);
        return SKIP;
      }
      if (directive.name === 'index' && directive.type === 'textDirective') {
        toIndexMark(directive, file);
        return SKIP;
      }
      if (directive.name === 'ref' && directive.type === 'textDirective') {
        // A link whose target and words (（见第123页）) are set once every chapter is known (book-index/refs.ts).
        const target = plainText(directive.children).trim();
        if (!target) throw new PaibanError('A cross-reference without a target (:ref[]).', { file: file.path, line: directive.position?.start.line, column: directive.position?.start.column, hint: 'Write the 条目 or table title it points to between the brackets: :ref[开展党纪学习教育].' });
        directive.data = { hName: 'a', hProperties: { className: ['ref'], dataRefTarget: target }, hChildren: [] };
        return SKIP;
      }
      if (directive.type === 'textDirective' && parent && index !== undefined) {
        parent.children.splice(index, 1, ...(asLiteralText(directive) as never[]));
        return index;
      }
      throw new PaibanError(`Unknown directive "${directive.type === 'containerDirective' ? ':::' : '::'}${directive.name}".`, {
        file: file.path,
        line: directive.position?.start.line,
        column: directive.position?.start.column,
        hint: `Known directives: ${Object.values(KNOWN_DIRECTIVES).join('; ')}.`,
      });
    });
  };
}

/** The message for a figure whose picture is missing, in a build for print (check says the same). */
export const MISSING_PICTURE = {
  reason: 'The figure has no picture (no src): a print build does not print a caption alone',
  hint: 'Give its picture with src="../images/….jpg"; or, if captions alone are intended (the photos did not come with the text), set figures.captionOnly: true in book.yaml; `paiban build --draft` prints a placeholder in its place.',
};

function missingPictureError(directive: ContainerDirective | LeafDirective, file: VFile): PaibanError {
  return new PaibanError(`${MISSING_PICTURE.reason}.`, { file: file.path, line: directive.position?.start.line, column: directive.position?.start.column, hint: MISSING_PICTURE.hint });
}

function toFigure(directive: ContainerDirective | LeafDirective, placeholder = false): void {
  const { alt } = directive.attributes ?? {};
  // Spaces around the path are no part of it (src=" images/a.jpg " would reach the image check as %20images/…).
  const src = directive.attributes?.src?.trim();
  const caption: PhrasingContent[] =
    directive.type === 'leafDirective' ? directive.children : directive.children.flatMap((child) => (child.type === 'paragraph' ? child.children : []));
  const children: RootContent[] = [];
  if (src) children.push({ type: 'image', url: src, alt: alt ?? plainText(caption), position: directive.position } satisfies Image);
  // A draft's placeholder: a frame where the picture will go, as tall as `height` lines (default 8).
  const lines = Math.min(30, Math.max(2, Number.parseInt(directive.attributes?.height ?? '', 10) || 8));
  if (!src && placeholder) children.push({ type: 'paragraph', children: [{ type: 'text', value: '图片待补' }], data: { hName: 'div', hProperties: { className: ['placeholder-frame'], dataLines: String(lines) } } } satisfies Paragraph);
  if (caption.length > 0) children.push({ type: 'paragraph', children: caption, data: { hName: 'figcaption' } } satisfies Paragraph);
  // `{span}`: across all the columns of a chapter set in columns.
  const span = directive.attributes?.span !== undefined ? ['span'] : [];
  // {bleed}: a plate (图片专辑, pipeline/plates.ts) to the page edge; no meaning outside a plates manuscript.
  const bleed = directive.attributes?.bleed !== undefined && directive.attributes?.bleed !== null ? ['bleed'] : [];
  directive.data = { hName: 'figure', hProperties: { className: ['figure', src ? 'has-image' : placeholder ? 'placeholder' : 'caption-only', ...span, ...bleed] } };
  (directive as { children: RootContent[] }).children = children;
}

/**
 * `<ruby>` with one <rt> per character when the reading has as many syllables as the base has
 * characters (so each syllable sits over its own character, as pinyin should), else one <rt> for all.
 * <rp> parentheses show the reading inline where ruby is not supported.
 */
function toRuby(directive: TextDirective, reading: string): void {
  const base = [...plainText(directive.children)];
  const syllables = reading.trim().split(/\s+/);
  const pairs: [string, string][] = syllables.length === base.length ? base.map((char, i) => [char, syllables[i]!]) : [[base.join(''), reading.trim()]];
  const text = (value: string) => ({ type: 'text' as const, value });
  const element = (tagName: string, value: string) => ({ type: 'element' as const, tagName, properties: {}, children: [text(value)] });
  directive.data = {
    hName: 'ruby',
    hChildren: pairs.flatMap(([char, rt]) => [text(char), element('rp', '('), element('rt', rt), element('rp', ')')]),
  };
}

/**
 * `:index[term]{sub see hidden}`: the term stays in the text (unless hidden) inside a span the index
 * collects (pipeline/index-marks.ts); an empty term is an error at its line.
 */
function toIndexMark(directive: TextDirective, file: VFile): void {
  const attributes = directive.attributes ?? {};
  const term = plainText(directive.children).trim();
  if (!term) {
    throw new PaibanError('An index mark without a term (:index[]).', { file: file.path, line: directive.position?.start.line, column: directive.position?.start.column, hint: 'Write the term between the brackets: :index[奶产业]; add {hidden} to index the spot without printing the term.' });
  }
  const hidden = attributes.hidden !== undefined && attributes.hidden !== null;
  const data = { dataIndexTerm: term, ...(attributes.sub?.trim() ? { dataIndexSub: attributes.sub.trim() } : {}), ...(attributes.see?.trim() ? { dataIndexSee: attributes.see.trim() } : {}) };
  directive.data = { hName: 'span', hProperties: { className: ['index-mark'], ...data }, ...(hidden ? { hChildren: [] } : {}) };
}

function plainText(nodes: PhrasingContent[]): string {
  return nodes.map((node) => ('value' in node ? node.value : 'children' in node ? plainText(node.children as PhrasingContent[]) : '')).join('');
}

/** `:name[label]{…}` back to the text it was written as (attributes are rare in prose; kept as written). */
function asLiteralText(directive: TextDirective): PhrasingContent[] {
  const attributes = Object.entries(directive.attributes ?? {});
  const attributeText = attributes.length ? `{${attributes.map(([key, value]) => (value ? `${key}="${value}"` : key)).join(' ')}}` : '';
  if (directive.children.length === 0) return [{ type: 'text', value: `:${directive.name}${attributeText}` }];
  return [{ type: 'text', value: `:${directive.name}[` }, ...directive.children, { type: 'text', value: `]${attributeText}` }];
}
