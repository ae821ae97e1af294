import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { removeFile, writeFileSafely } from '../files/write.js';
import { encodePng } from '../proof/png.js';
import { rasterize } from '../proof/raster.js';
import { pageKeys } from './page-keys.js';

/** One printed page as the preview shows it. */
export interface PreviewPage {
  /** 1-based. */
  page: number;
  /** File name in the image folder: `p7-<pixel hash>.png`, so it changes exactly when the pixels do. */
  name: string;
  width: number;
  height: number;
}

export interface PageUpdate {
  pages: PreviewPage[];
  /** Pages whose image changed (new pixels), 1-based. */
  changed: number[];
  /** Pages rendered to find out (a superset of `changed`; a page between two wanted ones may be rendered too). */
  rendered: number;
  seconds: number;
}

/** Names the image folder holds and the server may serve: nothing else matches. */
export const PAGE_IMAGE_NAME = /^p(\d{1,6})-([0-9a-f]{20})\.png$/;

/**
 * The preview's page images, kept up to date with the printed PDF. Each update renders (PDFium) only the
 * pages whose content changed since the last one (`pageKeys`), or every page when asked (a style or
 * template change can alter a page without changing its content stream), then keeps the old image of
 * any page whose pixels came out the same.
 */
export class PageImages {
  private pages: PreviewPage[] = [];
  private contentKeys: string[] = [];

  constructor(
    readonly dir: string,
    readonly dpi: number,
  ) {}

  get current(): readonly PreviewPage[] {
    return this.pages;
  }

  /** The content key of each current page (pageKeys): equal keys, same printed text in the same places. */
  get keys(): readonly string[] {
    return this.contentKeys;
  }

  /** The file behind an image name, if it is one of the current pages. */
  file(name: string): string | undefined {
    if (!PAGE_IMAGE_NAME.test(name) || !this.pages.some((page) => page.name === name)) return undefined;
    return path.join(this.dir, name);
  }

  async update(pdfFile: string, options: { all?: boolean } = {}): Promise<PageUpdate> {
    const started = performance.now();
    const keys = await pageKeys(await readFile(pdfFile));
    const wanted = keys.map((key, index) => index + 1).filter((page) => options.all || keys[page - 1] !== this.contentKeys[page - 1] || !this.pages[page - 1]);
    const next: (PreviewPage | undefined)[] = keys.map((_key, index) => this.pages[index]);
    const changed: number[] = [];
    let rendered = 0;
    await inTurn(renderRanges(wanted), JOBS, async ([first, last]) => {
      for await (const image of rasterize(pdfFile, { dpi: this.dpi, first, last })) {
        rendered += 1;
        const hash = createHash('sha1').update(image.data).digest('hex').slice(0, 20);
        const name = `p${image.page}-${hash}.png`;
        if (this.pages[image.page - 1]?.name === name) continue; // same pixels: the page keeps its image and URL
        await writeFileSafely(this.dir, path.join(this.dir, name), encodePng(image));
        next[image.page - 1] = { page: image.page, name, width: image.width, height: image.height };
        changed.push(image.page);
      }
    });
    this.pages = next.filter((page): page is PreviewPage => page !== undefined);
    this.contentKeys = keys;
    await this.removeStale();
    return { pages: this.pages, changed: changed.sort((a, b) => a - b), rendered, seconds: (performance.now() - started) / 1000 };
  }

  /** Old images of this folder, the preview's private one (made by mkdtemp): everything in it is the preview's own. */
  private async removeStale(): Promise<void> {
    const keep = new Set(this.pages.map((page) => page.name));
    const names = await readdir(this.dir);
    await Promise.all(names.filter((name) => PAGE_IMAGE_NAME.test(name) && !keep.has(name)).map((name) => removeFile(this.dir, path.join(this.dir, name))));
  }
}

const JOBS = Math.min(2, availableParallelism());

/** Runs `work` on every item, at most `jobs` at a time. */
async function inTurn<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    try {
      while (!failed && next < items.length) await work(items[next++]!);
    } catch (error) {
      failed = true; // the other worker stops after its current range
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
}

/**
 * Render ranges for the wanted pages: neighbours (gaps of up to 2 pages, cheaper to render than to open
 * another range) share one range, and a long range is split in two, rendered side by side.
 */
export function renderRanges(pages: readonly number[], jobs = JOBS): [number, number][] {
  const ranges: [number, number][] = [];
  for (const page of [...pages].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && page - last[1] <= 3) last[1] = page;
    else ranges.push([page, page]);
  }
  if (ranges.length === 1 && jobs > 1) {
    const [first, last] = ranges[0]!;
    const count = last - first + 1;
    if (count >= 4) {
      const half = first + Math.ceil(count / 2);
      return [
        [first, half - 1],
        [half, last],
      ];
    }
  }
  return ranges;
}
