import { fileURLToPath } from 'node:url';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { imagePixels } from '../files/image-pixels.js';

/**
 * rehype plugin, after the image check (pipeline/images.ts): each image of the book carries its pixel
 * size (`data-pixels="1500x1000"`, as shown: EXIF orientation applied), read from its header. The plates
 * lay photos out by it (pipeline/plates.ts), and the layout checks name the manuscript line of a picture
 * printed below 300 dpi by it (proof/layout-lint.ts).
 */
export default function rehypeImagePixels(options: { bookDir: string }) {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const src = node.tagName === 'img' ? node.properties.src : undefined;
      if (typeof src !== 'string' || !src.startsWith('file:')) return;
      const pixels = imagePixels(options.bookDir, fileURLToPath(src));
      if (pixels) node.properties.dataPixels = `${pixels.width}x${pixels.height}`;
    });
  };
}

/** The pixel size an image element carries (see rehypeImagePixels), or undefined. */
export function pixelsOf(img: Element): { width: number; height: number } | undefined {
  const match = /^(\d+)x(\d+)$/.exec(String(img.properties.dataPixels ?? ''));
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

/** A picture of the book where the manuscript places it: what a warning about its print names. */
export interface SourceImage {
  /** The manuscript (absolute path) and the line of the figure or image. */
  file: string;
  line: number | undefined;
  /** The image file, as a file URL. */
  src: string;
  width: number;
  height: number;
}

/** Every image of the chapters with a known pixel size, in the order of the book. */
export function sourceImages(chapters: readonly { manuscript: { file: string }; body: Root }[]): SourceImage[] {
  const images: SourceImage[] = [];
  for (const chapter of chapters) {
    visit(chapter.body, 'element', (node: Element) => {
      const pixels = node.tagName === 'img' ? pixelsOf(node) : undefined;
      if (pixels) images.push({ file: chapter.manuscript.file, line: node.position?.start.line, src: String(node.properties.src), ...pixels });
    });
  }
  return images;
}
