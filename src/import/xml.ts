import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { badInput } from './messages.js';

/** Deepest element nesting accepted in an Office part (real documents stay far below: tables in tables, text boxes). */
export const MAX_XML_DEPTH = 256;

/**
 * Parses one XML part of an Office file with a real XML parser (xmldom), bounded: no DTD at all
 * (Office parts never have one, so no entity expansion), no part nested deeper than MAX_XML_DEPTH.
 * The zip limits already bound its size.
 */
export function parseXml(bytes: Buffer, file: string, part: string): Document {
  const text = bytes.toString('utf8');
  if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) throw badInput.badXml(file, part, 'a DTD');
  const problems: string[] = [];
  const parser = new DOMParser({
    errorHandler: { warning: () => undefined, error: (message: string) => problems.push(message), fatalError: (message: string) => problems.push(message) },
  });
  let document: Document;
  try {
    document = parser.parseFromString(text, 'application/xml') as unknown as Document;
  } catch (error) {
    throw badInput.badXml(file, part, String((error as Error).message).split('\n')[0]!);
  }
  if (problems.length || !document?.documentElement) throw badInput.badXml(file, part, (problems[0] ?? 'no root element').split('\n')[0]!.replace(/^\[xmldom \w+\]\s*/, ''));
  if (depthOf(document.documentElement) > MAX_XML_DEPTH) throw badInput.tooDeep(file, part);
  return document;
}

export function serializeXml(document: Document): string {
  return new XMLSerializer().serializeToString(document as never);
}

function depthOf(root: Element): number {
  let deepest = 0;
  const stack: [Element, number][] = [[root, 1]];
  while (stack.length) {
    const [element, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (depth > MAX_XML_DEPTH) return depth;
    for (const child of childElements(element)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function childElements(element: Element, name?: string): Element[] {
  const found: Element[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (name === undefined || (child as Element).nodeName === name)) found.push(child as Element);
  }
  return found;
}

export function firstChild(element: Element | undefined, name: string): Element | undefined {
  if (!element) return undefined;
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (child as Element).nodeName === name) return child as Element;
  }
  return undefined;
}

/** Every element below `root` in document order (iteratively: depth is bounded, but recursion is not needed). */
export function descendants(root: Element, name?: string): Element[] {
  const found: Element[] = [];
  const stack: Element[] = childElements(root).reverse();
  while (stack.length) {
    const element = stack.pop()!;
    if (name === undefined || element.nodeName === name) found.push(element);
    stack.push(...childElements(element).reverse());
  }
  return found;
}

export function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name);
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** The text of the w:t (and, when asked, w:delText) elements below an element. */
export function wordText(element: Element, withDeleted = false): string {
  return descendants(element)
    .filter((e) => e.nodeName === 'w:t' || (withDeleted && e.nodeName === 'w:delText'))
    .map((e) => e.textContent ?? '')
    .join('');
}
