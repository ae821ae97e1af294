/**
 * Word documents for the tests, written as the OOXML parts Word itself writes (hand-zipped with
 * fflate): Chinese style names, outline levels, tracked changes, comments, fields, merged cells,
 * footnotes, images. Nothing is downloaded.
 */
import { strToU8, zipSync } from 'fflate';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface RunOptions {
  bold?: boolean;
  italic?: boolean;
}

export function run(text: string, options: RunOptions = {}): string {
  const props = `${options.bold ? '<w:b/>' : ''}${options.italic ? '<w:i/>' : ''}`;
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

export interface ParagraphOptions {
  style?: string;
  outline?: number;
  numbering?: { id: number; level: number };
  center?: boolean;
}

/** A paragraph of runs (strings are plain runs). */
export function paragraph(content: string | string[], options: ParagraphOptions = {}): string {
  const runs = typeof content === 'string' ? run(content) : content.join('');
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.numbering ? `<w:numPr><w:ilvl w:val="${options.numbering.level}"/><w:numId w:val="${options.numbering.id}"/></w:numPr>` : '',
    options.outline !== undefined ? `<w:outlineLvl w:val="${options.outline}"/>` : '',
    options.center ? '<w:jc w:val="center"/>' : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`;
}

export const inserted = (text: string, author = '张三') => `<w:ins w:id="90" w:author="${author}" w:date="2024-05-01T00:00:00Z">${run(text)}</w:ins>`;
export const deleted = (text: string, author = '李四') => `<w:del w:id="91" w:author="${author}" w:date="2024-05-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${escapeXml(text)}</w:delText></w:r></w:del>`;
export const footnoteRef = (id: number) => `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${id}"/></w:r>`;
export const commentRange = (id: number, text: string) => `<w:commentRangeStart w:id="${id}"/>${run(text)}<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`;
/** A complex field: its instruction and the text it last showed. */
export const field = (instruction: string, shown: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
export const image = (relationship: string, description = '') =>
  `<w:r><w:drawing><wp:inline><wp:extent cx="1905000" cy="1270000"/><wp:docPr id="1" name="图片 1" descr="${escapeXml(description)}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="photo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${relationship}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;

export interface Cell {
  text: string;
  span?: number;
  /** 'restart' starts a vertical merge, 'continue' continues it. */
  merge?: 'restart' | 'continue';
}

export function table(rows: (string | Cell)[][], options: { headerRows?: number } = {}): string {
  const body = rows
    .map((row, index) => {
      const cells = row.map((raw) => {
        const cell = typeof raw === 'string' ? { text: raw } : raw;
        const props = `${cell.span ? `<w:gridSpan w:val="${cell.span}"/>` : ''}${cell.merge ? `<w:vMerge${cell.merge === 'restart' ? ' w:val="restart"' : ''}/>` : ''}`;
        return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${paragraph(cell.text)}</w:tc>`;
      });
      return `<w:tr>${index < (options.headerRows ?? 0) ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.join('')}</w:tr>`;
    })
    .join('');
  return `<w:tbl><w:tblPr/>${body}</w:tbl>`;
}

/** styles.xml as Chinese Word writes it: ids 1, 2, 3 named "heading 1…" (shown as 标题 1), or named 标题 N by WPS. */
export function styles(extra: { id: string; name: string; outline?: number; basedOn?: string }[] = []): string {
  const base = [
    { id: '1', name: 'heading 1' },
    { id: '2', name: 'heading 2' },
    { id: '3', name: 'heading 3' },
    { id: 'Heading2', name: 'Heading 2' },
    { id: 'a3', name: '标题 2' },
    { id: 'a4', name: '题注' },
    { id: 'a5', name: 'Title' },
    { id: 'a6', name: 'Subtitle' },
    ...extra,
  ];
  const defs = base.map((s) => `<w:style w:type="paragraph" w:styleId="${s.id}"><w:name w:val="${s.name}"/>${s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : ''}${s.outline !== undefined ? `<w:pPr><w:outlineLvl w:val="${s.outline}"/></w:pPr>` : ''}</w:style>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>${defs.join('')}</w:styles>`;
}

export interface DocxParts {
  body: string;
  styles?: string;
  numbering?: string;
  footnotes?: string[];
  comments?: { id: number; author: string; text: string }[];
  media?: Record<string, { bytes: Uint8Array; type: string }>;
  header?: string;
}

export function docx(parts: DocxParts): Buffer {
  const rels: string[] = [];
  const files: Record<string, Uint8Array> = {};
  const types = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>', '<Default Extension="xml" ContentType="application/xml"/>', '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'];
  const add = (name: string, xml: string, type: string, rel?: string) => {
    files[`word/${name}`] = strToU8(xml);
    types.push(`<Override PartName="/word/${name}" ContentType="${type}"/>`);
    if (rel) rels.push(`<Relationship Id="r${name.replace(/\W/g, '')}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${rel}" Target="${name}"/>`);
  };
  add('styles.xml', parts.styles ?? styles(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml', 'styles');
  if (parts.numbering) add('numbering.xml', `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>${parts.numbering}</w:numbering>`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml', 'numbering');
  if (parts.footnotes) {
    const notes = parts.footnotes.map((text, i) => `<w:footnote w:id="${i + 1}">${paragraph(text)}</w:footnote>`).join('');
    add('footnotes.xml', `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>${notes}</w:footnotes>`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml', 'footnotes');
  }
  if (parts.comments) {
    const comments = parts.comments.map((c) => `<w:comment w:id="${c.id}" w:author="${c.author}">${paragraph(c.text)}</w:comment>`).join('');
    add('comments.xml', `<?xml version="1.0" encoding="UTF-8"?><w:comments ${W}>${comments}</w:comments>`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml', 'comments');
  }
  if (parts.header) add('header1.xml', `<?xml version="1.0" encoding="UTF-8"?><w:hdr ${W}>${paragraph(parts.header)}</w:hdr>`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml', 'header');
  for (const [id, media] of Object.entries(parts.media ?? {})) {
    const name = `media/${id}.${media.type.split('/')[1]}`;
    files[`word/${name}`] = media.bytes;
    types.push(`<Default Extension="${media.type.split('/')[1]}" ContentType="${media.type}"/>`);
    rels.push(`<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${name}"/>`);
  }
  files['word/document.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${parts.body}<w:sectPr/></w:body></w:document>`);
  files['word/_rels/document.xml.rels'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  files['_rels/.rels'] = strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  files['[Content_Types].xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${[...new Set(types)].join('')}</Types>`);
  return Buffer.from(zipSync(files));
}

/** A 1×1 PNG (red), for figures. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
