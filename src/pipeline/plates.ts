import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString as hastText } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { PaibanError } from '../util/errors.js';
import { pixelsOf } from './image-pixels.js';
import { chunkPlates, type PlacedPhoto, type PlatePage, type PlatePhoto } from './plate-layout.js';
import type { PlateGeometry } from './plate-geometry.js';
import { PLATE_WITHOUT_PICTURE, PLATES_HINT } from './plate-messages.js';

export interface PlatesOptions {
  geometry: PlateGeometry;
  /** The manuscript's title: the head of the first page of photos. */
  title: string;
}

interface Plate {
  figure: Element;
  img: Element;
  caption: Element | undefined;
  photo: PlatePhoto;
}

/**
 * rehype plugin for a `role: plates` manuscript (图片专辑): its figures become pages of photos laid out
 * by plate-layout.ts (1, 2, 4 or 6 to a page by their aspect ratios, read from each image's header at
 * build time), outside the line grid. Each page is a `div.plate-sheet` (a block in the book's writing
 * mode that starts a page) holding a `div.plate-page` laid out physically (horizontal in both writing
 * modes) at the size of the type area; a `{bleed}` figure takes a page of its own and covers it to the
 * trim and beyond (styles/book.css, the plates section). The first page that is not a bleed page
 * carries the manuscript's title and its introduction.
 */
export default function rehypePlates(options?: PlatesOptions) {
  return (tree: Root, file: VFile) => {
    // Any other manuscript passes as it is.
    if (!options) return;
    const fail = (node: { position?: Element['position'] } | undefined, reason: string, hint = PLATES_HINT): never => {
      throw new PaibanError(reason, { file: file.path, line: node?.position?.start.line, column: node?.position?.start.column, hint });
    };
    const intro: Element[] = [];
    const plates: Plate[] = [];
    for (const child of tree.children) {
      if (child.type === 'text' && !child.value.trim()) continue;
      if (child.type === 'comment' || child.type === 'doctype') continue;
      if (child.type !== 'element') fail(undefined, 'A plates manuscript holds only figures and an introduction.');
      const element = child as Element;
      if (element.tagName === 'p' && plates.length === 0) {
        intro.push(element);
        continue;
      }
      if (element.tagName !== 'figure') fail(element, plates.length ? 'A plates manuscript holds only figures after its introduction: this block stands among the photos.' : 'A plates manuscript holds only figures and an introduction paragraph: this block is neither.');
      plates.push(plateOf(element, fail));
    }
    if (plates.length === 0) fail({ position: tree.position }, 'A plates manuscript (role: plates) has no figures.');

    const { geometry } = options;
    const introChars = intro.map((p) => [...hastText(p).replace(/\s/g, '')].length);
    const perLine = Math.max(1, Math.floor(geometry.box.widthMm / geometry.emMm));
    const introLines = introChars.reduce((sum, chars) => sum + Math.max(1, Math.ceil(chars / perLine)), 0);
    // The title on two lines' height, the introduction, and a line before the photos.
    const headMm = (2 + introLines + 1) * geometry.lineMm;
    const box = { ...geometry.box, headMm };
    if (headMm > box.heightMm / 2) fail(intro[0], `The introduction of the plates is too long for the first page of photos (${introLines} lines): keep it under half a page.`);

    const pages = chunkPlates(plates.map((plate) => plate.photo), box);
    const head = h('div', ['plate-head'], [h('h1', ['plates-title'], [{ type: 'text', value: options.title }]), ...intro.map((p) => ({ ...p, properties: { ...p.properties, className: ['plate-intro'] } }))]);
    const sheets = pages.map((page) => sheetOf(page, plates, page.head ? head : undefined, box.widthMm));
    // Only bleed photos: the head takes a page of its own before them.
    if (!pages.some((page) => page.head)) sheets.unshift(h('div', ['plate-sheet'], [h('div', ['plate-page'], [head])]));
    tree.children = sheets as RootContent[];
  };
}

function h(tagName: string, className: string[], children: ElementContent[], properties: Element['properties'] = {}): Element {
  return { type: 'element', tagName, properties: { className, ...properties }, children };
}

/** A figure of the manuscript as a plate: its image (with the picture's aspect ratio) and its caption. */
function plateOf(figure: Element, fail: (node: Element, reason: string, hint?: string) => never): Plate {
  const img = figure.children.find((node): node is Element => node.type === 'element' && node.tagName === 'img');
  if (!img) return fail(figure, `${PLATE_WITHOUT_PICTURE.reason}.`, PLATE_WITHOUT_PICTURE.hint);
  const caption = figure.children.find((node): node is Element => node.type === 'element' && node.tagName === 'figcaption');
  const src = String(img.properties.src ?? '');
  // Read from the image's header by pipeline/image-pixels.ts.
  const pixels = pixelsOf(img);
  if (!pixels) return fail(figure, `The plate's picture "${src.replace(/^.*\//, '')}" has no size in its header (an SVG without width and height): its shape decides the layout.`, 'Give the SVG a width and height (or a viewBox), or use a PNG or JPEG.');
  const classes = Array.isArray(figure.properties.className) ? figure.properties.className.map(String) : [];
  return {
    figure,
    img,
    caption,
    photo: { aspect: pixels.width / pixels.height, captionChars: caption ? [...hastText(caption).replace(/\s/g, '')].length : 0, bleed: classes.includes('bleed') },
  };
}

const mm = (value: number) => `${(Math.floor(value * 100) / 100).toFixed(2)}mm`;

/** One page of photos: a sheet that starts a page, the physical page box, its rows of figures. */
function sheetOf(page: PlatePage, plates: readonly Plate[], head: Element | undefined, rowWidthMm: number): Element {
  const line = (index: number) => plates[index]!.figure.position?.start.line;
  const figureOf = (index: number, size?: PlacedPhoto): Element => {
    const { figure, img, caption } = plates[index]!;
    const image: Element = { ...img, properties: { ...img.properties, ...(size ? { style: `width: ${mm(size.widthMm)}; height: ${mm(size.heightMm)};` } : {}) } };
    // A photo alone in its row: the figure (and its caption) as wide as the row, the photo centred in it.
    const width = size ? mm(size.alone ? rowWidthMm : size.widthMm) : undefined;
    return {
      ...figure,
      properties: { className: ['plate', ...(page.bleed ? ['plate-bleed'] : [])], dataLine: String(line(index) ?? ''), ...(width ? { style: `width: ${width};` } : {}) },
      children: [image, ...(caption ? [caption] : [])],
    };
  };
  const content: Element[] = page.bleed
    ? [figureOf(page.first)]
    : [...(head ? [head] : []), h('div', ['plate-rows'], page.rows.map((row) => h('div', ['plate-row'], row.photos.map((photo) => figureOf(photo.index, photo)))))];
  const count = page.bleed ? 'bleed' : String(page.count);
  return h('div', ['plate-sheet', ...(page.bleed ? ['plate-sheet-bleed'] : [])], [h('div', ['plate-page'], content, { dataPlates: count })], { dataLine: String(line(page.first) ?? '') });
}
