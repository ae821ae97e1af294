/**
 * Limits on how deeply a manuscript nests, checked on the text before any parser sees it. The
 * Markdown parser takes time that grows much faster than the depth of nested lists and quotes (a
 * list 1,500 deep took 207 s and 2.3 GB), and the HTML tree walkers recurse (3,000 nested `>` or
 * `<div>` overflowed the stack). A real book nests a few levels; MAX_NESTING is far above that.
 * Written by hand: the scan must not itself parse.
 */
export const MAX_NESTING = 32;

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export interface NestingProblem {
  line: number;
  reason: string;
}

/**
 * The first line where block containers (quotes `>`, list items, by marker or by indentation) or raw
 * HTML elements nest deeper than MAX_NESTING, or undefined.
 */
export function nestingProblem(source: string): NestingProblem | undefined {
  const lines = source.split('\n');
  let htmlDepth = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const prefix = /^(?:[ \t]|>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*/.exec(line)![0];
    const markers = (prefix.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
    const indent = [...prefix].reduce((width, char) => width + (char === '\t' ? 4 : char === ' ' ? 1 : 0), 0);
    // Indentation nests only together with a marker (a nested list item); plain indented text is left alone.
    const depth = markers + (markers > 0 ? Math.floor(indent / 2) : 0);
    if (depth > MAX_NESTING) {
      return { line: index + 1, reason: `Lists or quotes are nested about ${depth} levels deep here; paiban accepts at most ${MAX_NESTING}` };
    }
    if (!line.includes('<')) continue;
    for (const match of line.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = match;
      if (selfClosing || VOID_ELEMENTS.has(name!.toLowerCase())) continue;
      htmlDepth = closing ? Math.max(0, htmlDepth - 1) : htmlDepth + 1;
      if (htmlDepth > MAX_NESTING) {
        return { line: index + 1, reason: `HTML elements are nested more than ${MAX_NESTING} levels deep here` };
      }
    }
  }
  return undefined;
}
