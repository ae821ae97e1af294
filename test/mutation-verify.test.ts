/**
 * `paiban verify`, clause by clause: an archive made by toPdfA3 is broken in one way, and exactly the
 * clause about that breaks, with a detail that names what is wrong. (The small archive's one standing
 * failure is its Helvetica line: a standard font pdf-lib does not embed.) Written against the mutants
 * that survived archive.test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString, StandardFonts, type PDFContext } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPdfA3, type ArchiveAttachment, type ArchiveInfo } from '../src/archive/pdfa.js';
import { pdfDateTime, verdict, verifyPdf, type ClauseResult } from '../src/archive/verify.js';

const info: ArchiveInfo = {
  title: '年鉴',
  author: '编委会',
  subject: '工作回眸',
  keywords: ['政协', '年鉴'],
  language: 'zh-Hans',
  creator: 'paiban 0.1.0',
  producer: 'paiban 0.1.0 (Chromium 156, pdf-lib)',
  date: new Date('2024-12-31T00:00:00Z'),
};
const SOURCE = Buffer.from('title: 年鉴\n');
const source: ArchiveAttachment = { name: 'book.yaml', bytes: SOURCE, mimeType: 'application/yaml', description: 'Book configuration', relationship: 'Source' };
const HELVETICA = 'PDF/A 6.2.11.4.1 fonts embedded: Helvetica is not embedded (no font descriptor)';
const N = (name: string) => PDFName.of(name);

let archive: Uint8Array;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'paiban-mutation-verify-'));
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  page.drawText('hello', { x: 20, y: 100, font: await pdf.embedFont(StandardFonts.Helvetica) });
  archive = await toPdfA3(await pdf.save(), info, [source]);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The failing clauses (`clause: detail`) of the archive after `breakIt`. */
async function failures(breakIt: (pdf: PDFDocument, context: PDFContext) => void, options: Parameters<typeof verifyPdf>[1] = {}): Promise<string[]> {
  const pdf = await PDFDocument.load(archive, { updateMetadata: false });
  breakIt(pdf, pdf.context);
  const bytes = await pdf.save({ addDefaultPage: false, updateFieldAppearances: false, useObjectStreams: false });
  return failed(await verifyPdf(bytes, options));
}
/** The failing clauses but the small archive's standing one (checked once, in the first test). */
const failed = (results: ClauseResult[]) => results.filter((r) => !r.ok).map((r) => `${r.clause}: ${r.detail}`).filter((line) => line !== HELVETICA);
const page1 = (pdf: PDFDocument) => pdf.getPage(0).node;
const stream = (context: PDFContext, dict: Record<string, unknown> = {}, bytes: string | Uint8Array = 'x') => context.register(context.stream(bytes, dict as never));
const addAnnotation = (pdf: PDFDocument, dict: Record<string, unknown>) => {
  const ref = pdf.context.register(pdf.context.obj(dict as never));
  page1(pdf).set(N('Annots'), pdf.context.obj([ref]));
  return ref;
};
const addResources = (pdf: PDFDocument, key: string, entries: Record<string, unknown>) => {
  const resources = page1(pdf).lookup(N('Resources'), PDFDict);
  resources.set(N(key), pdf.context.obj(entries as never));
};
const embeddedSpec = (pdf: PDFDocument): PDFDict => {
  const names = pdf.catalog.lookup(N('Names'), PDFDict).lookup(N('EmbeddedFiles'), PDFDict).lookup(N('Names'), PDFArray);
  return names.lookup(1, PDFDict);
};
const embeddedParams = (pdf: PDFDocument): PDFDict => {
  const ef = embeddedSpec(pdf).lookup(N('EF'), PDFDict);
  return (ef.lookup(N('UF')) as PDFRawStream ?? ef.lookup(N('F')) as PDFRawStream).dict.lookup(N('Params'), PDFDict);
};

