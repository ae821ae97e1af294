import { pathToFileURL } from 'node:url';
import type { BookConfig } from '../config/schema.js';
import { resolveInsideBook } from '../files/paths.js';
import { fontVariables } from './page-rules.js';
import { escapeHtml, fillTemplate, readAsset } from './template.js';

/** Safe distance of cover text from the trim, mm. */
const SAFE_MM = 15;

/**
 * The cover (front, then back) as one HTML document whose pages are the trim size plus `bleedMm` on
 * every side, the colour reaching the page edge. The PDF's TrimBox later marks the trim.
 * `fontFaces`: the book's @font-face rules (its subsets hold the cover's characters too).
 */
export async function renderCoverHtml(bookDir: string, config: BookConfig, bleedMm: number, fontFaces = ''): Promise<string> {
  const [template, stylesheet] = await Promise.all([readAsset(bookDir, 'templates', 'cover.html'), readAsset(bookDir, 'styles', 'cover.css')]);
  const width = config.page.size.widthMm + 2 * bleedMm;
  const height = config.page.size.heightMm + 2 * bleedMm;
  const vertical = config.writing === 'vertical';
  const variables = `:root {
  --cover-width: ${width}mm;
  --cover-height: ${height}mm;
  --cover-inline-size: ${vertical ? height : width}mm;
  --cover-block-size: ${vertical ? width : height}mm;
  --bleed: ${bleedMm}mm;
  --safe: ${SAFE_MM}mm;
  --cover-color: ${config.cover.color};
}`;
  const image = config.cover.image
    ? `<img class="cover-image" src="${escapeHtml(pathToFileURL(await resolveInsideBook(bookDir, config.cover.image, { file: 'book.yaml' })).href)}" alt="">`
    : '';
  return fillTemplate(
    template.text,
    {
      language: config.language,
      writing: config.writing,
      title: config.title,
      subtitle: config.subtitle,
      year: config.year === undefined ? undefined : String(config.year),
      publisher: config.publisher,
      editor: config.editor,
      image,
      fontFaces,
      stylesheet: `${fontVariables(config)}\n${variables}\n${stylesheet.text}`,
    },
    template.file,
  );
}
