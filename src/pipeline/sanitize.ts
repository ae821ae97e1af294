import type { Options as SanitizeSchema } from 'rehype-sanitize';

/**
 * What raw HTML a manuscript may carry: text-level markup a Chinese book needs (ruby, sup/sub,
 * emphasis, line breaks, small tables) and nothing that runs, loads or links out. Our own schema,
 * narrower than rehype-sanitize's GitHub default: no `href` to other sites, no `src` at all (images go
 * through Markdown, where their paths are checked), no `style`, no `id` or `class` (they could
 * collide with paiban's anchors and page rules), no event handlers, no forms, frames or objects.
 */
export const manuscriptSchema: SanitizeSchema = {
  strip: ['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'frame', 'frameset', 'applet', 'meta', 'link', 'base', 'form', 'svg', 'math'],
  tagNames: [
    'p', 'br', 'hr', 'span', 'div', 'blockquote',
    'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'cite', 'q', 'code', 'kbd', 'pre',
    'ruby', 'rb', 'rt', 'rp',
    'h2', 'h3', 'h4', 'h5', 'h6',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
    'figure', 'figcaption', 'img', 'a',
  ],
  attributes: {
    // Attributes paiban's own plugins put on elements, and harmless ones: nothing that loads or runs.
    '*': ['lang', 'title', 'dir'],
    // A cross-reference from the :ref directive (pipeline/directives.ts); its href is set later (book-index/refs.ts).
    a: [['href', /^#/], ['className', 'ref'], 'dataRefTarget'],
    abbr: ['title'],
    td: ['colSpan', 'rowSpan', 'align'],
    th: ['colSpan', 'rowSpan', 'align', 'scope'],
    ol: ['start', 'reversed'],
    img: ['src', 'alt'],
    figure: [['className', 'figure', 'caption-only', 'has-image', 'placeholder', 'span', 'bleed']],
    div: [['className', 'page-break', 'placeholder-frame'], 'dataLines'],
    // A table title from the ::table directive (pipeline/tables.ts), with its unit.
    p: [['className', 'table-title', 'footnotes-label'], 'dataUnit'],
    // An index mark from the :index directive (pipeline/directives.ts): the term, its subheading, its 见.
    span: [['className', 'index-mark'], 'dataIndexTerm', 'dataIndexSub', 'dataIndexSee'],
  },
  // Image URLs with these protocols are kept only so that the image check after sanitizing can name
  // them in its error (it refuses every absolute URL); any other protocol (javascript:, data:) is dropped here.
  protocols: { src: ['http', 'https', 'file'], href: [] },
  clobberPrefix: '',
  clobber: [],
  required: {},
  allowComments: false,
  allowDoctypes: false,
};
