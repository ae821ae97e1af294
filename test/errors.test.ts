import { describe, expect, it } from 'vitest';
import { PaibanError } from '../src/util/errors.js';
import { isInside } from '../src/files/paths.js';

describe('PaibanError', () => {
  it('shows file:line:column relative to the working folder when below it', () => {
    const error = new PaibanError('bad', { file: '/books/a/manuscripts/x.md', line: 3, column: 5, hint: 'fix it' });
    expect(error.format('/books/a')).toBe('manuscripts/x.md:3:5: bad\n  hint: fix it');
    expect(error.format('/elsewhere')).toBe('/books/a/manuscripts/x.md:3:5: bad\n  hint: fix it');
  });

  it('leaves out what it does not know', () => {
    expect(new PaibanError('bad', { file: 'a.md' }).format()).toBe('a.md: bad');
    expect(new PaibanError('bad', { file: 'a.md', column: 2 }).format()).toBe('a.md: bad');
    expect(new PaibanError('bad').format()).toBe('bad');
  });
});

describe('isInside', () => {
  it.each([
    ['/book', '/book/a.md', true],
    ['/book', '/book', true],
    ['/book', '/book/../etc', false],
    ['/book', '/bookshelf/a', false],
    ['/book', '/', false],
  ])('%s contains %s: %s', (root, target, expected) => {
    expect(isInside(root, target)).toBe(expected);
  });
});
