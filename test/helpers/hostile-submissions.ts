/** Bad submissions for `paiban import`, made here: legacy and encrypted Office files, broken and bomb zips, PDFs without text or with a password, files of the wrong kind. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import ExcelJS from 'exceljs';
import * as D from './docx.js';

/** An OLE compound file (the container of .doc, .xls and encrypted .docx/.xlsx) with the given stream names. */
function ole(streams: string[]): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([header, Buffer.alloc(504), ...streams.map((s) => Buffer.from(s, 'utf16le')), Buffer.alloc(512)]);
}

/** Sets a zip's "encrypted" flag on every entry (local headers and central directory). */
function markEncrypted(zip: Buffer): Buffer {
  const bytes = Buffer.from(zip);
  for (let i = 0; i < bytes.length - 4; i += 1) {
    if (bytes.readUInt32LE(i) === 0x04034b50) bytes[i + 6] = bytes[i + 6]! | 1;
    if (bytes.readUInt32LE(i) === 0x02014b50) bytes[i + 8] = bytes[i + 8]! | 1;
  }
  return bytes;
}

/** Rewrites the uncompressed size of every entry (central directory and local headers): a zip that lies about its contents. */
function declareSize(zip: Buffer, size: number): Buffer {
  const bytes = Buffer.from(zip);
  for (let i = 0; i < bytes.length - 4; i += 1) {
    if (bytes.readUInt32LE(i) === 0x04034b50) bytes.writeUInt32LE(size, i + 22);
    if (bytes.readUInt32LE(i) === 0x02014b50) bytes.writeUInt32LE(size, i + 24);
  }
  return bytes;
}

async function pdf(draw: (page: ReturnType<PDFDocument['addPage']>, font: Awaited<ReturnType<PDFDocument['embedFont']>>) => void): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  draw(document.addPage([300, 400]), font);
  return Buffer.from(await document.save());
}

export async function textPdf(): Promise<Buffer> {
  return pdf((page, font) => {
    page.drawText('Annual report of the district, 2024.', { x: 30, y: 350, size: 12, font });
    page.drawText('The committee met six times in the year.', { x: 30, y: 330, size: 12, font });
  });
}

function encryptPdf(bytes: Buffer): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'paiban-pdf-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), bytes);
    execFileSync('mutool', ['clean', '-E', 'aes-128', '-U', 'secret', '-O', 'owner', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')]);
    return readFileSync(path.join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const documentXml = (body: string) => `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

/** Each bad input of issue 28, by file name, with a piece of the one line paiban must print. */
export async function hostileSubmissions(): Promise<{ name: string; bytes: Buffer; says: string }[]> {
  const good = D.docx({ body: D.paragraph('标题', { style: '1' }) });
  const zeros = zipSync({ 'word/document.xml': new Uint8Array(24 * 1024 * 1024) }, { level: 9 });
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`;
  const deep = documentXml(`${'<w:sdt><w:sdtContent>'.repeat(300)}${'</w:sdtContent></w:sdt>'.repeat(300)}`);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('表');
  sheet.getCell('A1').value = '项目';
  sheet.getCell('XFD1048576').value = 1;
  const huge = Buffer.from(await workbook.xlsx.writeBuffer());
  return [
    { name: 'huge-sheet.xlsx', bytes: huge, says: 'has a sheet “表” of 1048576 rows × 16384 columns' },
    { name: 'legacy.doc', bytes: ole(['WordDocument']), says: 'is an old binary Word file (.doc); open it in Word or WPS and save it as .docx' },
    { name: 'legacy.xls', bytes: ole(['Workbook']), says: 'is an old binary Excel file (.xls); open it in Excel or WPS and save it as .xlsx' },
    { name: 'renamed.docx', bytes: ole(['WordDocument']), says: 'is an old binary Word file (.doc)' },
    { name: 'password.docx', bytes: ole(['EncryptionInfo', 'EncryptedPackage']), says: 'is protected by a password' },
    { name: 'password.xlsx', bytes: ole(['EncryptionInfo', 'EncryptedPackage']), says: 'is protected by a password' },
    { name: 'encrypted-parts.docx', bytes: markEncrypted(good), says: 'has encrypted parts' },
    { name: 'truncated.docx', bytes: good.subarray(0, Math.floor(good.length / 2)), says: 'is damaged or incomplete' },
    { name: 'truncated.xlsx', bytes: good.subarray(0, 40), says: 'is damaged or incomplete' },
    { name: 'many-parts.docx', bytes: Buffer.from(zipSync(Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`word/p${i}.xml`, strToU8('x')])))), says: 'expands to 5001 parts' },
    { name: 'bomb.docx', bytes: Buffer.from(zeros), says: 'it may be a zip bomb' },
    { name: 'huge-claim.docx', bytes: declareSize(Buffer.from(zipSync({ 'word/document.xml': strToU8(documentXml('')) })), 0x7fffffff), says: 'it may be a zip bomb' },
    { name: 'lying.docx', bytes: declareSize(Buffer.from(zipSync({ 'word/document.xml': new Uint8Array(1024 * 1024) }, { level: 9 })), 100), says: 'more than its parts declare' },
    { name: 'laughs.docx', bytes: Buffer.from(zipSync({ 'word/document.xml': strToU8(laughs) })), says: 'has a damaged part word/document.xml (a DTD)' },
    { name: 'deep.docx', bytes: Buffer.from(zipSync({ 'word/document.xml': strToU8(deep) })), says: 'nested deeper than any real document' },
    { name: 'broken-xml.docx', bytes: Buffer.from(zipSync({ 'word/document.xml': strToU8('<w:document><w:body>') })), says: 'has a damaged part word/document.xml' },
    { name: 'scan.pdf', bytes: await pdf((page) => page.drawRectangle({ x: 10, y: 10, width: 100, height: 100, color: rgb(0.5, 0.5, 0.5) })), says: 'it is a scan. Run OCR on it first' },
    { name: 'password.pdf', bytes: encryptPdf(await textPdf()), says: 'is a password-protected PDF' },
    { name: 'broken.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF'), says: 'is not a readable PDF' },
    { name: 'report.docx', bytes: await textPdf(), says: 'is named like a Word document (.docx) but is a PDF' },
    { name: 'tables.pdf', bytes: good, says: 'is named like a PDF but is a zip archive' },
    { name: 'stats.xlsx', bytes: good, says: 'is named like an Excel workbook (.xlsx) but is a Word document' },
    { name: 'archive.docx', bytes: Buffer.from(zipSync({ 'readme.txt': strToU8('hello') })), says: 'is a zip archive but not a Word document (.docx)' },
    { name: 'photo.txt', bytes: D.PNG_1X1, says: 'is not text (it contains binary data); save the file as UTF-8 text' },
  ];
}
