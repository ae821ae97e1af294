import { z } from 'zod';
import { PAGE_SIZE_HELP, parsePageSize } from './page-size.js';
import { FONT_FAMILIES } from './fonts.js';
import { MIN_MARGIN_MM, typeArea } from './grid.js';
import { COVER_COLOUR_HELP, parseCoverColour } from './cover-colour.js';
import { plainText, titleText } from './plain-text.js';
import { checkColophon, colophonSchema } from './colophon.js';

/** Millimetres: a plain number, or a string like "18mm". */
const millimetres = z.union([
  z.number().min(0).max(100),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*mm\s*$/i, 'a length in millimetres such as 18 or "18mm"')
    .transform((text) => Number.parseFloat(text)),
], { error: 'a length in millimetres from 0 to 100, such as 18 or "18mm"' });

const pageSize = z.string().transform((text, context) => {
  const size = parsePageSize(text);
  if (!size) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a page size. Allowed: ${PAGE_SIZE_HELP}` });
    return z.NEVER;
  }
  return size;
});

/** Aliases (*name) allowed in one YAML document: plenty for repeating a value, far too few for a bomb. */
export const MAX_ALIAS_COUNT = 100;

/** True for a real calendar day written YYYY-MM-DD (2024-02-30 and 2024-13-45 are not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isoDate = z
  // The message twice: zod reports the string branch's own issue when the value is text.
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written as YYYY-MM-DD')], { error: 'a date written as YYYY-MM-DD' })
  .refine((value) => (value instanceof Date ? !Number.isNaN(value.getTime()) : isCalendarDate(value)), { message: 'is not a day of the calendar (write YYYY-MM-DD, e.g. 2024-12-31)' })
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value));

export { plainText, titleText };

/**
 * What `paiban build` writes: the book (pdf), its HTML, the imposed booklet, the cover, print-ready
 * variants (bleed, crop marks, TrimBox/BleedBox) of the book and the cover, and the PDF/A-3b archive
 * with the sources inside. A manifest of inputs and outputs (out/<name>.manifest.json) is always written.
 */
export const OUTPUT_FORMATS = ['pdf', 'html', 'booklet', 'cover', 'print', 'archive'] as const;

/**
 * book.yaml. Every key is optional except the title, so a new book needs two lines; `.strict()`
 * everywhere so a misspelt key is an error rather than silently ignored.
 */
export const bookSchema = z
  .object({
    title: titleText,
    subtitle: plainText.optional(),
    editor: plainText.optional(),
    publisher: plainText.optional(),
    year: z.number().int().min(1000).max(9999).optional(),
    /** Fixes the PDF's dates (unless SOURCE_DATE_EPOCH is set), so rebuilds are byte-identical. */
    date: isoDate.optional(),
    language: z.enum(['zh-Hans', 'zh-CN', 'zh-Hant', 'zh-TW', 'zh-HK']).default('zh-Hans'),
    description: plainText.optional(),
    keywords: z.array(plainText).default([]),
    rights: plainText.optional(),
    page: z
      .object({
        size: pageSize.default({ name: 'A5', widthMm: 148, heightMm: 210 }),
        margins: z
          .object({
            top: millimetres.default(20),
            bottom: millimetres.default(22),
            inner: millimetres.default(20),
            outer: millimetres.default(16),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** horizontal (横排, left to right) or vertical (竖排, columns right to left). */
    writing: z.enum(['horizontal', 'vertical']).default('horizontal'),
    vertical: z
      .object({
        /** mixed: 1–2 digits upright in one em, longer numbers sideways (clreq); upright: every digit upright; chinese: numbers written as Chinese numerals (二〇二四年, 十二月). */
        digits: z.enum(['mixed', 'upright', 'chinese']).default('mixed'),
      })
      .strict()
      .prefault({}),
    fonts: z
      .object({
        body: z.enum(FONT_FAMILIES).default('Noto Serif SC'),
        heading: z.enum(FONT_FAMILIES).default('Noto Sans SC'),
        caption: z.enum(FONT_FAMILIES).default('LXGW WenKai'),
        /** Body size in points; 10.5 pt is 五号, the usual size for Chinese books. */
        size: z.number().min(6).max(24).default(10.5),
        /** Line height as a multiple of the font size. */
        leading: z.number().min(1).max(3).default(1.75),
      })
      .strict()
      .prefault({}),
    /**
     * The type area (版心) as 字数 × 行数: characters per line and lines per page (columns in vertical books).
     * Default: as many as fit in the page, margins, size and leading. The bottom and outer margins are
     * recomputed so the area is exactly chars × size by lines × line pitch.
     */
    grid: z
      .object({
        chars: z.number().int().min(5).max(200).optional(),
        lines: z.number().int().min(3).max(200).optional(),
      })
      .strict()
      .prefault({}),
    chapters: z
      .object({
        /** Each chapter opens on a recto: a right-hand page, or a left-hand one in a vertical (right-to-left) book. */
        recto: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    figures: z
      .object({
        /**
         * A `::figure` without `src` is a caption whose picture is missing. false (the default): an error in
         * a build for print, a framed placeholder in a draft (`paiban build --draft`, the preview); true:
         * captions alone are intended (a newspaper's text whose photos did not come), printed as captions.
         */
        captionOnly: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** 图片专辑: the photo pages of a `role: plates` manuscript (pipeline/plates.ts). */
    plates: z
      .object({
        /** Print the folio on plate pages (they count either way); false, the default, as most 图片专辑 do: photo pages show none. */
        folio: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** A link out of the book prints its address after its text (`after`), or only its text (`none`). */
    links: z.enum(['after', 'none']).default('after'),
    lists: z
      .object({
        /** chinese: 一、 （一） 1. （1）, as official and reference texts number; arabic: 1. （1） ① a). */
        numbering: z.enum(['chinese', 'arabic']).default('chinese'),
      })
      .strict()
      .prefault({}),
    punctuation: z
      .object({
        /**
         * An opening bracket or quote at the start of a line other than a paragraph's first: `full` keeps
         * its em (the default of 方正书版 and of InDesign's Chinese composer: the line start stays aligned
         * to the grid), `half` sets it half width (clreq §3.1.6 allows both).
         */
        lineStart: z.enum(['full', 'half']).default('full'),
        /**
         * ！ and ？ next to another mark: `half` compresses ！” ？） ”！ as any adjacent pair (1.5 em) and sets
         * ？！ ！！ ？？ in one em (GB/T 15834—2011 §5.1, clreq §3.1.6.1); `full` keeps each a full em.
         */
        questionExclamation: z.enum(['half', 'full']).default('half'),
      })
      .strict()
      .prefault({}),
    cover: z
      .object({
        /** Background of the front and back cover: #rrggbb (converted with print.profile for the press) or cmyk(c m y k) in percent. */
        color: z.string().refine((text) => parseCoverColour(text) !== undefined, COVER_COLOUR_HELP).default('#7a1f1f'),
        /** A picture on the front cover, inside the book folder. */
        image: plainText.optional(),
      })
      .strict()
      .prefault({}),
    booklet: z
      .object({
        /** Sheet to impose on; default from the trim size (A5 → A4, 32开 → 16开, B5 → B4, 16开 → 8开). */
        sheet: plainText.optional(),
        /** Creep compensation in mm: how far the innermost pages move toward the spine (thick booklets). */
        creep: z.number().min(0).max(10).default(0),
        /** Pages per signature (a multiple of 4) for books too thick to saddle-stitch; default: one signature. */
        signatures: z.number().int().min(4).max(64).multipleOf(4).optional(),
      })
      .strict()
      .prefault({}),
    print: z
      .object({
        /** Bleed in mm on every side of the print-ready PDFs. */
        bleed: z.number().min(0).max(20).default(3),
        /** The CMYK characterization (ICC profile) the print files are made for: inside the book folder, or a system profile under /usr/share/color/. Default: FOGRA39L Coated, shipped with paiban (profiles/). */
        profile: plainText.min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** 版权页 (版本记录, GB/T 12450; CIP data, GB/T 12451): see config/colophon.ts. */
    colophon: colophonSchema,
    /** Manuscript files in reading order; when absent, every `manuscripts/*.md` by its `order`. */
    manuscripts: z.array(plainText.min(1)).optional(),
    /** book (the default) or yearbook: a 地方综合年鉴's frame, 条目 and defaults (see config/yearbook.ts). */
    kind: z.enum(['book', 'yearbook']).default('book'),
    layout: z
      .object({
        /** Columns of the body: 1, 2 or 3 (a manuscript's front matter `columns:` overrides it). */
        columns: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '1, 2 or 3' }).default(1),
        /** Space between columns, in em of the body size. */
        columnGap: z.number().min(0.5).max(6).default(2),
        /** A hairline between columns (never through a block that spans them). */
        columnRule: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** A yearbook's 条目 (`###` in a 类目). */
    entries: z
      .object({
        /** 条目 titles longer than this (characters) are warned about by `paiban check` (直述式, ideally ≤ 15 字). */
        maxTitle: z.number().int().min(4).max(100).default(15),
      })
      .strict()
      .prefault({}),
    toc: z
      .object({
        title: plainText.default('目录'),
        /** 1: chapters only; 2: chapters and their `##` sections; 3: and the `###` entries (a yearbook's 条目). */
        depth: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '1 (chapters only), 2 (and sections) or 3 (and entries)' }).default(2),
      })
      .strict()
      .prefault({}),
    /**
     * The subject index (索引) at the end of the book, when given: 条目 titles, table titles and figure
     * captions by default, and the terms marked `:index[…]` in the text; sorted by pinyin or by strokes.
     */
    index: z
      .union([
        z.literal(false),
        z
          .object({
            title: plainText.default('索引'),
            /** Sorted by the pinyin of each character, then its tone (汉语拼音 order); or by strokes (笔画). */
            sort: z.enum(['pinyin', 'stroke']).default('pinyin'),
            /** Columns of the index pages (three in a 大16开 yearbook is usual). */
            columns: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '1, 2 or 3' }).default(2),
            /** What is indexed besides the marked terms. */
            entries: z.boolean().default(true),
            tables: z.boolean().default(true),
            figures: z.boolean().default(true),
            /** Readings for the sort where the pinyin library's are wrong for the book (place names, surnames): 单县: shàn xiàn. */
            readings: z.record(plainText.min(1), z.string().regex(/^[a-zü:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ0-5 ]+$/i, 'pinyin syllables, with tone marks or tone numbers: "shàn xiàn" or "shan4 xian4"')).default({}),
          })
          .strict(),
      ])
      .optional(),
    output: z
      .object({
        /** File name of the outputs without extension: out/<name>.pdf. */
        name: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only')
          // Every output adds at most 30 characters (`.<name>-horizontal.layout.json`); file systems allow 255.
          .max(100, 'at most 100 characters')
          .default('book'),
        formats: z.array(z.enum(OUTPUT_FORMATS)).min(1).default(['pdf', 'html', 'booklet', 'cover']),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((book, context) => {
    checkColophon(book, context);
    // The grid must fit the page inside the top and inner margins, leaving the bottom and outer margins some room.
    const area = typeArea(book);
    const vertical = book.writing === 'vertical';
    const checks = [
      { key: 'chars', margin: vertical ? area.margins.bottom : area.margins.outer, side: vertical ? 'bottom' : 'outer' },
      { key: 'lines', margin: vertical ? area.margins.outer : area.margins.bottom, side: vertical ? 'outer' : 'bottom' },
    ] as const;
    for (const check of checks) {
      if (check.margin >= MIN_MARGIN_MM) continue;
      const given = book.grid[check.key];
      context.addIssue({
        code: 'custom',
        path: given === undefined ? ['page', 'margins'] : ['grid', check.key],
        message: `the type area does not fit the page: ${area.chars}字 × ${area.lines}行 leaves ${check.margin.toFixed(1)} mm for the ${check.side} margin (at least ${MIN_MARGIN_MM} mm)`,
      });
    }
    // A column narrower than 10 characters breaks nearly every phrase and number: no yearbook sets one.
    const { columns, columnGap } = book.layout;
    const columnChars = charsPerColumn(area.chars, columns, columnGap);
    if (columns > 1 && columnChars < MIN_COLUMN_CHARS) {
      context.addIssue({
        code: 'custom',
        path: ['layout', 'columns'],
        message: `${columns} columns of a ${area.chars}-character line hold ${columnChars} characters each (at least ${MIN_COLUMN_CHARS}): set fewer columns, a smaller columnGap, or a larger page or smaller type`,
      });
    }
  });

/** The fewest characters a line of a column may hold. */
export const MIN_COLUMN_CHARS = 10;

/** Characters a line of one column holds: the type area's line less the gaps (em), shared by the columns. */
export function charsPerColumn(lineChars: number, columns: number, gapEm: number): number {
  return Math.floor((lineChars - (columns - 1) * gapEm) / columns + 1e-6);
}

export type BookConfig = z.output<typeof bookSchema>;
export type BookConfigInput = z.input<typeof bookSchema>;
