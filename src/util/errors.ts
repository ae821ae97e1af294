import path from 'node:path';

/**
 * The one error type a user should ever see. It names the file (and line) to open and says what to do,
 * so the CLI can print it as a single plain line instead of a stack trace.
 */
export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: number;
}

export class PaibanError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: ErrorPlace & { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaibanError';
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
  }

  /**
   * `file:line:column` (as much of it as is known), the form editors and terminals link to.
   * With `cwd`, a file below it is shown relative to it.
   */
  placeFrom(cwd?: string): string {
    if (!this.file) return '';
    let place = cwd && path.isAbsolute(this.file) && isBelow(cwd, this.file) ? path.relative(cwd, this.file) : this.file;
    if (this.line !== undefined) place += `:${this.line}`;
    if (this.line !== undefined && this.column !== undefined) place += `:${this.column}`;
    return place;
  }

  get place(): string {
    return this.placeFrom();
  }

  /** One line for the terminal, plus the hint on its own line when there is one. */
  format(cwd?: string): string {
    const place = this.placeFrom(cwd);
    const head = place ? `${place}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

export function isPaibanError(error: unknown): error is PaibanError {
  return error instanceof PaibanError;
}

function isBelow(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
