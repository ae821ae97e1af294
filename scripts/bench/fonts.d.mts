// Types of fonts.mjs, for test/bench.smoke.test.ts.
export function parseUnicodeRange(text: string): [number, number][];
export function usedCodePoints(...texts: string[]): Set<number>;
export function keepUsedFontFaces(html: string, extraText?: string): { html: string; rulesBefore: number; rulesAfter: number };
export function dropFontFaces(html: string): { html: string; rulesBefore: number; rulesAfter: number };
