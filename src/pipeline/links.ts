import type { Link, PhrasingContent, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';

/** What a printed book does with a link to a web page: print its address after the text, or only the text. */
export type ExternalLinks = 'after' | 'none';

/**
 * remark plugin: a link out of the book cannot be clicked on paper, so its address is printed after
 * its text, in full-width brackets: “平台开发者文档（https://docs.example.gov.cn/…）”. A link whose
 * text is its address prints once; `mailto:` prints the address. With `none` only the text stays.
 * Links inside the book (`#…`) are left for the HTML.
 */
export default function remarkExternalLinks(options: { links?: ExternalLinks } = {}) {
  const mode = options.links ?? 'after';
  return (tree: Root) => {
    visit(tree, 'link', (node: Link, index, parent) => {
      if (!parent || index === undefined || node.url.startsWith('#')) return undefined;
      const address = node.url.replace(/^mailto:/i, '');
      const shown = plain(node.children).trim();
      const replacement: PhrasingContent[] = [...node.children];
      if (mode === 'after' && shown !== address && shown !== node.url && address) replacement.push({ type: 'text', value: `（${address}）` });
      parent.children.splice(index, 1, ...(replacement as never[]));
      return [SKIP, index + replacement.length];
    });
  };
}

function plain(nodes: readonly PhrasingContent[]): string {
  return nodes.map((node) => ('value' in node ? node.value : 'children' in node ? plain(node.children as PhrasingContent[]) : '')).join('');
}
