import mammoth from 'mammoth';
import { readZip, storedZip } from './zip.js';
import { checkOoxml } from './sniff.js';
import { parseXml } from './xml.js';
import { readStyleBook } from './docx-styles.js';
import { prepareDocx } from './docx-prepare.js';
import { readModel, type MammothDocument } from './docx-model.js';
import { buildDocxBody } from './docx-blocks.js';
import { finishManuscript, type ImageTarget, type ImportedManuscript } from './manuscript.js';
import { badInput, note } from './messages.js';

export interface DocxOptions {
  /** The file as shown in messages. */
  file: string;
  source?: string;
  imageTarget: ImageTarget;
  rejectChanges?: boolean;
}

/**
 * A Word document (.docx) → one manuscript. mammoth (BSD-2, maintained since 2013) reads the
 * document: runs and their bold/italic, tables with merged cells (gridSpan, vMerge), images and their
 * relationships, footnotes, lists, content controls, text boxes. What mammoth leaves out or
 * accepts silently (tracked changes, comments, fields, outline levels) is done first on the XML
 * (docx-prepare.ts), and mammoth reads the prepared document.
 */
export async function importDocx(bytes: Buffer, options: DocxOptions): Promise<ImportedManuscript> {
  const { file } = options;
  const entries = await readZip(bytes, file);
  checkOoxml(entries, 'docx', file);
  const part = (name: string) => (entries.has(name) ? parseXml(entries.get(name)!, file, name) : undefined);
  const styles = readStyleBook(part('word/styles.xml'), part('word/numbering.xml'));
  const prepared = prepareDocx(entries, file, styles, { rejectChanges: Boolean(options.rejectChanges) });
  let document: MammothDocument | undefined;
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: storedZip(prepared.entries) },
      {
        includeDefaultStyleMap: false,
        // A linked (not embedded) picture names a file on the sender's disk: never read.
        externalFileAccess: false,
        transformDocument: (element: MammothDocument) => {
          document = element;
          return element;
        },
      },
    );
  } catch (error) {
    throw badInput.corruptZip(file, String((error as Error).message).split('\n')[0]!);
  }
  if (!document) throw badInput.emptyDocument(file);
  const unknown = [...new Set(result.messages.map((m) => /unrecognised element was ignored: (\S+)/i.exec(m.message)?.[1]).filter((m): m is string => Boolean(m) && !/^(w:|v:|o:)?(proofErr|lastRenderedPageBreak)$/.test(m!)))];
  const model = readModel(document);
  const built = await buildDocxBody(model, options.imageTarget);
  if (!built.title && !built.body.nodes.length) throw badInput.emptyDocument(file);
  const notes = [...prepared.notes, ...unknown.map((u) => ({ text: note.unknownNote(u), warning: 'content' as const })), ...built.notes];
  return finishManuscript({
    file,
    front: { ...(built.title !== undefined ? { title: built.title } : {}), ...(built.subtitle !== undefined ? { subtitle: built.subtitle } : {}), ...(options.source ? { source: options.source } : {}) },
    body: built.body,
    notes,
    source: prepared.source,
    differences: prepared.differences,
  });
}