describe('the archive toPdfA3 makes', () => {
  it('passes every clause but the unembedded standard font, and says what it checked', async () => {
    const results = await verifyPdf(archive, { sources: [{ name: 'book.yaml', path: await writeSource(SOURCE) }], expectedText: ['hello'] });
    expect(results.filter((r) => !r.ok).map((r) => `${r.clause}: ${r.detail}`)).toEqual([HELVETICA]);
    const passed = Object.fromEntries(results.filter((r) => r.ok).map((r) => [r.clause, r.detail]));
    expect(passed).toMatchObject({
      'PDF/A 6.1.2 file header': '%PDF-1.7 with a binary comment',
      'PDF/A 6.1.3 no encryption': 'no /Encrypt',
      'PDF/A 6.1.3 end of file': 'nothing after %%EOF but one EOL',
      'PDF/A 6.8 embedded files': '1 embedded files with F, UF, MIME type, ModDate and AFRelationship',
      'PDF/A 6.8 associated files /AF': '1 embedded files, all in /AF',
      'paiban embedded checksums': '1 embedded files match their MD5 /CheckSum and /Size',
      'paiban sources match': '1 files on disk match their embedded copies (SHA-256)',
      'paiban text': '1 paragraphs found in order in the text layer',
      'PDF/A 6.6.4 pdfaid part 3': 'pdfaid:part 3, conformance B',
      'PDF/A 6.4 forms': 'no form',
    });
    expect(passed['PDF/A 6.1.3 trailer /ID']).toMatch(/^\/ID [0-9a-f]{32}$/);
    expect(passed['PDF/A 6.2.3 output intent']).toMatch(/^GTS_PDFA1, .+ profile with \/N 3$/);
  });
});

async function writeSource(bytes: Buffer, name = 'book.yaml'): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, bytes);
  return file;
}

describe('file structure (6.1)', () => {
  const bytesOf = async (edit: (text: string) => string) => {
    const text = edit(Buffer.from(archive).toString('latin1'));
    return failed(await verifyPdf(Buffer.from(text, 'latin1')));
  };

  it('a header other than %PDF-1.x and an EOL, or without a binary comment', async () => {
    expect(await bytesOf((t) => t.replace('%PDF-1.7', '%PDF-2.0'))).toEqual(['PDF/A 6.1.2 file header: does not start with %PDF-1.0…1.7 and an EOL: "%PDF-2.0\\n"']);
    const second = Buffer.from(archive).toString('latin1').split('\n')[1]!;
    expect(await bytesOf((t) => t.replace(`\n${second}\n`, `\n%abcd${' '.repeat(second.length - 5)}\n`))).toEqual(['PDF/A 6.1.2 file header: the second line is not a comment of at least four bytes above 127']);
  });

  it('anything but one EOL after the last %%EOF', async () => {
    const text = Buffer.from(archive).toString('latin1').replace(/\s*$/, '');
    for (const end of ['', '\n', '\r', '\r\n']) expect(failed(await verifyPdf(Buffer.from(text + end, 'latin1'))), JSON.stringify(end)).toEqual([]);
    expect(failed(await verifyPdf(Buffer.from(`${text}\n\n`, 'latin1')))).toEqual(['PDF/A 6.1.3 end of file: 2 bytes follow the last %%EOF']);
    expect(failed(await verifyPdf(Buffer.from(`${text}junk`, 'latin1')))).toEqual(['PDF/A 6.1.3 end of file: 4 bytes follow the last %%EOF']);
  });

  it('a trailer without an /ID of two non-empty strings', async () => {
    expect(await failures((pdf) => { pdf.context.trailerInfo.ID = undefined; })).toEqual(['PDF/A 6.1.3 trailer /ID: no /ID of two strings in the trailer']);
    expect(await failures((pdf) => { pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of('ab')]); })).toEqual(['PDF/A 6.1.3 trailer /ID: no /ID of two strings in the trailer']);
    expect(await failures((pdf) => { pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of('ab'), PDFHexString.of('')]); })).toEqual(['PDF/A 6.1.3 trailer /ID: /ID is not two non-empty strings']);
  });

  it('a stream that names an external file, or an LZW or Crypt filter', async () => {
    expect(await failures((pdf, c) => { stream(c, { F: PDFString.of('data.bin') }); })).toEqual([expect.stringMatching(/^PDF\/A 6\.1\.7\.1 no external streams: object \d+ refers to an external file$/)]);
    expect(await failures((pdf, c) => { stream(c, { Filter: 'LZWDecode' }); })).toEqual([expect.stringMatching(/^PDF\/A 6\.1\.7\.2 stream filters: object \d+ uses LZWDecode$/)]);
    expect(await failures((pdf, c) => { stream(c, { Filter: ['FlateDecode', 'Crypt'] }); })).toEqual([expect.stringMatching(/^PDF\/A 6\.1\.7\.2 stream filters: object \d+ uses Crypt$/)]);
  });

  it('names at most three problems, and counts the rest', () => {
    expect(verdict('c', ['a', 'b', 'c', 'd', 'e'], 'fine')).toEqual({ clause: 'c', ok: false, detail: 'a; b; c (and 2 more)' });
    expect(verdict('c', ['a', 'b', 'c'], 'fine')).toEqual({ clause: 'c', ok: false, detail: 'a; b; c' });
    expect(verdict('c', [], 'fine')).toEqual({ clause: 'c', ok: true, detail: 'fine' });
  });
});

