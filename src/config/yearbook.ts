/**
 * What `kind: yearbook` changes when book.yaml says nothing: a 地方综合年鉴 is commonly 大16开, its body
 * 小五 (9 pt) 宋体, its parts (部类) in two columns, its TOC down to the 条目, an index in three columns (YEARBOOK.md). Every value
 * book.yaml gives wins; these fill only what it leaves out.
 */
export const YEARBOOK_DEFAULTS = {
  page: { size: '大16开' },
  fonts: { size: 9 },
  layout: { columns: 2 },
  toc: { depth: 3 },
  // The 编纂出版规定 asks a yearbook for an index; three columns on a 大16开 page (`index: false`: none).
  index: { columns: 3 },
} as const;

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/** book.yaml's data with a kind's defaults filled in where it has no value (deeply, objects only). */
export function withKindDefaults(data: unknown): unknown {
  if (!isPlain(data) || data['kind'] !== 'yearbook') return data;
  const fill = (into: Plain, defaults: Plain): Plain => {
    const out: Plain = { ...into };
    for (const [key, value] of Object.entries(defaults)) {
      if (out[key] === undefined) out[key] = value;
      else if (isPlain(out[key]) && isPlain(value)) out[key] = fill(out[key] as Plain, value);
    }
    return out;
  };
  return fill(data, YEARBOOK_DEFAULTS as unknown as Plain);
}
