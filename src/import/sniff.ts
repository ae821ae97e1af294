import path from 'node:path';
import { badInput, kinds } from './messages.js';
import type { ZipEntries } from './zip.js';

/** What `paiban import` reads. */
export type SubmissionKind = 'docx' | 'xlsx' | 'pdf' | 'text';

/** What a file's first bytes say it is. */
type Container = 'zip' | 'ole' | 'pdf' | 'other';

/** The submission kind a file name promises, or undefined for names paiban does not import. */
export function kindOfName(file: string): SubmissionKind | 'doc' | 'xls' | undefined {
  const ext = path.extname(file).toLowerCase();
  const kinds: Record<string, SubmissionKind | 'doc' | 'xls'> = {
    '.docx': 'docx', '.docm': 'docx', '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.pdf': 'pdf', '.txt': 'text', '.doc': 'doc', '.wps': 'doc', '.xls': 'xls', '.et': 'xls',
  };
  return kinds[ext];
}

function containerOf(bytes: Buffer): Container {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) || bytes.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'latin1'))) return 'zip';
  if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
  // The PDF header may follow some junk (PDF readers look at the first kilobyte).
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return 'other';
}

const SHOWN = kinds.found;
const EXPECTED = kinds.expected;

/** An OLE compound file is a legacy .doc/.xls, or an encrypted .docx/.xlsx (which Office stores in OLE). */
function refuseOle(bytes: Buffer, file: string, named: SubmissionKind | 'doc' | 'xls' | undefined): never {
  if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) throw badInput.encryptedOffice(file);
  const excel = named === 'xls' || named === 'xlsx' || bytes.includes(Buffer.from('Workbook', 'utf16le'));
  throw excel ? badInput.legacyExcel(file) : badInput.legacyWord(file);
}

/**
 * The kind to import a file as, from its name and its first bytes: a legacy or encrypted Office file
 * and a file whose content is not what its extension says are refused here, before any parser runs.
 */
export function sniffKind(bytes: Buffer, file: string): SubmissionKind {
  const named = kindOfName(file);
  const container = containerOf(bytes);
  if (container === 'ole') refuseOle(bytes, file, named);
  if (named === 'doc') throw container === 'zip' ? badInput.wrongKind(file, EXPECTED.doc, SHOWN.docxZip) : badInput.legacyWord(file);
  if (named === 'xls') throw container === 'zip' ? badInput.wrongKind(file, EXPECTED.xls, SHOWN.xlsxZip) : badInput.legacyExcel(file);
  if (named === undefined) throw badInput.unsupported(file);
  if (named === 'text') {
    if (container !== 'other') throw badInput.wrongKind(file, EXPECTED.text, SHOWN[container]);
    return 'text';
  }
  const wanted: Container = named === 'pdf' ? 'pdf' : 'zip';
  if (container !== wanted) throw badInput.wrongKind(file, EXPECTED[named], SHOWN[container]);
  return named;
}

/** A zip archive is a Word document or a workbook by its main part; anything else under .docx/.xlsx is refused. */
export function checkOoxml(entries: ZipEntries, kind: 'docx' | 'xlsx', file: string): void {
  const main = kind === 'docx' ? 'word/document.xml' : 'xl/workbook.xml';
  if (entries.has(main)) return;
  if (entries.has(kind === 'docx' ? 'xl/workbook.xml' : 'word/document.xml')) {
    throw badInput.wrongKind(file, EXPECTED[kind], kind === 'docx' ? SHOWN.excel : SHOWN.word);
  }
  if (entries.has('EncryptedPackage')) throw badInput.encryptedOffice(file);
  throw badInput.notOoxml(file, EXPECTED[kind]);
}
