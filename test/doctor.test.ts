/**
 * `paiban doctor` on machines made for it: what is there, what is missing and what that stops, and the
 * exit code (1 only when a piece paiban needs is missing; mutool is optional).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, onPath, runDoctor, thisMachine, type Machine } from '../src/cli/doctor.js';
import { run } from './helpers/cli.js';

/** This machine, with some files taken away and others added. */
function machine(change: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; node?: string; gone?: (file: string) => boolean; added?: string[]; unresolved?: string[] }): Machine {
  const real = thisMachine();
  return {
    env: change.env ?? {},
    platform: change.platform ?? 'linux',
    nodeVersion: change.node ?? '20.11.0',
    exists: (file) => (change.added ?? []).includes(file) || (existsSync(file) && !(change.gone?.(file) ?? false)),
    resolve: (specifier) => ((change.unresolved ?? []).includes(specifier) ? undefined : real.resolve(specifier)),
  };
}
const state = (findings: ReturnType<typeof diagnose>, what: string) => findings.find((f) => f.what === what)!;

describe('paiban doctor', () => {
  it('finds everything on a machine that has it, mutool only as a speed-up', () => {
    const findings = diagnose(machine({ env: { PAIBAN_CHROMIUM: '/opt/chrome/chrome', PATH: '/opt/bin' }, added: ['/opt/chrome/chrome', '/opt/bin/mutool'] }));
    expect(findings.map((f) => [f.what, f.state])).toEqual([
      ['Node.js', 'ok'],
      ['browser', 'ok'],
      ['fonts', 'ok'],
      ['PDF reader', 'ok'],
      ['colour', 'ok'],
      ['mutool', 'ok'],
    ]);
    expect(state(findings, 'browser').detail).toBe('/opt/chrome/chrome (named by PAIBAN_CHROMIUM)');
  });

  it('says what a Windows PC without Edge or Chrome cannot do, and how to fix it; a missing mutool stops nothing', () => {
    const io = { lines: [] as string[], out(line: string) { this.lines.push(line); }, err(line: string) { this.lines.push(line); } };
    const pc = machine({ platform: 'win32', env: { Path: 'C:\\Windows\\system32', ProgramFiles: 'C:\\Program Files' }, gone: (file) => /msedge|chrome/i.test(file) });
    expect(runDoctor(io, pc)).toBe(1);
    const text = io.lines.join('\n');
    expect(text).toMatch(/✗ browser +No Chromium-family browser/);
    expect(text).toContain('→ build, proof and preview print with it. Install Microsoft Edge or Google Chrome');
    expect(text).toMatch(/· mutool +not installed: the layout checks read the printed characters with PDFium/);
    expect(text).toContain('1 missing: see → above.');
  });

  it('reports an old Node, a missing PDF reader and missing colour profiles, each with what it stops', () => {
    const findings = diagnose(machine({ node: '18.19.0', unresolved: ['@embedpdf/pdfium/pdfium.wasm'], gone: (file) => file.endsWith('FOGRA39L_coated.icc'), env: { PAIBAN_CHROMIUM: '/usr/bin/true' } }));
    expect(state(findings, 'Node.js')).toMatchObject({ state: 'missing', detail: '18.19.0: paiban needs 20 or newer' });
    expect(state(findings, 'PDF reader')).toMatchObject({ state: 'missing', hint: expect.stringContaining('layout checks, proof, diff, comments and verify') });
    expect(state(findings, 'colour')).toMatchObject({ state: 'missing', detail: `missing: ${path.join('profiles', 'FOGRA39L_coated.icc')}` });
    expect(state(findings, 'fonts').state).toBe('ok');
  });

  it('reports a font family whose files are gone', () => {
    const findings = diagnose(machine({ gone: (file) => /LXGW/i.test(file), env: { PAIBAN_CHROMIUM: '/usr/bin/true' } }));
    expect(state(findings, 'fonts')).toMatchObject({ state: 'missing', detail: 'not installed: LXGW WenKai' });
  });

  it('looks a program up on PATH as the shell does (.exe and ; on Windows)', () => {
    expect(onPath('mutool', machine({ platform: 'win32', env: { Path: 'C:\\tools;D:\\mupdf' }, added: ['D:\\mupdf\\mutool.exe'] }))).toBe('D:\\mupdf\\mutool.exe');
    expect(onPath('mutool', machine({ env: { PATH: '/a:/b' }, added: ['/b/mutool'] }))).toBe('/b/mutool');
    expect(onPath('mutool', machine({ env: { PATH: '/a' } }))).toBeUndefined();
  });

  it('runs as a command: exit 0 on this machine, which has everything', async () => {
    const result = await run(['doctor']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Everything paiban needs is here.');
  });
});
