import path from 'node:path';
import type { VFile } from 'vfile';
import { isPaibanError } from '../util/errors.js';

/**
 * What `--json` prints, for scripts and CI: one JSON document on standard output, nothing else there.
 * Places are as the terminal shows them (relative to where paiban runs); severities are those of the
 * report (an error stops a build, a warning does not).
 */
export interface JsonProblem {
  file: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  rule?: string;
  message: string;
  hint?: string;
}

const shown = (file: string) => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);

/** Every message of a report (check's, the layout checks'), in the report's order. */
export function problemsOf(files: readonly VFile[]): JsonProblem[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      file: shown(file.path),
      ...(message.line ? { line: message.line } : {}),
      ...(message.column ? { column: message.column } : {}),
      severity: message.fatal ? ('error' as const) : ('warning' as const),
      ...(message.ruleId ? { rule: message.ruleId } : {}),
      message: message.reason,
      ...(message.note ? { hint: message.note } : {}),
    })),
  );
}

/** A command that stopped: its error as a problem (a PaibanError's place and hint; a bug as a bug). */
export function failureOf(error: unknown): JsonProblem {
  if (isPaibanError(error)) {
    return { file: error.file ? shown(error.file) : '', ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}), severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  return { file: '', severity: 'error', rule: 'bug', message: `paiban crashed; this is a bug: ${(error as Error).message ?? String(error)}` };
}

export const jsonText = (value: unknown): string => JSON.stringify(value, null, 2);

/** Runs a command body for `--json`: its document, or the error's, on standard output; exit 1 for a user's problem, 2 for a bug. */
export async function guardedJson(out: (line: string) => void, body: () => Promise<{ code: number; document: object }>): Promise<number> {
  try {
    const { code, document } = await body();
    out(jsonText(document));
    return code;
  } catch (error) {
    out(jsonText({ ok: false, problems: [failureOf(error)] }));
    return isPaibanError(error) ? 1 : 2;
  }
}
