import type { Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { visit } from 'unist-util-visit';

/** A text node of prose (in a paragraph, heading, table cell or figure caption), with where it stands in the source. */
export interface ProseText {
  node: Text;
  /** Offset of the node's value in the source, when the value is the source verbatim (no escapes); else undefined. */
  offset: number | undefined;
}

/** Prose text nodes: not code, not front matter, not link URLs. */
export function proseTexts(tree: Root, source: string): ProseText[] {
  const texts: ProseText[] = [];
  visit(tree, 'text', (node: Text) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const verbatim = start !== undefined && end !== undefined && source.slice(start, end) === node.value;
    texts.push({ node, offset: verbatim ? start : undefined });
  });
  return texts;
}

/** Reports a message at `index` within a prose text (exact when the text is verbatim, else at the node). */
export function messageAt(file: VFile, text: ProseText, index: number, reason: string, ruleId: string, options: { error?: boolean } = {}): void {
  const place = text.offset === undefined ? text.node.position?.start : location(file).toPoint(text.offset + index);
  const message = file.message(reason, { place, ruleId, source: 'paiban' });
  message.fatal = options.error ? true : false;
}
