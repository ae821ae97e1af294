import type { z } from 'zod';
import { nearestName } from '../util/edit-distance.js';

/** Plain-words messages for zod issues, shared by book.yaml and manuscript front matter. */

function keyName(issuePath: readonly PropertyKey[]): string {
  return issuePath.map(String).join('.');
}

/** Plain words for a zod issue: which key, what is wrong, what is allowed. */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.core.$ZodType): string {
  const key = keyName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, issue.path);
      const unknown = issue.keys.map((k) => `"${k}"`).join(', ');
      const within = key ? ` in "${key}"` : '';
      const near = issue.keys.length === 1 ? nearestName(String(issue.keys[0]), allowed) : undefined;
      return `Unknown key ${unknown}${within}.${near ? ` Did you mean "${near}"?` : ''}${allowed.length ? ` Allowed keys: ${allowed.join(', ')}.` : ''}`;
    }
    case 'invalid_value':
      return `"${key}" must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_type':
      return issue.input === undefined ? `"${key}" is missing: it is required.` : `"${key}" must be ${article(issue.expected)}.`;
    case 'too_small':
    case 'too_big':
      return `"${key}" ${boundWords(issue)}.`;
    case 'invalid_union':
      return `"${key}" must be ${issue.message}.`;
    default:
      return `"${key}": ${issue.message}`;
  }
}

/** "must be at most 24", "must have at least 1 item": zod's bounds in plain words. */
function boundWords(issue: z.core.$ZodIssue & { code: 'too_small' | 'too_big' }): string {
  const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
  const inclusive = issue.inclusive !== false;
  const limit = issue.code === 'too_big' ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
  const n = Number(bound);
  switch (issue.origin) {
    case 'string':
      return n === 1 && issue.code === 'too_small' ? 'must not be empty' : `must have ${limit} ${n} character${n === 1 ? '' : 's'}`;
    case 'array':
    case 'set':
      return `must have ${limit} ${n} item${n === 1 ? '' : 's'}`;
    default:
      return `must be ${limit} ${String(bound)}`;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = { string: 'text', number: 'a number', array: 'a list', object: 'a group of "key: value" lines', boolean: 'true or false' };
  return words[expected] ?? expected;
}

/** The keys an object in the schema allows, found by walking the schema along `issuePath`. */
function allowedKeys(root: z.core.$ZodType, issuePath: readonly PropertyKey[]): string[] {
  let schema = root;
  for (const step of issuePath) {
    const shape = objectShape(schema);
    const next = shape?.[String(step)];
    if (!next) return [];
    schema = next;
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | undefined {
  let current: z.core.$ZodType = schema;
  // Defaults, prefaults, optionals and pipes wrap the object; unwrap them.
  for (let depth = 0; depth < 5; depth += 1) {
    const def = current._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; out?: z.core.$ZodType };
    if (def.type === 'object') return def.shape;
    // A preprocessed value (a name given as plain text, read as { name }) is checked by the pipe's output schema.
    const inner = def.type === 'pipe' ? def.out : def.innerType;
    if (!inner) return undefined;
    current = inner;
  }
  return undefined;
}

