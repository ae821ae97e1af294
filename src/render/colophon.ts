import { h } from 'hastscript';
import type { Element } from 'hast';
import type { BookConfig } from '../config/schema.js';

/** The colophon's rows (label, value), in the order Chinese 版权页 list them; empty ones are left out. */
export function colophonRows(config: BookConfig, info: { characters: number; date: string; generator: string }): [string, string][] {
  const { size } = config.page;
  const [year, month] = info.date.split('-');
  const rows: [string, string | undefined][] = [
    ['书名', config.title],
    ['副书名', config.subtitle],
    ['编者', config.editor],
    ['出版', config.publisher],
    ['开本', `${size.name}（${size.widthMm} mm × ${size.heightMm} mm）`],
    ['字数', `${Math.max(1, Math.round(info.characters / 1000))} 千字`],
    ['版次', `${year}年${Number(month)}月第1版`],
    ['关键词', config.keywords.join('；') || undefined],
    ['版权', config.rights],
    ['排版', info.generator],
  ];
  return rows.filter((row): row is [string, string] => Boolean(row[1]));
}

export function colophonFields(rows: readonly [string, string][]): Element[] {
  return rows.flatMap(([label, value]) => [h('div.colophon-field', [h('dt', label), h('dd', value)])]);
}
