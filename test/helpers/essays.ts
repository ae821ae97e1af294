import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The book of two essays (the 利通区政协 articles, A5, one column) that most tests were written against:
 * their page counts, texts and reference images belong to it. The repository's own sample is now the
 * yearbook made from the same articles (book.yaml at the root); this is the essay book as it was, in a
 * folder of its own with its manuscripts, raw/ and book.yaml.
 */
export const ESSAYS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/essays');
