/**
 * `paiban verify --pdfx`, clause by clause: a print file made by toPdfX4 is broken one way at a time and
 * fails exactly the clause about that, with a detail that names what is wrong. Written against the
 * mutants of press/verify-pdfx.ts that survived press.test.
 */
import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, rgb, type PDFContext } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SRGB_PROFILE } from '../src/archive/pdfa.js';
import type { ClauseResult } from '../src/archive/verify.js';
import { addPrintMarks } from '../src/impose/marks.js';
import { DEFAULT_CMYK_PROFILE, readCmykProfile } from '../src/press/icc.js';
import { toPdfX4 } from '../src/press/pdfx.js';
import { verifyPdfX } from '../src/press/verify-pdfx.js';

const N = (name: string) => PDFName.of(name);
const metadata = { title: '样书', author: '编委会', subject: '工作回眸', keywords: ['年鉴'], language: 'zh-Hans', creator: 'paiban test', producer: 'paiban test', date: new Date('2024-12-31T00:00:00Z') };

describe('verify --pdfx, clause by clause', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    const pdf = await PDFDocument.create({ updateMetadata: false });
    pdf.addPage([420, 595]).drawRectangle({ x: 50, y: 50, width: 100, height: 20, color: rgb(0.2, 0.2, 0.2) });
    pdf.addPage([420, 595]);
    // Greys only: no Ghostscript run.
    good = (await toPdfX4(await addPrintMarks(await pdf.save()), { profile: await readCmykProfile(DEFAULT_CMYK_PROFILE), metadata })).pdf;
  });

  const failed = (results: ClauseResult[]) => results.filter((r) => !r.ok).map((r) => `${r.clause}: ${r.detail}`);
  /** The failing clauses of the good file after `breakIt` (saved again by pdf-lib, its header set back to 1.6 unless `header` says). */
  async function failures(breakIt: (pdf: PDFDocument, context: PDFContext) => void, header = '1.6'): Promise<string[]> {
    const pdf = await PDFDocument.load(good, { updateMetadata: false });
    breakIt(pdf, pdf.context);
    const bytes = await pdf.save({ addDefaultPage: false, useObjectStreams: false, updateFieldAppearances: false });
    bytes.set(Buffer.from(header, 'latin1'), 5);
    return failed(await verifyPdfX(bytes));
  }
  const page = (pdf: PDFDocument, index = 0) => pdf.getPage(index).node;
  const info = (pdf: PDFDocument) => pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
  const intent = (pdf: PDFDocument) => pdf.catalog.lookup(N('OutputIntents'), PDFArray).lookup(0, PDFDict);
  const resources = (pdf: PDFDocument, index = 0) => page(pdf, index).lookup(N('Resources'), PDFDict);
  const setXmp = (pdf: PDFDocument, xml: string) => pdf.catalog.set(N('Metadata'), pdf.context.register(pdf.context.stream(xml, { Type: 'Metadata', Subtype: 'XML' })));
  const streamWith = (context: PDFContext, text: string, dict: Record<string, unknown> = {}) => context.register(context.flateStream(text, dict as never));

  it('passes the file toPdfX4 makes, and says what it checked', async () => {
    const results = await verifyPdfX(good);
    expect(failed(results)).toEqual([]);
    expect(Object.fromEntries(results.map((r) => [r.clause, r.detail]))).toEqual({
      'PDF/X-4 version': 'header %PDF-1.6',
      'PDF/X-4 encryption': 'not encrypted',
      'PDF/X-4 trailer ID': 'present',
      'PDF/X-4 output intent': expect.stringMatching(/^GTS_PDFX, embedded CMYK profile \(\/N 4, \d+ bytes\)$/),
      'PDF/X-4 Info GTS_PDFXVersion': 'PDF/X-4',
      'PDF/X-4 Info Trapped': '/False',
      'PDF/X-4 Info Title': '样书',
      'PDF/X-4 XMP': 'pdfxid:GTS_PDFXVersion PDF/X-4, DocumentID, VersionID, RenditionClass',
      'PDF/X-4 page boxes': 'TrimBox and BleedBox on all 2 pages, nested in the MediaBox',
      'PDF/X-4 no transfer functions': 'no /TR or /TR2',
      'PDF/X-4 fonts embedded': 'all 0 font descriptors have their font program',
      'PDF/X-4 no DeviceRGB': 'no device RGB in content, images, shadings or groups',
      'PDF/X-4 annotations': 'none inside the bleed but printer’s marks',
    });
  });

  it('version: PDF 1.7 is too new', async () => {
    expect(await failures(() => {}, '1.7')).toEqual(['PDF/X-4 version: header %PDF-1.7: PDF/X-4 files are PDF 1.6 at most']);
    expect(await failures(() => {}, '1.4')).toEqual([]);
  });

  it('version: a header not at the start of the file is not a PDF/X header', async () => {
    const shifted = new Uint8Array(Buffer.concat([Buffer.from(' '), Buffer.from(good)]));
    expect(failed(await verifyPdfX(shifted))).toContain('PDF/X-4 version: header %PDF-?: PDF/X-4 files are PDF 1.6 at most');
  });

  it('trailer ID and encryption', async () => {
    expect(await failures((pdf) => delete pdf.context.trailerInfo.ID)).toEqual(['PDF/X-4 trailer ID: the trailer has no /ID']);
    const encrypted = await failures((pdf) => {
      pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('00'), U: PDFHexString.of('00'), P: -4 }));
    });
    // Nothing else can be read from an encrypted file: the three first clauses only.
    expect(encrypted).toEqual(['PDF/X-4 encryption: the file is encrypted']);
  });

  it('output intent: exactly one GTS_PDFX intent, with an identifier and an embedded CMYK output profile', async () => {
    expect(await failures((pdf) => pdf.catalog.delete(N('OutputIntents')))).toEqual(['PDF/X-4 output intent: 0 OutputIntents with /S /GTS_PDFX; exactly one is required']);
    expect(await failures((pdf) => intent(pdf).set(N('S'), N('GTS_PDFA1')))).toEqual(['PDF/X-4 output intent: 0 OutputIntents with /S /GTS_PDFX; exactly one is required']);
    expect(await failures((pdf) => pdf.catalog.lookup(N('OutputIntents'), PDFArray).push(pdf.catalog.lookup(N('OutputIntents'), PDFArray).get(0)))).toEqual([
      'PDF/X-4 output intent: 2 OutputIntents with /S /GTS_PDFX; exactly one is required',
    ]);
    // An intent that is not a dictionary does not count.
    expect(await failures((pdf) => pdf.catalog.lookup(N('OutputIntents'), PDFArray).push(PDFNumber.of(1)))).toEqual([]);
    expect(await failures((pdf) => intent(pdf).delete(N('OutputConditionIdentifier')))).toEqual(['PDF/X-4 output intent: no OutputConditionIdentifier']);
    expect(await failures((pdf) => intent(pdf).set(N('DestOutputProfile'), PDFNumber.of(0)))).toEqual([
      'PDF/X-4 output intent: no embedded DestOutputProfile (an unregistered condition needs one)',
    ]);
    expect(await failures((pdf, context) => intent(pdf).set(N('DestOutputProfile'), context.register(context.stream('garbage', { N: 4, Filter: 'FlateDecode' }))))).toEqual([
      'PDF/X-4 output intent: the DestOutputProfile stream cannot be decoded',
    ]);
    expect(await failures((pdf) => (intent(pdf).lookup(N('DestOutputProfile')) as PDFRawStream).dict.set(N('N'), PDFNumber.of(3)))).toEqual([
      'PDF/X-4 output intent: the profile is not a CMYK output profile: /N 3',
    ]);
  });

  it('output intent: an RGB profile is not a CMYK output profile, whatever /N says', async () => {
    const srgb = await readFile(SRGB_PROFILE);
    expect(await failures((pdf, context) => intent(pdf).set(N('DestOutputProfile'), context.register(context.flateStream(srgb, { N: 4 }))))).toEqual([
      'PDF/X-4 output intent: the profile is not a CMYK output profile: it has 3 components, not 4',
    ]);
  });

  it('Info: the PDF/X version, Trapped True or False, and a title', async () => {
    expect(await failures((pdf) => info(pdf).set(N('GTS_PDFXVersion'), PDFHexString.fromText('PDF/X-3:2003')))).toEqual(['PDF/X-4 Info GTS_PDFXVersion: "PDF/X-3:2003" is not PDF/X-4']);
    expect(await failures((pdf) => info(pdf).set(N('GTS_PDFXVersion'), PDFHexString.fromText('PDF/X-4p')))).toEqual([]);
    expect(await failures((pdf) => info(pdf).delete(N('GTS_PDFXVersion')))).toEqual(['PDF/X-4 Info GTS_PDFXVersion: missing']);
    expect(await failures((pdf) => info(pdf).set(N('Trapped'), N('Unknown')))).toEqual(['PDF/X-4 Info Trapped: /Unknown: must be /True or /False']);
    expect(await failures((pdf) => info(pdf).delete(N('Trapped')))).toEqual(['PDF/X-4 Info Trapped: missing']);
    expect(await failures((pdf) => info(pdf).set(N('Trapped'), N('True')))).toEqual([]);
    expect(await failures((pdf) => info(pdf).delete(N('Title')))).toEqual(['PDF/X-4 Info Title: missing']);
  });

  it('Info: a file without an Info dictionary lacks all three', async () => {
    expect(await failures((pdf) => delete pdf.context.trailerInfo.Info)).toEqual([
      'PDF/X-4 Info GTS_PDFXVersion: missing',
      'PDF/X-4 Info Trapped: missing',
      'PDF/X-4 Info Title: missing',
    ]);
  });

  it('XMP: readable, the PDF/X version (as an element or an attribute, any prefix), and the xmpMM identifiers', async () => {
    const xmp = (body: string, ns = 'pdfxid') =>
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:${ns}="http://www.npes.org/pdfx/ns/id/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" ${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;
    const ids = '<xmpMM:DocumentID>uuid:1</xmpMM:DocumentID><xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>';
    expect(await failures((pdf) => pdf.catalog.delete(N('Metadata')))).toEqual(['PDF/X-4 XMP: no readable XMP metadata stream in the catalog']);
    expect(await failures((pdf, context) => pdf.catalog.set(N('Metadata'), context.register(context.stream('x', { Filter: 'FlateDecode' }))))).toEqual([
      'PDF/X-4 XMP: no readable XMP metadata stream in the catalog',
    ]);
    expect(await failures((pdf) => setXmp(pdf, xmp(`><pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>${ids}`)))).toEqual([]);
    expect(await failures((pdf) => setXmp(pdf, xmp(`pdfx4:GTS_PDFXVersion = 'PDF/X-4' xmpMM:DocumentID="uuid:1" xmpMM:VersionID="1" xmpMM:RenditionClass="default">`, 'pdfx4')))).toEqual([]);
    expect(await failures((pdf) => setXmp(pdf, xmp(`><pdfxid:GTS_PDFXVersion>PDF/X-3</pdfxid:GTS_PDFXVersion>${ids}`)))).toEqual(['PDF/X-4 XMP: pdfxid:GTS_PDFXVersion is "PDF/X-3"']);
    expect(await failures((pdf) => setXmp(pdf, xmp(`>${ids}`)))).toEqual(['PDF/X-4 XMP: pdfxid:GTS_PDFXVersion is missing']);
    // The version in another namespace is not the PDF/X one.
    expect(await failures((pdf) => setXmp(pdf, `<x xmlns:other="http://example.com/"><other:GTS_PDFXVersion>PDF/X-4</other:GTS_PDFXVersion>${ids}</x>`))).toEqual([
      'PDF/X-4 XMP: pdfxid:GTS_PDFXVersion is missing',
    ]);
    expect(await failures((pdf) => setXmp(pdf, xmp(`><pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion><xmpMM:DocumentID>uuid:1</xmpMM:DocumentID>`)))).toEqual([
      'PDF/X-4 XMP: no xmpMM:VersionID, xmpMM:RenditionClass',
    ]);
  });

  it('page boxes: TrimBox (or ArtBox) inside BleedBox inside MediaBox, on every page, named by page', async () => {
    const box = (pdf: PDFDocument, key: string, value: number[], index = 1) => page(pdf, index).set(N(key), pdf.context.obj(value));
    const media = (pdf: PDFDocument) => page(pdf, 1).lookup(N('MediaBox'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    expect(await failures((pdf) => page(pdf, 1).delete(N('TrimBox')))).toEqual(['PDF/X-4 page boxes: page 2 has no TrimBox']);
    expect(await failures((pdf) => {
      page(pdf, 1).set(N('ArtBox'), page(pdf, 1).get(N('TrimBox'))!);
      page(pdf, 1).delete(N('TrimBox'));
    })).toEqual([]);
    expect(await failures((pdf) => page(pdf, 1).delete(N('BleedBox')))).toEqual(['PDF/X-4 page boxes: page 2 has no BleedBox']);
    expect(await failures((pdf) => box(pdf, 'BleedBox', [0, 0, 10]))).toEqual(['PDF/X-4 page boxes: page 2 has no BleedBox']);
    expect(await failures((pdf) => page(pdf, 1).set(N('BleedBox'), pdf.context.obj([0, 0, 10, PDFHexString.of('00')])))).toEqual(['PDF/X-4 page boxes: page 2 has no BleedBox']);
    // The bleed box equal to the media box, given corner by corner the other way round, is inside it.
    expect(await failures((pdf) => {
      const [x0, y0, x1, y1] = media(pdf);
      box(pdf, 'BleedBox', [x1!, y1!, x0!, y0!]);
    })).toEqual([]);
    for (const side of [0, 1, 2, 3]) {
      const outside = await failures((pdf) => {
        const bleed = media(pdf);
        bleed[side] = bleed[side]! + (side < 2 ? -1 : 1);
        box(pdf, 'BleedBox', bleed);
      });
      expect(outside).toEqual(['PDF/X-4 page boxes: page 2: BleedBox is not inside MediaBox']);
    }
    for (const side of [0, 1, 2, 3]) {
      const outside = await failures((pdf) => {
        const trim = page(pdf, 1).lookup(N('BleedBox'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
        trim[side] = trim[side]! + (side < 2 ? -1 : 1);
        box(pdf, 'TrimBox', trim);
      });
      expect(outside).toEqual(['PDF/X-4 page boxes: page 2: TrimBox is not inside BleedBox']);
    }
  });

  it('page boxes: a MediaBox inherited from the page tree holds any bleed box', async () => {
    expect(await failures((pdf) => {
      const parent = page(pdf, 1).lookup(N('Parent'), PDFDict);
      parent.set(N('MediaBox'), page(pdf, 1).get(N('MediaBox'))!);
      page(pdf, 1).delete(N('MediaBox'));
      page(pdf, 1).set(N('BleedBox'), pdf.context.obj([-5000, -5000, 5000, 5000]));
      page(pdf, 1).set(N('TrimBox'), pdf.context.obj([0, 0, 10, 10]));
    })).toEqual([]);
  });

  it('transfer functions: none in a page, an object or a graphics state, but /Default', async () => {
    expect(await failures((pdf) => page(pdf).set(N('TR'), N('Identity')))).toEqual([expect.stringMatching(/^PDF\/X-4 no transfer functions: \/TR in object \d+$/)]);
    expect(await failures((pdf) => resources(pdf).set(N('ExtGState'), pdf.context.obj({ GS9: { TR2: 'Identity' } })))).toEqual([
      expect.stringMatching(/^PDF\/X-4 no transfer functions: \/TR2 in object \d+$/),
    ]);
    expect(await failures((pdf) => resources(pdf).set(N('ExtGState'), pdf.context.obj({ GS9: { TR: 'Default', TR2: 'Default' } })))).toEqual([]);
  });

  it('fonts: every simple font has a descriptor, every descriptor its font program; Type0 and Type3 fonts have none', async () => {
    const addFont = (pdf: PDFDocument, font: Record<string, unknown>) => resources(pdf).set(N('Font'), pdf.context.obj({ F9: pdf.context.register(pdf.context.obj(font as never)) }));
    expect(await failures((pdf) => addFont(pdf, { Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' }))).toEqual(['PDF/X-4 fonts embedded: Helvetica is not embedded']);
    expect(await failures((pdf) => addFont(pdf, { Type: 'Font', Subtype: 'TrueType' }))).toEqual([expect.stringMatching(/^PDF\/X-4 fonts embedded: font \d+ is not embedded$/)]);
    expect(await failures((pdf) => addFont(pdf, { Type: 'Font', Subtype: 'Type0', BaseFont: 'X' }))).toEqual([]);
    expect(await failures((pdf) => addFont(pdf, { Type: 'Font', Subtype: 'Type3' }))).toEqual([]);
    expect(await failures((pdf) => addFont(pdf, { Type: 'Font', Subtype: 'Type1', BaseFont: 'X', FontDescriptor: pdf.context.register(pdf.context.obj({ Type: 'FontDescriptor', FontName: 'ABCDEF+NotoSerifSC' })) }))).toEqual([
      'PDF/X-4 fonts embedded: ABCDEF+NotoSerifSC is not embedded',
    ]);
    expect(await failures((pdf) => pdf.context.register(pdf.context.obj({ Type: 'FontDescriptor' })))).toEqual([expect.stringMatching(/^PDF\/X-4 fonts embedded: object \d+ is not embedded$/)]);
    for (const key of ['FontFile', 'FontFile2', 'FontFile3']) {
      const results = await (async () => {
        const pdf = await PDFDocument.load(good, { updateMetadata: false });
        pdf.context.register(pdf.context.obj({ Type: 'FontDescriptor', FontName: 'Embedded', [key]: pdf.context.register(pdf.context.stream('x')) }));
        pdf.context.register(pdf.context.obj({ Type: 'FontDescriptor', FontName: 'Also', FontFile2: pdf.context.register(pdf.context.stream('x')) }));
        return verifyPdfX(await pdf.save({ useObjectStreams: false }));
      })();
      expect(results.find((r) => r.clause === 'PDF/X-4 fonts embedded')).toEqual({ clause: 'PDF/X-4 fonts embedded', ok: true, detail: 'all 2 font descriptors have their font program' });
    }
  });

  it('DeviceRGB: in images, shadings, transparency groups, colour-space resources, page content and forms', async () => {
    const rgbClause = (lines: string[]) => lines.map((line) => line.replace(/^(PDF\/X-4 no DeviceRGB: )(.*)$/, (_, clause: string, detail: string) => clause + detail.replace(/\d+/g, 'N')));
    const only = 'PDF/X-4 no DeviceRGB: ';
    expect(rgbClause(await failures((pdf, context) => context.register(context.stream('x', { Type: 'XObject', Subtype: 'Image', ColorSpace: 'DeviceRGB' }))))).toEqual([`${only}image N is DeviceRGB`]);
    expect(rgbClause(await failures((pdf, context) => context.register(context.stream('x', { Type: 'XObject', Subtype: 'Image', ColorSpace: ['Indexed', 'DeviceRGB', 1, PDFHexString.of('000000ffffff')] }))))).toEqual([
      `${only}image N is DeviceRGB`,
    ]);
    expect(rgbClause(await failures((pdf, context) => context.register(context.stream('x', { Type: 'XObject', Subtype: 'Image', ColorSpace: 'DeviceCMYK' }))))).toEqual([]);
    expect(rgbClause(await failures((pdf, context) => context.register(context.obj({ ShadingType: 2, ColorSpace: 'DeviceRGB' }))))).toEqual([`${only}shading N is DeviceRGB`]);
    expect(rgbClause(await failures((pdf, context) => context.register(context.obj({ ShadingType: 2, ColorSpace: 'DeviceGray' }))))).toEqual([]);
    expect(rgbClause(await failures((pdf) => page(pdf).set(N('Group'), pdf.context.obj({ S: 'Transparency', CS: 'DeviceRGB' }))))).toEqual([`${only}transparency group of object N is DeviceRGB`]);
    expect(rgbClause(await failures((pdf) => resources(pdf).set(N('ColorSpace'), pdf.context.obj({ CS7: 'DeviceRGB', CS8: 'DeviceCMYK' }))))).toEqual([`${only}colour space /CSN is DeviceRGB`]);
    // An image's own /ColorSpace is the image's, not a resource dictionary.
    expect(rgbClause(await failures((pdf, context) => context.register(context.stream('x', { Subtype: 'Image', ColorSpace: 'DeviceGray' }))))).toEqual([]);
    expect(rgbClause(await failures((pdf, context) => page(pdf).set(N('Contents'), streamWith(context, '1 0 0 rg 0 0 1 1 re f .5 .5 .5 RG'))))).toEqual([`${only}content stream N paints in DeviceRGB (N rg/RG)`]);
    expect(rgbClause(await failures((pdf, context) => page(pdf).set(N('Contents'), context.obj([streamWith(context, 'q'), streamWith(context, '/DeviceRGB cs Q')]))))).toEqual([
      `${only}content stream N paints in DeviceRGB`,
    ]);
    expect(rgbClause(await failures((pdf, context) => page(pdf).set(N('Contents'), streamWith(context, '/DeviceRGB CS'))))).toEqual([`${only}content stream N paints in DeviceRGB`]);
    expect(rgbClause(await failures((pdf, context) => page(pdf).set(N('Contents'), streamWith(context, '/DeviceRGB /DeviceRGB BDC EMC'))))).toEqual([]);
    expect(rgbClause(await failures((pdf, context) => streamWith(context, '0 1 0 RG', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1] })))).toEqual([`${only}content stream N paints in DeviceRGB (N rg/RG)`]);
    // A stream that is neither page content nor a form is data, whatever its bytes.
    expect(rgbClause(await failures((pdf, context) => streamWith(context, '0 1 0 RG /DeviceRGB cs')))).toEqual([]);
    // Content that cannot be decoded is not read.
    expect(rgbClause(await failures((pdf, context) => page(pdf).set(N('Contents'), context.register(context.stream('garbage', { Filter: 'FlateDecode' })))))).toEqual([]);
  });

  it('annotations: none inside the bleed but printer’s marks and trap networks', async () => {
    const annotate = (pdf: PDFDocument, annotation: Record<string, unknown>) => page(pdf, 1).set(N('Annots'), pdf.context.obj([pdf.context.register(pdf.context.obj(annotation as never)), PDFNumber.of(3)]));
    expect(await failures((pdf) => annotate(pdf, { Subtype: 'Link', Rect: [60, 60, 80, 80] }))).toEqual(['PDF/X-4 annotations: page 2: a Link annotation inside the bleed']);
    expect(await failures((pdf) => annotate(pdf, { Rect: [60, 60, 80, 80] }))).toEqual(['PDF/X-4 annotations: page 2: a ? annotation inside the bleed']);
    expect(await failures((pdf) => annotate(pdf, { Subtype: 'Text' }))).toEqual(['PDF/X-4 annotations: page 2: a Text annotation inside the bleed']);
    expect(await failures((pdf) => annotate(pdf, { Subtype: 'PrinterMark', Rect: [60, 60, 80, 80] }))).toEqual([]);
    expect(await failures((pdf) => annotate(pdf, { Subtype: 'TrapNet', Rect: [60, 60, 80, 80] }))).toEqual([]);
    const bleed = async () => {
      const pdf = await PDFDocument.load(good, { updateMetadata: false });
      return page(pdf, 1).lookup(N('BleedBox'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber()) as [number, number, number, number];
    };
    const [x0, y0, x1, y1] = await bleed();
    // Outside the bleed on each side (in the slug, where the marks are): allowed.
    for (const rect of [[x0 - 20, y0, x0 - 10, y1], [x1 + 10, y0, x1 + 20, y1], [x0, y0 - 20, x1, y0 - 10], [x0, y1 + 10, x1, y1 + 20]]) {
      expect(await failures((pdf) => annotate(pdf, { Subtype: 'Link', Rect: rect }))).toEqual([]);
    }
    // Touching the bleed's edge is inside.
    for (const rect of [[x0 - 20, y0, x0, y1], [x1, y0, x1 + 20, y1], [x0, y0 - 20, x1, y0], [x0, y1, x1, y1 + 20]]) {
      expect(await failures((pdf) => annotate(pdf, { Subtype: 'Link', Rect: rect }))).toEqual(['PDF/X-4 annotations: page 2: a Link annotation inside the bleed']);
    }
    // Without a bleed box the media box is the limit.
    expect(await failures((pdf) => {
      annotate(pdf, { Subtype: 'Link', Rect: [60, 60, 80, 80] });
      page(pdf, 1).delete(N('BleedBox'));
    })).toEqual(['PDF/X-4 page boxes: page 2 has no BleedBox', 'PDF/X-4 annotations: page 2: a Link annotation inside the bleed']);
  });
});

