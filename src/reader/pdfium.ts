/**
 * PDFium (Chromium's own PDF engine, BSD/Apache-2.0) compiled to WebAssembly by @embedpdf/pdfium (MIT):
 * the PDF reader that needs nothing installed. One instance per process, loaded on first use (~0.1 s).
 * Only the handful of C functions paiban calls are typed here, called straight on the module's exports
 * (the package's cwrap wrappers cost a JavaScript call per argument on the per-character path).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

type Fn = (...args: number[]) => number;

/** The C functions used (names as PDFium's public headers give them). */
const NAMES = [
  'malloc',
  'free',
  'FPDF_LoadMemDocument',
  'FPDF_GetLastError',
  'FPDF_CloseDocument',
  'FPDF_GetPageCount',
  'FPDF_VIEWERREF_GetName',
  'FPDF_CopyViewerPreferences',
  'FPDF_LoadPage',
  'FPDF_ClosePage',
  'FPDF_GetPageWidthF',
  'FPDF_GetPageHeightF',
  'FPDF_GetPageBoundingBox',
  'FPDF_RenderPageBitmap',
  'FPDFBitmap_CreateEx',
  'FPDFBitmap_FillRect',
  'FPDFBitmap_GetStride',
  'FPDFBitmap_GetBuffer',
  'FPDFBitmap_Destroy',
  'FPDFText_LoadPage',
  'FPDFText_ClosePage',
  'FPDFText_CountChars',
  'FPDFText_GetUnicode',
  'FPDFText_IsGenerated',
  'FPDFText_GetLooseCharBox',
  'FPDFText_GetCharOrigin',
  'FPDFText_GetMatrix',
  'FPDFText_GetFontSize',
  'FPDFText_GetTextObject',
  'FPDFTextObj_GetFont',
  'FPDFFont_GetAscent',
  'FPDFFont_GetDescent',
  'FPDFFont_GetBaseFontName',
  'FPDFPage_CountObjects',
  'FPDFPage_GetObject',
  'FPDFPageObj_GetType',
  'FPDFPageObj_GetMatrix',
  'FPDFImageObj_GetImagePixelSize',
  'FPDFFormObj_CountObjects',
  'FPDFFormObj_GetObject',
] as const;

export type PdfiumName = (typeof NAMES)[number];

export interface Pdfium {
  readonly fn: Record<PdfiumName, Fn>;
  /** The module's memory, read afresh each time: it is replaced when the heap grows. */
  bytes(): Uint8Array;
  f32(pointer: number, count: number): Float32Array;
  f64(pointer: number, count: number): Float64Array;
  u32(pointer: number, count: number): Uint32Array;
}

interface EmbedPdfModule {
  PDFiumExt_Init(): void;
  pdfium: { wasmExports: Record<string, unknown> & { memory: WebAssembly.Memory } };
}

let loading: Promise<Pdfium> | undefined;

export function pdfium(): Promise<Pdfium> {
  loading ??= load();
  return loading;
}

async function load(): Promise<Pdfium> {
  const require = createRequire(import.meta.url);
  const wasmBinary = await readFile(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
  const { init } = (await import('@embedpdf/pdfium')) as unknown as { init(options: { wasmBinary: Uint8Array }): Promise<EmbedPdfModule> };
  const module = await init({ wasmBinary });
  module.PDFiumExt_Init();
  const exports = module.pdfium.wasmExports;
  const fn = {} as Record<PdfiumName, Fn>;
  for (const name of NAMES) {
    const found = exports[name];
    if (typeof found !== 'function') throw new Error(`@embedpdf/pdfium has no ${name}: an incompatible version is installed.`);
    fn[name] = found as Fn;
  }
  const buffer = () => exports.memory.buffer;
  return {
    fn,
    bytes: () => new Uint8Array(buffer()),
    f32: (pointer, count) => new Float32Array(buffer(), pointer, count),
    f64: (pointer, count) => new Float64Array(buffer(), pointer, count),
    u32: (pointer, count) => new Uint32Array(buffer(), pointer, count),
  };
}
