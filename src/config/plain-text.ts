import { z } from 'zod';
import { hasControlCharacters } from '../util/escape.js';

/**
 * Text from book.yaml or front matter. It reaches the terminal, HTML, CSS, XMP and the PDF's Info
 * dictionary; control characters (ESC sequences, bidi overrides) belong in none of them, so they are
 * refused here, at the source, and every output context escapes the rest.
 */
export const plainText = z.string().refine((text) => !hasControlCharacters(text, { allowLineBreaks: true }), {
  message: 'contains a control character (such as ESC or a bidi override); remove it',
});

/** A title: plain text with something to print (not empty, not only spaces, ASCII or ideographic). */
export const titleText = plainText.refine((text) => text.trim() !== '', { message: 'is empty or only spaces: write the title' });
