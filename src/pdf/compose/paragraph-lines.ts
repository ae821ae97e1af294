/**
 * A paragraph's lines as the page fitting (grid-pages.ts) needs them: how many characters its last line
 * holds, and the paragraph cut in two before one of its lines (a chapter's opening page is a named page
 * of its own, so the paragraph that runs on from it is split where the page breaks).
 *
 * Serialized into the page with fitPagesInPage (it gets this factory as an argument): it must not use
 * anything outside its own body.
 */
export interface ParagraphLines {
  /** Characters of a paragraph and of its last line, from the line boxes' client rects. */
  lastLine(element: HTMLElement): { total: number; last: number };
  /** Splits a paragraph before its line `lines` (0-based); returns the new second part. */
  splitParagraph(element: HTMLElement, lines: number): HTMLElement | undefined;
}

export function paragraphLinesInPage(vertical: boolean, pitch: number, em: number): ParagraphLines {
    const lastLine = (element: HTMLElement): { total: number; last: number } => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = (element.textContent ?? '').replace(/\s+/g, '');
    const rects = Array.from(range.getClientRects());
    const across = (r: DOMRect) => (vertical ? -r.left : r.top);
    const lastAcross = Math.max(...rects.map(across));
    const along = (r: DOMRect) => (vertical ? r.height : r.width);
    const lastLength = rects.filter((r) => Math.abs(across(r) - lastAcross) < pitch / 2).reduce((sum, r) => sum + along(r), 0);
    return { total: text.length, last: Math.max(1, Math.round(lastLength / em)) };
  };

  const splitParagraph = (element: HTMLElement, lines: number): HTMLElement | undefined => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let firstAcross: number | undefined;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let offset = 0; offset < node.length; offset += 1) {
        if (!node.data[offset]!.trim()) continue;
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const across = vertical ? -rect.right : rect.top;
        firstAcross ??= across;
        if (Math.round((across - firstAcross) / pitch) < lines) continue;
        const rest = document.createRange();
        rest.setStart(node, offset);
        rest.setEndAfter(element.lastChild!);
        const tail = element.cloneNode(false) as HTMLElement;
        tail.append(rest.extractContents());
        element.after(tail);
        element.classList.add('grid-split-head');
        tail.classList.add('grid-split-tail');
        return tail;
      }
    }
    return undefined;
  };

  return { lastLine, splitParagraph };
}
