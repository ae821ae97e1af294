import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { PaibanError } from './errors.js';

/** Deeper page trees than this are refused (real files have 3–6 levels; pdf-lib walks them recursively). */
const MAX_PAGE_TREE_DEPTH = 256;

/**
 * Whether pdf-lib refused a file as encrypted. Its EncryptedPDFError is an ES5 subclass of Error whose
 * constructor returns a plain Error, so `instanceof EncryptedPDFError` is never true: the message decides.
 */
export function isEncryptedPdfError(error: unknown): boolean {
  return error instanceof EncryptedPDFError || (error as Error)?.name === 'EncryptedPDFError' || /\bis encrypted\b/.test(String((error as Error)?.message));
}

/**
 * Loads a PDF that came from outside (impose, verify, diff): whatever is wrong with it — empty,
 * plain text, truncated, encrypted, a page tree that loops or nests without end, objects nested
 * deeper than the parser's stack — becomes one PaibanError line, never a stack trace.
 * pdf-lib reports some defects with console.warn while it parses; those lines are kept off the
 * terminal here, because the error that follows says the same in one line.
 */
export async function loadUntrustedPdf(bytes: Uint8Array, options: { what: string; allowEncrypted?: boolean }): Promise<PDFDocument> {
  const { what } = options;
  const unreadable = (reason: string, error?: unknown) =>
    new PaibanError(`${what} is not a readable PDF: ${reason}.`, { hint: 'Open it in a PDF viewer; if it opens, save or print it again as a new PDF.', cause: error });
  if (bytes.length === 0) throw unreadable('the file is empty');
  const warn = console.warn;
  let pdf: PDFDocument;
  try {
    console.warn = () => undefined;
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: options.allowEncrypted === true });
  } catch (error) {
    if (isEncryptedPdfError(error)) {
      throw new PaibanError(`${what} is encrypted (password-protected or restricted); paiban cannot change it.`, {
        hint: 'Save an unprotected copy first, e.g. `qpdf --decrypt in.pdf out.pdf`, and use that.',
        cause: error,
      });
    }
    throw unreadable(error instanceof RangeError ? 'its objects are nested too deeply' : firstLine(error), error);
  } finally {
    console.warn = warn;
  }
  const problem = pageTreeProblem(pdf);
  if (problem) throw unreadable(problem);
  try {
    pdf.getPages();
  } catch (error) {
    throw unreadable(firstLine(error), error);
  }
  return pdf;
}

/** True when following /Parent up from `node` meets a node twice (inherited attributes would never be found). */
function parentsLoop(pdf: PDFDocument, node: PDFDict): boolean {
  const seen = new Set<PDFDict>([node]);
  let current: PDFDict | undefined = node;
  while (current) {
    const parent: unknown = pdf.context.lookup(current.get(PDFName.of('Parent')));
    if (!(parent instanceof PDFDict)) return false;
    if (seen.has(parent) || seen.size > MAX_PAGE_TREE_DEPTH + 1) return true;
    seen.add(parent);
    current = parent;
  }
  return false;
}

function firstLine(error: unknown): string {
  const message = String((error as Error)?.message ?? error).split('\n')[0]!.replace(/\.$/, '');
  const inner = message.replace(/^Failed to parse PDF document \([^)]*\): /, '');
  if (/^No PDF header found/i.test(inner)) return 'no PDF header (it is not a PDF file)';
  // pdf-lib's words for a damaged or too deeply nested object, with its position.
  const invalid = /^Trying to parse invalid object: .*"offset":(\d+)/.exec(inner);
  if (invalid) return `the object at byte ${invalid[1]} is damaged or nested too deeply`;
  return message;
}

/**
 * Walks the page tree without recursion: a catalog without /Pages, a node that is not a dictionary,
 * a Kids entry that leads back to an ancestor (a loop) or a tree deeper than MAX_PAGE_TREE_DEPTH is a
 * problem, named in plain words.
 */
export function pageTreeProblem(pdf: PDFDocument): string | undefined {
  const context = pdf.context;
  const root = context.lookup(context.trailerInfo.Root);
  if (!(root instanceof PDFDict)) return 'it has no document catalog';
  const pagesRef = root.get(PDFName.of('Pages'));
  if (!(context.lookup(pagesRef) instanceof PDFDict)) return 'its catalog has no page tree';
  const stack: { ref: unknown; depth: number; ancestors: Set<string> }[] = [{ ref: pagesRef, depth: 0, ancestors: new Set() }];
  let visited = 0;
  while (stack.length) {
    const { ref, depth, ancestors } = stack.pop()!;
    visited += 1;
    if (visited > 1_000_000) return 'its page tree is too large';
    const key = ref instanceof PDFRef ? ref.toString() : undefined;
    if (key && ancestors.has(key)) return 'its page tree loops (a page list contains itself)';
    if (depth > MAX_PAGE_TREE_DEPTH) return `its page tree is nested more than ${MAX_PAGE_TREE_DEPTH} levels deep`;
    const node = context.lookup(ref as PDFRef);
    if (!(node instanceof PDFDict)) return 'its page tree holds something that is not a page';
    const type = node.get(PDFName.of('Type'));
    if (type === PDFName.of('Page')) {
      if (parentsLoop(pdf, node)) return 'its page tree loops (a /Parent chain comes back to itself)';
      continue;
    }
    const kids = context.lookup(node.get(PDFName.of('Kids')));
    if (!(kids instanceof PDFArray)) return 'a page list of its page tree has no Kids';
    const below = key ? new Set([...ancestors, key]) : ancestors;
    for (let i = 0; i < kids.size(); i += 1) stack.push({ ref: kids.get(i), depth: depth + 1, ancestors: below });
  }
  return undefined;
}
