import type { Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

const CJK = String.raw`\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014`;
/** A space between a Han character (or full-width mark) and a Latin letter, digit or sign, either way round. */
const SPACE_AFTER_CJK = new RegExp(String.raw`(?<=[${CJK}])[ \t]+(?=[^\s${CJK}])`, 'gu');
const SPACE_BEFORE_CJK = new RegExp(String.raw`(?<=[^\s${CJK}])[ \t]+(?=[${CJK}])`, 'gu');

/**
 * rehype plugin: the spaces a contributor typed between Han text and Latin letters or digits (“地址是
 * https://… ，测试”, “版本 2.0”) are dropped. The stylesheet's `text-autospace` puts its own gap
 * (an eighth of an em) between Han and Latin, and none next to a full-width mark, as clreq asks; a
 * typed space would add a second, wider gap, and before a mark a gap where none belongs. Spaces
 * between Latin words, and everything in code, stay.
 */
export default function rehypeCjkSpaces() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (node.type === 'element' && ['pre', 'code', 'kbd', 'rt', 'rp'].includes(node.tagName)) return SKIP;
      if (node.type !== 'text') return undefined;
      const text = node as Text;
      // Across an inline element's edge too: “执行 `npm install` 即可”.
      const before = index !== undefined && index > 0 ? toString(parent?.children[index - 1]).slice(-1) : '';
      const after = index !== undefined ? toString(parent?.children[index + 1]).slice(0, 1) : '';
      text.value = dropCjkSpaces(before + text.value + after).slice(before.length, after ? -after.length || undefined : undefined);
      return undefined;
    });
  };
}

function toString(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node && Array.isArray(node.children)) return node.children.map(toString).join('');
  return '';
}

export function dropCjkSpaces(text: string): string {
  return text.replace(SPACE_AFTER_CJK, '').replace(SPACE_BEFORE_CJK, '');
}
