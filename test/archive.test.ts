/**
 * The archive pieces without Chromium: XMP writing and reading, the text matcher, the manifest, and
 * toPdfA3 + verifyPdf on small PDFs made with pdf-lib.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaibanError } from '../src/util/errors.js';
import { SRGB_PROFILE, toPdfA3, type ArchiveAttachment, type ArchiveInfo } from '../src/archive/pdfa.js';
import { PACKAGE_DIR } from '../src/util/package.js';
import { checkText, pdfDateTime, verifyPdf } from '../src/archive/verify.js';
import { readXmp, xmpPacket, xmpProblem } from '../src/archive/xmp.js';
import { buildManifest, serializeManifest, type Manifest } from '../src/archive/manifest.js';

const info: ArchiveInfo = {
  title: '年鉴 <第1卷> & “附录”',
  author: '编委会',
  subject: '工作回眸',
  keywords: ['政协', '年鉴'],
  language: 'zh-Hans',
  creator: 'paiban 0.1.0',
  producer: 'paiban 0.1.0 (Chromium 156, pdf-lib)',
  date: new Date('2024-12-31T00:00:00Z'),
};
const source: ArchiveAttachment = { name: 'book.yaml', bytes: Buffer.from('title: 年鉴\n'), mimeType: 'application/yaml', description: 'Book configuration', relationship: 'Source' };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'paiban-archive-unit-'));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A one-page PDF with a Helvetica line (a standard font: pdf-lib does not embed it) and a hidden link. */
async function smallPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  page.drawText('hello', { x: 20, y: 100, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const link = pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 50, 30], F: PDFNumber.of(2), Dest: [page.ref, 'Fit'] }));
  page.node.set(PDFName.of('Annots'), pdf.context.obj([link]));
  return pdf.save();
}

describe('XMP', () => {
  it('writes the Info strings escaped, and reads them back', () => {
    const xml = xmpPacket(info, { part: 3, conformance: 'B' });
    expect(xml).toContain('<rdf:li xml:lang="x-default">年鉴 &lt;第1卷&gt; &amp; “附录”</rdf:li>');
    expect(xmpProblem(xml)).toBeUndefined();
    expect(readXmp(xml)).toEqual({
      title: info.title,
      creators: ['编委会'],
      description: '工作回眸',
      keywords: '政协 年鉴',
      producer: info.producer,
      creatorTool: info.creator,
      createDate: '2024-12-31T00:00:00Z',
      modifyDate: '2024-12-31T00:00:00Z',
      part: '3',
      conformance: 'B',
    });
  });

  it('reads other writers’ prefixes and attribute form', () => {
    const xml = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:a="http://www.aiim.org/pdfa/ns/id/" xmlns:p="http://ns.adobe.com/pdf/1.3/" a:part="2" a:conformance="U" p:Producer="gs &amp; co"/>
      </rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    expect(readXmp(xml)).toEqual({ part: '2', conformance: 'U', producer: 'gs & co' });
    expect(xmpProblem(xml)).toBeUndefined();
  });

  it('finds packets PDF/A rejects', () => {
    expect(xmpProblem('<?xpacket begin="" bytes="12"?><x:xmpmeta></x:xmpmeta><?xpacket end="w"?>')).toMatch(/bytes or encoding/);
    expect(xmpProblem('<?xpacket begin=""?><x:xmpmeta><rdf:RDF></x:xmpmeta><?xpacket end="w"?>')).toMatch(/closes the wrong element/);
    expect(xmpProblem('<x:xmpmeta/>')).toMatch(/header/);
  });

  it('compares PDF dates as instants', () => {
    expect(pdfDateTime("D:20241231080000+08'00'")).toBe(Date.parse('2024-12-31T00:00:00Z'));
    expect(pdfDateTime('D:20241231000000Z')).toBe(Date.parse('2024-12-31T00:00:00Z'));
    expect(pdfDateTime('yesterday')).toBeNaN();
  });
});

describe('the text check', () => {
  const page = '利通区政协工作年鉴\n2\n';
  it('follows a paragraph across a page break with its running head and folio', () => {
    const extracted = `目录\n第一章\n团结联合，广泛凝聚\n共识。\f${page}第二段落。\n`;
    const paragraphs = ['第一章', '团结联合，广泛凝聚共识。', '第二段落。'];
    expect(checkText(extracted, paragraphs)).toMatchObject({ ok: true });
    const broken = `目录\n第一章\n团结联合，广泛凝聚\f${page}共识。第二段落。`;
    expect(checkText(broken, paragraphs)).toMatchObject({ ok: true });
  });

  it('fails on a changed character, a Kangxi radical or a wrong order', () => {
    expect(checkText('人民代表', ['人民代表'])).toMatchObject({ ok: true });
    expect(checkText('人⺠代表', ['人民代表'])).toMatchObject({ ok: false });
    expect(checkText('人民代\n表', ['人民代表'])).toMatchObject({ ok: true });
    expect(checkText('乙段。甲段。', ['甲段。', '乙段。']).detail).toContain('paragraph 2');
    // Skipping text is allowed only at a page break.
    expect(checkText('团结联合，多出来的字广泛凝聚共识。', ['团结联合，广泛凝聚共识。'])).toMatchObject({ ok: false });
  });

  it('reads past emphasis dots and the ruby annotations Chromium paints inside the line, and nothing else', () => {
    // As pdf.js reads paiban init's starter: the pinyin of 吴忠 painted after the line's first emphasised character.
    const extracted = '给汉字注音：吴忠是宁夏的一座城市。重要的字句加着重号：这•wú zhōng几个字下面有点•••••••。';
    const paragraphs = ['给汉字注音：吴忠是宁夏的一座城市。重要的字句加着重号：这几个字下面有点。'];
    expect(checkText(extracted, paragraphs, ['wú zhōng'])).toMatchObject({ ok: true });
    expect(checkText(extracted, paragraphs)).toMatchObject({ ok: false });
    expect(checkText(extracted.replace('宁夏', '宁厦'), paragraphs, ['wú zhōng'])).toMatchObject({ ok: false });
  });
});

