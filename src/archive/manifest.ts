import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';

/**
 * The build manifest: what went in, what came out, with sizes and SHA-256, so an archive can be
 * checked years later without paiban. Deterministic: paths relative to the book folder with "/",
 * sorted by code unit (not locale), no timestamps but the build date, fixed key order.
 */

export interface ManifestFile {
  /** Relative to baseDir, with "/" separators. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'paiban-manifest/1';
  tool: { name: 'paiban'; version: string };
  chromium: string;
  /** ISO 8601 UTC, to the second. */
  buildDate: string;
  inputs: ManifestFile[];
  outputs: ManifestFile[];
}

export interface ManifestOptions {
  outputs: readonly string[];
  inputs: readonly string[];
  /** The book folder; every file must lie inside it. */
  baseDir: string;
  toolVersion: string;
  chromiumVersion: string;
  buildDate: Date;
}

export async function buildManifest(options: ManifestOptions): Promise<Manifest> {
  const base = path.resolve(options.baseDir);
  return {
    format: 'paiban-manifest/1',
    tool: { name: 'paiban', version: options.toolVersion },
    chromium: options.chromiumVersion,
    buildDate: options.buildDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    inputs: await describeFiles(base, options.inputs),
    outputs: await describeFiles(base, options.outputs),
  };
}

async function describeFiles(base: string, files: readonly string[]): Promise<ManifestFile[]> {
  const byPath = new Map<string, string>();
  for (const file of files) {
    const absolute = path.resolve(base, file);
    byPath.set(relativePath(base, absolute), absolute);
  }
  const sorted = [...byPath.keys()].sort(compareCodeUnits);
  return Promise.all(sorted.map((relative) => describeFile(relative, byPath.get(relative)!)));
}

async function describeFile(relative: string, absolute: string): Promise<ManifestFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new PaibanError(`${relative} cannot be read for the manifest.`, { file: absolute, cause: error });
  }
  return { path: relative, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A path inside `base`, "/"-separated; anything outside would make the manifest depend on the machine. */
function relativePath(base: string, absolute: string): string {
  const relative = path.relative(base, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new PaibanError(`${absolute} is outside the book folder ${base}; the manifest lists only files inside it.`, { file: absolute });
  }
  return relative.split(path.sep).join('/');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON with a fixed key order (the order of the Manifest interface, whatever order the object was
 * built in), two-space indent and a final newline: the same manifest always serializes to the same bytes.
 */
export function serializeManifest(manifest: Manifest): string {
  const file = (f: ManifestFile) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 });
  const ordered = {
    format: manifest.format,
    tool: { name: manifest.tool.name, version: manifest.tool.version },
    chromium: manifest.chromium,
    buildDate: manifest.buildDate,
    inputs: manifest.inputs.map(file),
    outputs: manifest.outputs.map(file),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