describe('graphics (6.2)', () => {
  it('no PDF/A output intent: the intent fails, and so does device grey named in a dictionary', async () => {
    expect(await failures((pdf) => pdf.catalog.delete(N('OutputIntents')))).toEqual(['PDF/A 6.2.3 output intent: no /OutputIntents entry with /S /GTS_PDFA1 in the catalog']);
    expect(await failures((pdf, c) => { pdf.catalog.delete(N('OutputIntents')); stream(c, { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, BitsPerComponent: 8, ColorSpace: 'DeviceGray' }); })).toEqual([
      'PDF/A 6.2.3 output intent: no /OutputIntents entry with /S /GTS_PDFA1 in the catalog',
      'PDF/A 6.2.4.3 device colour: DeviceGray without a matching output intent',
    ]);
  });

  it('an output intent without a profile /N', async () => {
    expect(await failures((pdf) => {
      const intent = pdf.catalog.lookup(N('OutputIntents'), PDFArray).lookup(0, PDFDict);
      (intent.lookup(N('DestOutputProfile')) as PDFRawStream).dict.delete(N('N'));
    })).toEqual(['PDF/A 6.2.3 output intent: the ICC profile stream has no /N']);
  });

  it('device colour that does not fit the RGB output intent; grey and RGB do', async () => {
    const image = (c: PDFContext, space: string) => stream(c, { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, BitsPerComponent: 8, ColorSpace: space });
    expect(await failures((pdf, c) => { image(c, 'DeviceRGB'); image(c, 'DeviceGray'); })).toEqual([]);
    expect(await failures((pdf, c) => { image(c, 'DeviceCMYK'); })).toEqual(['PDF/A 6.2.4.3 device colour: DeviceCMYK without a matching output intent']);
    expect(await failures((pdf) => addResources(pdf, 'ColorSpace', { CS0: 'DeviceCMYK' }))).toEqual(['PDF/A 6.2.4.3 device colour: DeviceCMYK without a matching output intent']);
  });

  it('an ICCBased colour space whose profile has no /N or is not a profile', async () => {
    expect(await failures((pdf, c) => addResources(pdf, 'ColorSpace', { CS0: ['ICCBased', stream(c)] }))).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.4\.2 ICC profiles: ICCBased profile \d+ 0 R: no \/N$/)]);
    expect(await failures((pdf, c) => addResources(pdf, 'ColorSpace', { CS0: ['ICCBased', stream(c, { N: 3 }, 'not a profile')] }))).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.4\.2 ICC profiles: ICCBased profile \d+ 0 R: .+/)]);
  });

  it('graphics states with transfer functions, halftone origins or unknown blend modes', async () => {
    const states = (entries: Record<string, unknown>) => (pdf: PDFDocument) => addResources(pdf, 'ExtGState', { GS0: entries });
    expect(await failures(states({ TR: 'Identity' }))).toEqual(['PDF/A 6.2.5 graphics states: graphics state GS0 has /TR']);
    expect(await failures(states({ TR2: 'Identity' }))).toEqual(['PDF/A 6.2.5 graphics states: graphics state GS0 has a /TR2 other than /Default']);
    expect(await failures(states({ TR2: 'Default', BM: ['Multiply', 'Normal'] }))).toEqual([]);
    expect(await failures(states({ HTO: [0, 0] }))).toEqual(['PDF/A 6.2.5 graphics states: graphics state GS0 has /HTP or /HTO']);
    expect(await failures(states({ HTP: [0, 0] }))).toEqual(['PDF/A 6.2.5 graphics states: graphics state GS0 has /HTP or /HTO']);
    expect(await failures(states({ BM: 'Dissolve' }))).toEqual(['PDF/A 6.2.5 graphics states: graphics state GS0 has a non-standard blend mode']);
  });

  it('images that interpolate or carry alternates, PostScript and reference XObjects', async () => {
    const image = (extra: Record<string, unknown>) => (pdf: PDFDocument, c: PDFContext) => { stream(c, { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, BitsPerComponent: 8, ColorSpace: 'DeviceRGB', ...extra }); };
    expect(await failures(image({ Interpolate: true }))).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.8 images: image object \d+ has \/Interpolate true$/)]);
    expect(await failures(image({ Interpolate: false }))).toEqual([]);
    expect(await failures(image({ OPI: {} }))).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.8 images: image object \d+ has \/Alternates or \/OPI$/)]);
    expect(await failures(image({ Alternates: [] }))).toEqual([expect.stringMatching(/has \/Alternates or \/OPI$/)]);
    expect(await failures((pdf, c) => { stream(c, { Type: 'XObject', Subtype: 'PS' }); })).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.9 XObjects: object \d+ is a PostScript XObject$/)]);
    expect(await failures((pdf, c) => { stream(c, { Type: 'XObject', Subtype: 'Form', Subtype2: 'PS' }); })).toEqual([expect.stringMatching(/is a PostScript XObject$/)]);
    expect(await failures((pdf, c) => { stream(c, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1], Ref: {} }); })).toEqual([expect.stringMatching(/^PDF\/A 6\.2\.9 XObjects: object \d+ is a reference XObject or has \/OPI$/)]);
    expect(await failures((pdf, c) => { stream(c, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1], OPI: {} }); })).toEqual([expect.stringMatching(/is a reference XObject or has \/OPI$/)]);
  });
});

