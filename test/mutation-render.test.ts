/**
 * The pure parts of render/: the 版权页's figures (开本, 印张, 字数) and rows, the TOC and the page
 * rules, as the reader of the book sees them. Written against the mutants that survived render.test,
 * press.test and onepass.test (`npm run mutate`).
 */
import { describe, expect, it } from 'vitest';
import { formatKaiben, formatYinzhang, kaibenOf, qianzi, yinzhang } from '../src/render/kaiben.js';

describe('印张: a started eighth of a sheet counts whole', () => {
  it('prints 21 pages of a 32开 book as 0.75 印张, not 0.625 (rounded half-up) or 0.65625 (exact)', () => {
    // 21 / 32 = 0.65625 = 5.25 eighths: the sixth eighth is started, so 6 eighths.
    expect(yinzhang(21, 32)).toBe(0.75);
    expect(formatYinzhang(yinzhang(21, 32))).toBe('0.75');
    // Just past a whole eighth: 17 pages of 16开 are 1.0625 → 1.125.
    expect(yinzhang(17, 16)).toBe(1.125);
    // On an eighth exactly nothing is added: 4 pages of 32开 are 0.125.
    expect(yinzhang(4, 32)).toBe(0.125);
    expect(yinzhang(1, 32)).toBe(0.125);
  });
});

describe('开本 and 印张 at the edges', () => {
  it('knows a standard trim within 1 mm either way, turned either way, and only when both sides match', () => {
    expect(kaibenOf({ widthMm: 149, heightMm: 211 })).toEqual({ sheet: [890, 1240], parts: 32 });
    expect(kaibenOf({ widthMm: 147, heightMm: 209 })).toEqual({ sheet: [890, 1240], parts: 32 });
    expect(kaibenOf({ widthMm: 210, heightMm: 148 })).toEqual({ sheet: [890, 1240], parts: 32 });
    // One side of 16开 (260 mm) with another width is a custom size: no 开数, the trim is printed.
    expect(kaibenOf({ widthMm: 150, heightMm: 260 })).toBeUndefined();
    expect(kaibenOf({ widthMm: 185, heightMm: 250 })).toBeUndefined();
    expect(formatKaiben({ widthMm: 150, heightMm: 260 })).toBe('150 mm × 260 mm');
  });

  it('gives no 印张 for a sheet of no parts, and 0 印张 / 0 千字 for no pages', () => {
    expect(yinzhang(21, 0)).toBe(0);
    expect(formatYinzhang(yinzhang(0, 32))).toBe('0');
    expect(String(qianzi(30, 25, 0))).toBe('0');
    expect(String(qianzi(-30, 25, 4))).toBe('0');
    expect(String(qianzi(30, -25, 4))).toBe('0');
  });
});
