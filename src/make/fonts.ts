import path from 'node:path';
import type { BookConfig } from '../config/schema.js';
import { linkInside } from '../files/write.js';
import { outputRoot } from '../files/staging.js';
import { FONT_CACHE } from '../fonts/subset.js';
import { renderBookHtml, type BookContent, type Shell } from '../render/book.js';
import { renderCoverHtml } from '../render/cover.js';
import { prepareBookFonts, type BookFonts } from '../render/fonts.js';

/**
 * The book's fonts, made before the first print: every face subset to the characters the book and
 * its cover can print, in `<outDir>/.fonts`; the shell gets their @font-face rules. Stops the build
 * on a character no book font has. The characters come from the book as printed with its placeholders
 * (TOC numbers, colophon figures), which hold every glyph the real numbers can need: a subset made from
 * one build's real numbers could lack a placeholder's glyph, which Chromium would then draw in a system
 * font (Type 3).
 *
 * The rules name the subsets relative to the HTML's place in the output folder (`.fonts/…`), so the
 * HTML (and its hash in the manifest) is the same whatever folder the book is built in. The HTML is
 * printed from the staging folder, one level below: `stagingDir` gets a link `.fonts`
 * to the font cache so that the same relative URLs resolve there too. (The print's request filter
 * compares real paths, so the link's files count as the cache's, inside the output folder.)
 */
export async function prepareFonts(input: { bookDir: string; config: BookConfig; shell: Shell; content: BookContent; outDir: string; stagingDir: string }): Promise<BookFonts> {
  const { bookDir, config } = input;
  // The cover's characters always, whether or not this build prints it: the same book then embeds the
  // same subsets (and prints the same bytes) whatever output formats are asked for. Its image prints no text.
  const cover = await renderCoverHtml(bookDir, { ...config, cover: { ...config.cover, image: undefined } }, config.print.bleed);
  const cacheDir = path.join(input.outDir, FONT_CACHE);
  const fonts = await prepareBookFonts(config.fonts, [renderBookHtml(input.shell, input.content), cover], cacheDir, input.outDir);
  await linkInside(outputRoot(input.outDir), cacheDir, path.join(input.stagingDir, FONT_CACHE));
  input.shell.fontFaces = fonts.css;
  return fonts;
}