describe('toPdfA3 and verifyPdf on a small PDF', () => {
  it('fixes annotation flags and reports the one thing it cannot fix: a font that is not embedded', async () => {
    const archive = await toPdfA3(await smallPdf(), info, [source]);
    const results = await verifyPdf(archive);
    expect(results.filter((r) => !r.ok).map((r) => `${r.clause}: ${r.detail}`)).toEqual(['PDF/A 6.2.11.4.1 fonts embedded: Helvetica is not embedded (no font descriptor)']);
    const pdf = await PDFDocument.load(archive, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(info.title);
    expect(pdf.getProducer()).toBe(info.producer);
  });

  it('says what to do when the sRGB profile is missing (paiban ships its own in profiles/)', async () => {
    const error = await toPdfA3(await smallPdf(), info, [], { iccProfile: path.join(tmp, 'missing.icc') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaibanError);
    expect((error as PaibanError).message).toBe('The sRGB colour profile is missing; PDF/A needs it as the output intent.');
    expect((error as PaibanError).hint).toBe('Check the profile given.');
    expect(SRGB_PROFILE.startsWith(path.join(PACKAGE_DIR, 'profiles'))).toBe(true);
    expect(existsSync(SRGB_PROFILE)).toBe(true);
  });

  it('refuses a file that is not an RGB profile, duplicate names and bad MIME types', async () => {
    const notIcc = path.join(tmp, 'not.icc');
    await writeFile(notIcc, 'not a profile');
    await expect(toPdfA3(await smallPdf(), info, [], { iccProfile: notIcc })).rejects.toThrow(/Not a usable sRGB profile: no ICC header/);
    await expect(toPdfA3(await smallPdf(), info, [source, source])).rejects.toThrow(PaibanError);
    await expect(toPdfA3(await smallPdf(), info, [{ ...source, mimeType: 'yaml' }])).rejects.toThrow(/type\/subtype/);
  });

  it('refuses to archive an encrypted PDF, and verify stops at the encryption clause', async () => {
    const pdf = await PDFDocument.load(await smallPdf());
    pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: 'Standard', V: 2, R: 3 }));
    const encrypted = await pdf.save();
    await expect(toPdfA3(encrypted, info, [])).rejects.toThrow(/encrypted/);
    const results = await verifyPdf(encrypted);
    expect(results.map((r) => r.clause)).toEqual(['PDF/A 6.1.2 file header', 'PDF/A 6.1.3 trailer /ID', 'PDF/A 6.1.3 no encryption', 'PDF/A 6.1.3 end of file']);
    expect(results.find((r) => r.clause === 'PDF/A 6.1.3 no encryption')).toMatchObject({ ok: false });
  });

  it('rejects bytes that are not a PDF', async () => {
    await expect(toPdfA3(Buffer.from('hello'), info, [])).rejects.toThrow(PaibanError);
    await expect(verifyPdf(Buffer.from('hello'))).rejects.toThrow(PaibanError);
  });
});

describe('the manifest', () => {
  it('lists files relative to the book, sorted by code unit, with size and SHA-256', async () => {
    const book = path.join(tmp, 'book');
    await mkdir(path.join(book, 'manuscripts'), { recursive: true });
    await mkdir(path.join(book, 'out'), { recursive: true });
    await writeFile(path.join(book, 'book.yaml'), 'title: x\n');
    await writeFile(path.join(book, 'manuscripts', 'b.md'), '乙');
    await writeFile(path.join(book, 'manuscripts', 'B.md'), 'B');
    await writeFile(path.join(book, 'out', 'x.pdf'), '%PDF');
    const options = {
      inputs: ['manuscripts/b.md', path.join(book, 'book.yaml'), 'manuscripts/B.md', 'manuscripts/b.md'],
      outputs: ['out/x.pdf'],
      baseDir: book,
      toolVersion: '0.1.0',
      chromiumVersion: '156.0.8078.79',
      buildDate: new Date('2024-12-31T00:00:00.250Z'),
    };
    const manifest = await buildManifest(options);
    expect(manifest.buildDate).toBe('2024-12-31T00:00:00Z');
    expect(manifest.inputs.map((f) => f.path)).toEqual(['book.yaml', 'manuscripts/B.md', 'manuscripts/b.md']);
    expect(manifest.inputs[2]).toEqual({ path: 'manuscripts/b.md', bytes: 3, sha256: '71530d4c49f12c489dcfc7d6d1b46d53546ca05bfd1775392c9a42b9b7944bbb' });
    expect(manifest.outputs).toHaveLength(1);

    const text = serializeManifest(manifest);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'tool', 'chromium', 'buildDate', 'inputs', 'outputs']);
    const shuffled = { outputs: manifest.outputs, inputs: manifest.inputs.map((f) => ({ sha256: f.sha256, bytes: f.bytes, path: f.path })), buildDate: manifest.buildDate, chromium: manifest.chromium, tool: manifest.tool, format: manifest.format } as Manifest;
    expect(serializeManifest(shuffled)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);

    await expect(buildManifest({ ...options, inputs: [path.join(tmp, 'elsewhere.md')] })).rejects.toThrow(/outside the book folder/);
    await expect(buildManifest({ ...options, inputs: ['manuscripts/gone.md'] })).rejects.toThrow(PaibanError);
  });
});
