import { parseConfig } from '../../src/config/load.js';
import { PaibanError } from '../../src/util/errors.js';

/** The PaibanError an action throws (any other error is thrown on; none fails the test). */
export function errorOf(action: () => unknown): PaibanError {
  try {
    action();
  } catch (error) {
    if (error instanceof PaibanError) return error;
    throw error;
  }
  throw new Error('expected a PaibanError');
}

/** The PaibanError a book.yaml of this text gets. */
export function configError(text: string): PaibanError {
  return errorOf(() => parseConfig(text, 'book.yaml'));
}