describe('fonts (6.2.11)', () => {
  const type0 = (c: PDFContext, descendant: Record<string, unknown>, top: Record<string, unknown> = {}) => {
    const cid = c.register(c.obj({ Type: 'Font', Subtype: 'CIDFontType2', BaseFont: 'AAAAAA+Noto', FontDescriptor: c.obj({ Type: 'FontDescriptor', FontName: 'AAAAAA+Noto', FontFile2: stream(c) }), ...descendant } as never));
    c.register(c.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'AAAAAA+Noto', Encoding: 'Identity-H', DescendantFonts: [cid], ...top } as never));
  };

  it('an embedded CID font with Identity CIDToGIDMap and ToUnicode passes every font clause', async () => {
    expect(await failures((pdf, c) => type0(c, { CIDToGIDMap: 'Identity' }, { ToUnicode: stream(c) }))).toEqual([]);
    expect(await failures((pdf, c) => type0(c, { CIDToGIDMap: stream(c) }, { ToUnicode: stream(c) }))).toEqual([]);
  });

  it('a CIDFontType2 without a CIDToGIDMap, a Type0 font without ToUnicode, a descriptor without a font file', async () => {
    expect(await failures((pdf, c) => type0(c, {}, { ToUnicode: stream(c) }))).toEqual(['PDF/A 6.2.11.3.2 CIDToGIDMap: AAAAAA+Noto has no Identity or stream /CIDToGIDMap']);
    expect(await failures((pdf, c) => type0(c, { CIDToGIDMap: 'Identity' }))).toEqual(['PDF/A 6.2.11.7 ToUnicode (paiban): AAAAAA+Noto has no /ToUnicode']);
    expect(await failures((pdf, c) => type0(c, { CIDToGIDMap: 'Identity', FontDescriptor: c.obj({ Type: 'FontDescriptor' }) }, { ToUnicode: stream(c) }))).toEqual(['PDF/A 6.2.11.4.1 fonts embedded: Helvetica is not embedded (no font descriptor); AAAAAA+Noto is not embedded']);
  });

  it('a Type 3 font: embedded as PDF/A allows, but refused by paiban, and without ToUnicode', async () => {
    expect(await failures((pdf, c) => { c.register(c.obj({ Type: 'Font', Subtype: 'Type3', FontMatrix: [0.001, 0, 0, 0.001, 0, 0], CharProcs: {}, Encoding: 'WinAnsiEncoding', FirstChar: 32, LastChar: 32, Widths: [0] } as never)); })).toEqual([
      expect.stringMatching(/^PDF\/A 6\.2\.11\.7 ToUnicode \(paiban\): a Type3 font \(object \d+\) has no \/ToUnicode$/),
      expect.stringMatching(/^paiban no Type 3 fonts: a Type3 font \(object \d+\) is a Type 3 font$/),
    ]);
  });
});

