/**
 * Keeps the class of issue 24 fixed: every file paiban writes, renames or deletes goes through
 * src/files/ (write.ts: checked folders, exclusive temporary files, no link followed). A module outside
 * src/files/ that calls a node:fs function able to write, rename, delete, link or change a file fails
 * here, by name and line, whichever way it reaches it (named import, namespace, default, `promises`,
 * require or a dynamic import). `open` is allowed only for reading (a literal 'r' flag, or none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const FILES = path.join(SRC, 'files');

/** node:fs functions (callback, sync, promises and FileHandle forms) that change the file system. */
const WRITERS = new Set(
  [
    'writeFile', 'appendFile', 'rename', 'unlink', 'rm', 'rmdir', 'mkdir', 'mkdtemp', 'copyFile', 'cp', 'symlink', 'link',
    'truncate', 'ftruncate', 'chmod', 'lchmod', 'fchmod', 'chown', 'lchown', 'fchown', 'utimes', 'lutimes', 'futimes',
    'write', 'writev', 'createWriteStream', 'openAsBlob',
  ].flatMap((name) => [name, `${name}Sync`]),
);
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every direct use of a node:fs write function in a source text, as `line: what`. */
export function directWrites(text: string, name = 'x.ts'): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  /** Local names bound to one fs function (`import { rm as remove }`), and to the whole module (`import fs`, `import * as fs`). */
  const functions = new Map<string, string>();
  const modules = new Set<string>();
  const isFsModule = (node: ts.Node | undefined) => node !== undefined && ts.isStringLiteral(node) && FS_MODULES.has(node.text);
  const readOnlyOpen = (call: ts.CallExpression) => {
    const flag = call.arguments[1];
    return flag === undefined || (ts.isStringLiteral(flag) && flag.text === 'r');
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isFsModule(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause?.name) modules.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) modules.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (imported === 'promises') modules.add(element.name.text);
          else if (WRITERS.has(imported)) at(element, `imports ${imported}`);
          else functions.set(element.name.text, imported);
        }
      }
    }
    // require('fs') and import('node:fs/promises'): the module reached another way.
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) && isFsModule(node.arguments[0])) {
      at(node, 'loads node:fs dynamically');
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && modules.has(node.expression.text)) {
      const member = node.name.text;
      if (WRITERS.has(member)) at(node, `calls ${node.expression.text}.${member}`);
      if (member === 'promises') at(node, `reaches ${node.expression.text}.promises`);
      if ((member === 'open' || member === 'openSync') && ts.isCallExpression(node.parent) && !readOnlyOpen(node.parent)) at(node, `opens for writing`);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['open', 'openSync'].includes(functions.get(node.expression.text) ?? '') && !readOnlyOpen(node)) {
      at(node, 'opens for writing');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('every write goes through src/files/', () => {
  it('no module outside src/files/ calls a node:fs function that writes, renames or deletes', () => {
    const offenders = filesUnder(SRC)
      .filter((file) => !file.startsWith(FILES + path.sep))
      .flatMap((file) => directWrites(readFileSync(file, 'utf8'), file).map((where) => `${path.relative(ROOT, file)}:${where}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds each way of reaching a write function', () => {
    const cases: [string, boolean][] = [
      ["import { writeFile } from 'node:fs/promises';", true],
      ["import { rm as remove, readFile } from 'node:fs/promises';", true],
      ["import { renameSync } from 'fs';", true],
      ["import fs from 'node:fs';\nfs.unlinkSync('x');", true],
      ["import * as fs from 'node:fs';\nfs.mkdirSync('x');\nfs.readFileSync('y');", true],
      ["import { promises } from 'node:fs';\npromises.symlink('a', 'b');", true],
      ["import fs from 'node:fs';\nawait fs.promises.rm('x');", true],
      ["const fs = require('fs');", true],
      ["const fs = await import('node:fs/promises');", true],
      ["import { open } from 'node:fs/promises';\nawait open('x', 'w');", true],
      ["import { openSync } from 'node:fs';\nopenSync('x', flags);", true],
      ["import { createWriteStream } from 'node:fs';", true],
      // Reading is not writing.
      ["import { open, readFile, stat } from 'node:fs/promises';\nawait open('x', 'r');\nawait open('y');", false],
      ["import { realpathSync } from 'node:fs';\nimport { writeFileSafely } from '../files/write.js';", false],
    ];
    for (const [text, writes] of cases) expect(directWrites(text).length > 0, text).toBe(writes);
  });
});
