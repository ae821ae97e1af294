import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * HarfBuzz's subsetter (harfbuzzjs's WebAssembly build), called as subset-font calls it, with one flag
 * subset-font does not expose: RETAIN_GIDS. Every glyph keeps its id from the full font, so a character
 * added to the book changes no other glyph's id: Chromium's PDF (which keeps our glyph ids) then prints
 * unchanged pages as the same bytes, and the preview redraws only the pages whose text changed.
 * Every OpenType layout feature is kept (vert, vrt2, chws, halt, …), as `hb-subset --layout-features=*`.
 */
interface HarfBuzzSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;

let instance: Promise<HarfBuzzSubset> | undefined;

function harfbuzz(): Promise<HarfBuzzSubset> {
  instance ??= (async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance: loaded } = await WebAssembly.instantiate(wasm);
    const exports = loaded.exports as unknown as HarfBuzzSubset;
    exports._initialize();
    return exports;
  })();
  return instance;
}

/** Calls run one at a time: they share one WebAssembly memory. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * A TrueType (sfnt) font cut down to the given characters' glyphs and what layout reaches from them.
 * Glyph ids are kept (`retainGids`, the default) for the book's subsets; a font for pdf-lib to embed
 * whole (the drawn running heads) is renumbered, so it holds only its few glyphs.
 */
export function subsetSfnt(sfnt: Uint8Array, characters: string, options: { retainGids?: boolean } = {}): Promise<Uint8Array> {
  const run = queue.then(() => subsetNow(sfnt, characters, options.retainGids ?? true));
  queue = run.catch(() => undefined);
  return run;
}

async function subsetNow(sfnt: Uint8Array, characters: string, retainGids: boolean): Promise<Uint8Array> {
  const hb = await harfbuzz();
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('HarfBuzz could not create a subset input');
  const buffer = hb.malloc(sfnt.byteLength);
  new Uint8Array(hb.memory.buffer).set(sfnt, buffer);
  const blob = hb.hb_blob_create(buffer, sfnt.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    if (retainGids) hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_RETAIN_GIDS);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const char of characters) hb.hb_set_add(unicodes, char.codePointAt(0)!);
    const subset = hb.hb_subset_or_fail(face, input);
    if (subset === 0) throw new Error('HarfBuzz could not subset the font (a damaged font file?)');
    const result = hb.hb_face_reference_blob(subset);
    try {
      const offset = hb.hb_blob_get_data(result, 0);
      const length = hb.hb_blob_get_length(result);
      if (length === 0) throw new Error('HarfBuzz made an empty subset (a damaged font file?)');
      // Copied out: the WebAssembly memory is reused (and may grow) on the next call.
      return new Uint8Array(hb.memory.buffer, offset, length).slice();
    } finally {
      hb.hb_blob_destroy(result);
      hb.hb_face_destroy(subset);
    }
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(buffer);
  }
}
