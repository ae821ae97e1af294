import { z } from 'zod';
import { isbnProblem } from './isbn.js';
import { plainText } from './plain-text.js';

/**
 * book.yaml's `colophon:` — the 版权页 (版本记录, GB/T 12450-2001) and, for a published book, its CIP
 * data (图书在版编目数据, GB/T 12451). Every field is printed only when given; 开本, 印张 and 字数 are
 * computed (render/colophon.ts).
 */

const yearMonth = z
  // The message twice, as for isoDate: a text value reports the string branch's own issue.
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a month written as YYYY-MM')], { error: 'a month written as YYYY-MM' })
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 7) : value.slice(0, 7)));

/** 邮政编码: six digits. YAML reads 010010 unquoted as the number 10010, so a short number asks for quotes. */
const postcode = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().regex(/^\d{6}$/, 'a postcode of six digits, such as "750001" (in quotes when it starts with 0)'),
);

/** 网址: a host name with a dot, with or without http(s)://, no spaces. */
const webAddress = plainText.regex(/^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d{1,5})?(\/\S*)?$/u, 'a web address such as www.example.com or https://www.example.com');

/**
 * A unit named on the 版权页 (出版, 发行, 排版, 印刷): its name as plain text, as book.yaml always
 * allowed, or `{ name, address, postcode, url }` when its 地址, 邮政编码 and 网址 are printed too.
 */
const organizationFields = {
  address: plainText.trim().min(1).optional(),
  postcode: postcode.optional(),
  url: webAddress.optional(),
};
const asName = (value: unknown) => (typeof value === 'string' ? { name: value } : value);
const organization = z.preprocess(asName, z.object({ name: plainText.trim().min(1), ...organizationFields }).strict());
/** The publisher's name may come from book.yaml's `publisher:` (title page and cover). */
const publisherOrganization = z.preprocess(asName, z.object({ name: plainText.trim().min(1).optional(), ...organizationFields }).strict());

export type Organization = { name?: string | undefined; address?: string | undefined; postcode?: string | undefined; url?: string | undefined };

/** 责任编辑, 封面设计, 责任校对: one name, or a list of names (printed one em apart). */
const people = z
  .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(plainText).min(1, 'a name, or a list of names such as [张三, 李四]').max(12))
  .refine((list) => list.every((name) => name.trim()), { message: 'has an empty name: write a name, or a list of names such as [张三, 李四]' })
  .transform((list) => list.map((name) => name.trim()));

const CIP_HEADING = /^\s*图书在版编目\s*[（(]\s*CIP\s*[）)]\s*数据\s*$/i;
const CIP_NUMBER = /^\s*中国版本图书馆\s*CIP\s*数据核字\s*[（(〔［[]\s*(\d{4})\s*[）)〕］\]]\s*第?\s*(\d{1,9})\s*号?\s*$/i;

/** 图书在版编目数据 as printed: the catalogue lines as given and the 核字 line, written the standard way. */
export interface CipData {
  /** The catalogue's lines, in order; an empty string stands for a blank line between its parts. */
  lines: string[];
  /** 中国版本图书馆CIP数据核字（2024）第123456号. */
  number: string;
}

/**
 * The CIP data as the CIP certificate gives it, pasted as a block: the catalogue lines and the line
 * 中国版本图书馆CIP数据核字（2024）第123456号 (required). A heading line 图书在版编目（CIP）数据, if pasted
 * with it, is dropped: the colophon prints its own. Returns what is wrong as a sentence otherwise.
 */
export function parseCip(text: string): CipData | string {
  let number: string | undefined;
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trimEnd())) {
    const match = CIP_NUMBER.exec(line);
    if (match) {
      if (number) return 'has two lines 中国版本图书馆CIP数据核字…; keep the one of this book';
      number = `中国版本图书馆CIP数据核字（${match[1]}）第${match[2]}号`;
    } else if (!CIP_HEADING.test(line) && (line.trim() || (lines.length && lines[lines.length - 1] !== ''))) {
      lines.push(line.trim() ? line : '');
    }
  }
  while (lines[lines.length - 1] === '') lines.pop();
  if (!number) return 'needs the line 中国版本图书馆CIP数据核字（2024）第123456号 from the CIP certificate, below the catalogue text';
  if (!lines.length) return 'has no catalogue text: paste the whole CIP data from the certificate (书名 / 责任者. -- 出版地：出版者，年月 …)';
  return { lines, number };
}

const cip = plainText.transform((text, context): CipData => {
  const parsed = parseCip(text);
  if (typeof parsed === 'string') {
    context.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

export const colophonSchema = z
  .object({
    /** title-verso: on the back of the title page (the usual place); end: the last page of the book. */
    placement: z.enum(['title-verso', 'end']).default('title-verso'),
    /** 图书在版编目（CIP）数据, as the CIP certificate gives it (a published book only). */
    cip: cip.optional(),
    /** 责任编辑, 封面设计, 责任校对. */
    responsibleEditor: people.optional(),
    coverDesign: people.optional(),
    proofreader: people.optional(),
    /** 出版 (编印单位 of an internal publication): name (default: book.yaml's `publisher`), address, postcode, web address. */
    publisher: publisherOrganization.optional(),
    /** 发行单位, 排版单位 (typesetter), 印刷单位: a name, or { name, address, postcode, url }. */
    distributor: organization.optional(),
    typesetter: organization.optional(),
    printer: organization.optional(),
    /** 版次 and the month of that edition (YYYY-MM; default the book's date). */
    edition: z.number().int().min(1).max(99).default(1),
    editionDate: yearMonth.optional(),
    /** 印次 and the month of that printing (YYYY-MM; default the book's date). */
    impression: z.number().int().min(1).max(999).default(1),
    impressionDate: yearMonth.optional(),
    /** 印数: a number of copies, or a range such as "1—3000". */
    copies: z.union([z.number().int().min(1), plainText.min(1)]).optional(),
    /** 书号 (ISBN), checked; or, for an internal publication, the 准印证号 (then “内部资料 免费交流” is printed). */
    isbn: z
      .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
      .refine((text) => isbnProblem(text) === undefined, { error: (issue) => `not a valid ISBN: ${isbnProblem(String(issue.input))}` })
      .optional(),
    permit: plainText.min(1).optional(),
    /** 定价, as printed (e.g. "48.00元"); internal publications have none. */
    price: plainText.min(1).optional(),
  })
  .strict()
  .refine((colophon) => !(colophon.isbn && colophon.permit), { error: 'give either isbn (a published book) or permit (准印证号, an internal publication), not both', path: ['permit'] })
  .refine((colophon) => !colophon.cip || colophon.isbn, {
    error: 'CIP data (图书在版编目数据) belongs to a published book: give colophon.isbn too (an internal publication with a 准印证号 has none)',
    path: ['cip'],
  })
  .prefault({});

/** The colophon against the rest of book.yaml: a publisher's address needs the publisher's name somewhere. */
export function checkColophon(book: { publisher?: string | undefined; colophon: { publisher?: Organization | undefined } }, context: z.RefinementCtx): void {
  if (book.colophon.publisher && !book.colophon.publisher.name && !book.publisher?.trim()) {
    context.addIssue({ code: 'custom', path: ['colophon', 'publisher'], message: 'has no name: add `name:` under it, or `publisher:` at the top of book.yaml' });
  }
}
