/**
 * Rewrites the colour operators of a PDF content stream: RGB becomes CMYK. Written by hand because no
 * maintained npm package edits content streams; pdf-lib parses objects, not page content.
 *
 * The scanner knows just enough of the content-stream syntax to never touch what is not an operator:
 * literal strings (nested, escaped), hex strings, comments, dictionaries and arrays (operands), and
 * inline images (BI … ID binary EI). Only `rg`/`RG` (DeviceRGB) and `sc`/`scn`/`SC`/`SCN` after a `cs`/`CS`
 * that selected an RGB space are rewritten; the colour space state follows q/Q.
 */

export type Rgb = readonly [number, number, number];
export type Cmyk = readonly [number, number, number, number];

export interface ColourRewrite {
  /** The content stream as a latin1 string (one char per byte). */
  text: string;
  /** How many colour operators were rewritten. */
  rewritten: number;
}

interface Token {
  kind: 'operand' | 'operator';
  start: number;
  end: number;
  value: string;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** Splits a content stream into operand and operator tokens (composite operands as one token). */
export function* tokens(text: string): Generator<Token> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (WHITE.has(c)) {
      i += 1;
      continue;
    }
    const start = i;
    if (c === 0x25 /* % */) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i += 1;
      continue;
    }
    if (c === 0x28 /* ( */) {
      i = skipLiteral(text, i);
    } else if (c === 0x3c /* < */ && text[i + 1] === '<') {
      i = skipNested(text, i, '<<', '>>');
    } else if (c === 0x3c) {
      i = text.indexOf('>', i) + 1 || n;
    } else if (c === 0x5b /* [ */) {
      i = skipNested(text, i, '[', ']');
    } else if (c === 0x2f /* / */) {
      i += 1;
      while (i < n && !WHITE.has(text.charCodeAt(i)) && !DELIM.has(text.charCodeAt(i))) i += 1;
    } else {
      while (i < n && !WHITE.has(text.charCodeAt(i)) && !DELIM.has(text.charCodeAt(i))) i += 1;
      if (i === start) i += 1; // a stray delimiter such as ')' or '>': skip it
      const word = text.slice(start, i);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) && word !== 'true' && word !== 'false' && word !== 'null') {
        yield { kind: 'operator', start, end: i, value: word };
        if (word === 'ID') i = skipInlineImage(text, i);
        continue;
      }
    }
    yield { kind: 'operand', start, end: i, value: text.slice(start, i) };
  }
}

function skipLiteral(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') i += 1;
    else if (ch === '(') depth += 1;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Skips a nested [ ] or << >> operand, with the strings inside it. */
function skipNested(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  while (i < text.length) {
    if (text.startsWith(open, i)) {
      depth += 1;
      i += open.length;
    } else if (text.startsWith(close, i)) {
      depth -= 1;
      i += close.length;
      if (depth === 0) return i;
    } else if (text[i] === '(') i = skipLiteral(text, i);
    else if (open === '[' && text[i] === '<' && text[i + 1] !== '<') i = text.indexOf('>', i) + 1 || text.length;
    else i += 1;
  }
  return text.length;
}

/** After ID: one white-space byte, then binary data up to a white-space-delimited EI. */
function skipInlineImage(text: string, i: number): number {
  const end = /[\s]EI(?=[\s]|$)/g;
  end.lastIndex = i + 1;
  const match = end.exec(text);
  return match ? match.index + 3 : text.length;
}

export interface ColourSpaces {
  /** Names (without the slash) of the resource colour spaces that are RGB (ICCBased /N 3, CalRGB, DeviceRGB). */
  rgb: ReadonlySet<string>;
}

/** Formats a colour component with at most 4 decimals, no trailing zeros ("0", ".8", ".0431"). */
export function component(value: number): string {
  const rounded = Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000;
  if (rounded === 0 || rounded === 1) return String(rounded);
  return String(rounded).replace(/^0\./, '.');
}

/**
 * Rewrites every RGB colour of a content stream to CMYK with `toCmyk`. `cs`/`CS` selecting an RGB space
 * becomes `/DeviceCMYK cs`; `sc`/`scn` in it get four components. Anything else is copied as it is.
 */
export function rewriteColours(text: string, toCmyk: (rgb: Rgb) => Cmyk, spaces: ColourSpaces = { rgb: new Set() }): ColourRewrite {
  const parts: string[] = [];
  let copied = 0;
  let rewritten = 0;
  let operands: Token[] = [];
  // Whether the current fill / stroke colour space is an RGB one we turned into DeviceCMYK.
  let state = { fill: false, stroke: false };
  const saved: (typeof state)[] = [];
  const replace = (from: number, to: number, by: string) => {
    parts.push(text.slice(copied, from), by);
    copied = to;
    rewritten += 1;
  };
  const cmykOf = (values: Token[]) => {
    const rgb = values.map((t) => Number(t.value)) as unknown as Rgb;
    return toCmyk(rgb).map(component).join(' ');
  };
  for (const token of tokens(text)) {
    if (token.kind === 'operand') {
      operands.push(token);
      continue;
    }
    const op = token.value;
    const last = operands.slice(-3);
    if ((op === 'rg' || op === 'RG') && last.length === 3 && last.every(isNumber)) {
      replace(last[0]!.start, token.end, `${cmykOf(last)} ${op === 'rg' ? 'k' : 'K'}`);
    } else if (op === 'cs' || op === 'CS') {
      const name = operands[operands.length - 1]?.value.slice(1) ?? '';
      const isRgb = name === 'DeviceRGB' || spaces.rgb.has(name);
      state = { ...state, [op === 'cs' ? 'fill' : 'stroke']: isRgb };
      if (isRgb) replace(operands[operands.length - 1]!.start, token.end, `/DeviceCMYK ${op}`);
    } else if ((op === 'sc' || op === 'scn' || op === 'SC' || op === 'SCN') && (op.toLowerCase() === op ? state.fill : state.stroke)) {
      if (last.length === 3 && last.every(isNumber)) replace(last[0]!.start, token.end, `${cmykOf(last)} ${op}`);
    } else if (op === 'q') {
      saved.push(state);
    } else if (op === 'Q') {
      state = saved.pop() ?? { fill: false, stroke: false };
    }
    operands = [];
  }
  parts.push(text.slice(copied));
  return { text: parts.join(''), rewritten };
}

function isNumber(token: Token): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token.value);
}

/** The RGB colours (as `rg`/`RG` operands) a content stream uses, for converting them in one batch. */
export function rgbColours(text: string, spaces: ColourSpaces = { rgb: new Set() }): Rgb[] {
  const found: Rgb[] = [];
  rewriteColours(text, (rgb) => {
    found.push(rgb);
    return [0, 0, 0, 0];
  }, spaces);
  return found;
}

/** True when an RGB colour is a grey (what browsers write for black, #333, #666…). */
export function isNeutral([r, g, b]: Rgb, tolerance = 0.004): boolean {
  return Math.abs(r - g) <= tolerance && Math.abs(g - b) <= tolerance && Math.abs(r - b) <= tolerance;
}

/** A grey as a tint of black ink only: K = 1 − lightness, C = M = Y = 0. */
export function greyAsK([r, g, b]: Rgb): Cmyk {
  return [0, 0, 0, 1 - (r + g + b) / 3];
}

/** The 8-bit #rrggbb of an RGB colour in 0…1 (how CSS wrote it; Chromium writes 4 decimals). */
export function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0')).join('')}`;
}