describe('annotations, forms and actions (6.3–6.5)', () => {
  it('an annotation of a type PDF/A does not know, or of none', async () => {
    expect(await failures((pdf) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Movie', Rect: [0, 0, 0, 0], F: 4 }))).toEqual(['PDF/A 6.3.1 annotation types: page 1: a Movie annotation']);
    expect(await failures((pdf) => addAnnotation(pdf, { Type: 'Annot', Rect: [0, 0, 0, 0], F: 4 }))).toEqual(['PDF/A 6.3.1 annotation types: page 1: a untyped annotation']);
  });

  it('an annotation that does not print, or is hidden; a popup needs neither', async () => {
    const link = (flags?: number) => (pdf: PDFDocument) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], ...(flags === undefined ? {} : { F: flags }) });
    expect(await failures(link())).toEqual(['PDF/A 6.3.2 annotation flags: page 1: a Link annotation without the print flag']);
    expect(await failures(link(2))).toEqual(['PDF/A 6.3.2 annotation flags: page 1: a Link annotation without the print flag']);
    for (const hiding of [1, 2, 32, 256]) expect(await failures(link(4 | hiding)), String(hiding)).toEqual(['PDF/A 6.3.2 annotation flags: page 1: a hidden Link annotation']);
    expect(await failures(link(4))).toEqual([]);
    expect(await failures((pdf) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Popup', Rect: [0, 0, 10, 10] }))).toEqual([]);
  });

  it('a visible annotation other than a link needs one normal appearance', async () => {
    const square = (extra: Record<string, unknown>) => (pdf: PDFDocument) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Square', F: 4, Rect: [0, 0, 10, 10], ...extra });
    expect(await failures(square({}))).toEqual(['PDF/A 6.3.3 annotation appearances: page 1: a Square annotation without a normal appearance']);
    expect(await failures((pdf) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Square', F: 4, Rect: [0, 0, 10, 0] }))).toEqual([]);
    expect(await failures((pdf) => addAnnotation(pdf, { Type: 'Annot', Subtype: 'Square', F: 4, Rect: [5, 0, 5, 10] }))).toEqual([]);
    expect(await failures((pdf, c) => square({ AP: c.obj({ N: stream(c), D: stream(c) }) })(pdf))).toEqual(['PDF/A 6.3.3 annotation appearances: page 1: a Square annotation with rollover or down appearances']);
    expect(await failures((pdf, c) => square({ AP: c.obj({ N: stream(c), R: stream(c) }) })(pdf))).toEqual(['PDF/A 6.3.3 annotation appearances: page 1: a Square annotation with rollover or down appearances']);
    expect(await failures((pdf, c) => square({ AP: c.obj({ N: stream(c) }) })(pdf))).toEqual([]);
  });

  it('a form that needs appearances or has XFA', async () => {
    expect(await failures((pdf, c) => pdf.catalog.set(N('AcroForm'), c.obj({ Fields: [], NeedAppearances: true, XFA: stream(c) })))).toEqual(['PDF/A 6.4 forms: /NeedAppearances is true; the form has XFA']);
    expect(await failures((pdf, c) => pdf.catalog.set(N('AcroForm'), c.obj({ Fields: [], NeedAppearances: false })))).toEqual([]);
  });

  it('JavaScript, forbidden and unknown named actions; the four page-turning named actions are fine', async () => {
    expect(await failures((pdf, c) => { c.register(c.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') })); })).toEqual([expect.stringMatching(/^PDF\/A 6\.5\.1 actions: object \d+ is a JavaScript action$/)]);
    expect(await failures((pdf, c) => { c.register(c.obj({ S: 'Named', N: 'Print' })); })).toEqual([expect.stringMatching(/^PDF\/A 6\.5\.1 actions: object \d+ is a Named action$/)]);
    expect(await failures((pdf, c) => { for (const name of ['NextPage', 'PrevPage', 'FirstPage', 'LastPage']) c.register(c.obj({ S: 'Named', N: name })); })).toEqual([]);
    expect(await failures((pdf, c) => { pdf.catalog.lookup(N('Names'), PDFDict).set(N('JavaScript'), c.obj({ Names: [] })); })).toEqual(['PDF/A 6.5.1 actions: the catalog has a /Names /JavaScript tree']);
    // A structure element's /S is its role, not an action.
    expect(await failures((pdf, c) => { c.register(c.obj({ Type: 'StructElem', S: 'Launch' })); })).toEqual([]);
  });

  it('additional actions, on the catalog or anywhere else', async () => {
    expect(await failures((pdf, c) => pdf.catalog.set(N('AA'), c.obj({})))).toEqual(['PDF/A 6.5.2 no additional actions: the catalog has /AA']);
    expect(await failures((pdf, c) => page1(pdf).set(N('AA'), c.obj({})))).toEqual([expect.stringMatching(/^PDF\/A 6\.5\.2 no additional actions: object \d+ has \/AA$/)]);
  });

  it('links out of the archive, named with their target', async () => {
    expect(await failures((pdf, c) => { c.register(c.obj({ S: 'URI', URI: PDFString.of('https://example.com/') })); })).toEqual(['paiban no external links: URI https://example.com/']);
    expect(await failures((pdf, c) => { c.register(c.obj({ S: 'GoToR', F: PDFString.of('other.pdf') })); })).toEqual(['paiban no external links: GoToR']);
    expect(await failures((pdf, c) => { c.register(c.obj({ S: 'Launch', F: PDFString.of('x') })); })).toEqual([expect.stringMatching(/^PDF\/A 6\.5\.1 actions: object \d+ is a Launch action$/), 'paiban no external links: Launch']);
  });

  it('presentations, requirements and foreign permissions', async () => {
    expect(await failures((pdf, c) => pdf.catalog.set(N('Requirements'), c.obj([])))).toEqual(['PDF/A 6.1.12/6.10/6.11 catalog: the catalog has /Requirements']);
    expect(await failures((pdf, c) => page1(pdf).set(N('PresSteps'), c.obj({})))).toEqual(['PDF/A 6.1.12/6.10/6.11 catalog: a page has /PresSteps']);
    expect(await failures((pdf, c) => pdf.catalog.lookup(N('Names'), PDFDict).set(N('AlternatePresentations'), c.obj({})))).toEqual(['PDF/A 6.1.12/6.10/6.11 catalog: /AlternatePresentations in /Names']);
    expect(await failures((pdf, c) => pdf.catalog.set(N('Perms'), c.obj({ UR3: {}, DocMDP: {} })))).toEqual([]);
    expect(await failures((pdf, c) => pdf.catalog.set(N('Perms'), c.obj({ UR3: {}, Other: {} })))).toEqual(['PDF/A 6.1.12/6.10/6.11 catalog: /Perms has entries other than UR3 and DocMDP']);
  });
});

describe('metadata (6.6)', () => {
  const xmpOf = (pdf: PDFDocument) => Buffer.from((pdf.catalog.lookup(N('Metadata')) as PDFRawStream).getContents()).toString('utf8');
  const replaceXmp = (pdf: PDFDocument, xml: string, dict: Record<string, unknown> = { Type: 'Metadata', Subtype: 'XML' }) => pdf.catalog.set(N('Metadata'), stream(pdf.context, dict, Buffer.from(xml, 'utf8')));

  it('no metadata stream fails all three metadata clauses', async () => {
    const message = 'no /Metadata stream in the catalog';
    expect(await failures((pdf) => pdf.catalog.delete(N('Metadata')))).toEqual([`PDF/A 6.6.2.1 XMP metadata: ${message}`, `PDF/A 6.6.4 pdfaid part 3: ${message}`, `PDF/A 6.6 XMP matches Info: ${message}`]);
  });

  it('a metadata stream of the wrong type', async () => {
    expect(await failures((pdf) => replaceXmp(pdf, xmpOf(pdf), { Type: 'Metadata', Subtype: 'XMP' }))).toEqual(['PDF/A 6.6.2.1 XMP metadata: the stream is not /Type /Metadata /Subtype /XML']);
    expect(await failures((pdf) => replaceXmp(pdf, xmpOf(pdf), { Subtype: 'XML' }))).toEqual(['PDF/A 6.6.2.1 XMP metadata: the stream is not /Type /Metadata /Subtype /XML']);
  });

  it('pdfaid other than part 3 with conformance A, B or U', async () => {
    expect(await failures((pdf) => replaceXmp(pdf, xmpOf(pdf).replace(/(pdfaid:part[>="]+)3/, '$12')))).toEqual(['PDF/A 6.6.4 pdfaid part 3: pdfaid:part 2, conformance B']);
    expect(await failures((pdf) => replaceXmp(pdf, xmpOf(pdf).replace(/(pdfaid:conformance[>="]+)B/, '$1X')))).toEqual(['PDF/A 6.6.4 pdfaid part 3: pdfaid:part 3, conformance X']);
    for (const level of ['A', 'U']) expect(await failures((pdf) => replaceXmp(pdf, xmpOf(pdf).replace(/(pdfaid:conformance[>="]+)B/, `$1${level}`)))).toEqual([]);
  });

  it('Info that disagrees with the XMP: text exactly, dates as instants', async () => {
    expect(await failures((pdf) => pdf.setTitle('别的书名'))).toEqual(['PDF/A 6.6 XMP matches Info: Info Title "别的书名" ≠ dc:title "年鉴"']);
    expect(await failures((pdf) => pdf.setProducer('other'))).toEqual([`PDF/A 6.6 XMP matches Info: Info Producer "other" ≠ pdf:Producer ${JSON.stringify(info.producer)}`]);
    expect(await failures((pdf) => pdf.setCreationDate(new Date('2024-12-31T00:00:01Z')))).toEqual(['PDF/A 6.6 XMP matches Info: Info CreationDate D:20241231000001Z ≠ xmp:CreateDate 2024-12-31T00:00:00Z']);
    expect(await failures((pdf) => pdf.setModificationDate(new Date('2025-01-01T00:00:00Z')))).toEqual(['PDF/A 6.6 XMP matches Info: Info ModDate D:20250101000000Z ≠ xmp:ModifyDate 2024-12-31T00:00:00Z']);
    for (const key of ['Author', 'Subject', 'Keywords', 'Creator']) {
      const found = await failures((pdf) => (pdf.context.lookup(pdf.context.trailerInfo.Info) as PDFDict).set(N(key), PDFString.of('x')));
      expect(found, key).toEqual([expect.stringMatching(new RegExp(`^PDF/A 6\\.6 XMP matches Info: Info ${key} "x" ≠ `))]);
    }
  });

  it('reads PDF dates with and without a zone, and refuses what is not one', () => {
    expect(pdfDateTime("D:20241231080000+08'00'")).toBe(Date.parse('2024-12-31T00:00:00Z'));
    expect(pdfDateTime("D:20241231000000-05'30")).toBe(Date.parse('2024-12-31T05:30:00Z'));
    expect(pdfDateTime('D:20241231000000+08')).toBe(Date.parse('2024-12-30T16:00:00Z'));
    expect(pdfDateTime('D:2024')).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(pdfDateTime('D:202412')).toBe(Date.parse('2024-12-01T00:00:00Z'));
    expect(pdfDateTime('D:20241231235959')).toBe(Date.parse('2024-12-31T23:59:59Z'));
    expect(pdfDateTime('20241231')).toBeNaN();
  });
});

describe('embedded files (6.8)', () => {
  it('a file specification without /UF, without a valid relationship, or without a MIME type or date', async () => {
    expect(await failures((pdf) => embeddedSpec(pdf).delete(N('UF')))).toEqual(['PDF/A 6.8 embedded files: book.yaml: no /F and /UF']);
    expect(await failures((pdf) => embeddedSpec(pdf).delete(N('F')))).toEqual(['PDF/A 6.8 embedded files: book.yaml: no /F and /UF']);
    expect(await failures((pdf) => embeddedSpec(pdf).set(N('AFRelationship'), N('Original')))).toEqual(['PDF/A 6.8 embedded files: book.yaml: no valid /AFRelationship']);
    expect(await failures((pdf) => embeddedSpec(pdf).set(N('AFRelationship'), N('Data')))).toEqual([]);
    expect(await failures((pdf) => embeddedParams(pdf).delete(N('ModDate')))).toEqual(['PDF/A 6.8 embedded files: book.yaml: no /Params /ModDate']);
    expect(await failures((pdf) => embeddedSpec(pdf).delete(N('EF')))).toEqual(['PDF/A 6.8 embedded files: book.yaml: no embedded file stream']);
  });

  it('an embedded file that no /AF array lists; one listed on a page counts', async () => {
    expect(await failures((pdf) => pdf.catalog.delete(N('AF')))).toEqual(['PDF/A 6.8 associated files /AF: book.yaml is in no /AF array']);
    expect(await failures((pdf) => {
      const af = pdf.catalog.get(N('AF'));
      pdf.catalog.delete(N('AF'));
      page1(pdf).set(N('AF'), af!);
    })).toEqual([]);
  });

  it('a checksum or size that does not match the embedded bytes', async () => {
    expect(await failures((pdf) => embeddedParams(pdf).set(N('CheckSum'), PDFHexString.of('00'.repeat(16))))).toEqual(['paiban embedded checksums: book.yaml: /CheckSum does not match the embedded bytes']);
    expect(await failures((pdf) => embeddedParams(pdf).delete(N('CheckSum')))).toEqual(['paiban embedded checksums: book.yaml: no /CheckSum']);
    expect(await failures((pdf) => embeddedParams(pdf).set(N('Size'), PDFNumber.of(SOURCE.length + 1)))).toEqual([`paiban embedded checksums: book.yaml: /Size is not ${SOURCE.length}`]);
  });

  it('sources on disk: a changed file, a file not embedded, a file that cannot be read', async () => {
    const changed = await writeSource(Buffer.from('title: 改了\n'), 'changed.yaml');
    const results = await verifyPdf(archive, {
      sources: [
        { name: 'book.yaml', path: changed },
        { name: 'missing.md', path: changed },
        { name: 'book.yaml', path: path.join(tmp, 'gone.yaml') },
      ],
    });
    expect(failed(results)).toEqual([expect.stringMatching(new RegExp(`^paiban sources match: book\\.yaml differs from ${changed.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(embedded sha256 [0-9a-f]{12}…\\); missing\\.md is not embedded; ${path.join(tmp, 'gone.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be read$`))]);
  });

  it('text that is not in the archive, in order', async () => {
    expect(failed(await verifyPdf(archive, { expectedText: ['goodbye'] }))).toEqual(['paiban text: not found in order: paragraph 1 «goodbye…»']);
  });
});

describe('archiving an encrypted PDF', () => {
  it('says it is encrypted, not that it cannot be read', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('00'), U: PDFHexString.of('00'), P: -4 }));
    await expect(toPdfA3(await pdf.save(), info, [source])).rejects.toThrow(/^The PDF is encrypted; PDF\/A forbids encryption\.$/);
  });
});
