/**
 * The typefaces paiban can embed. All have TrueType outlines, which Chromium embeds as CID TrueType
 * subsets; CFF-outline fonts (Debian's Noto CJK, Source Han) would come out as Type 3 and fail preflight.
 */
export const FONT_PACKAGES = {
  'Noto Serif SC': { package: '@fontsource/noto-serif-sc', role: '宋体 (serif), for body text', weights: [400, 700] },
  'Noto Sans SC': { package: '@fontsource/noto-sans-sc', role: '黑体 (sans), for headings', weights: [400, 700] },
  'LXGW WenKai': { package: '@fontsource/lxgw-wenkai', role: '楷体 (kai), for captions and bylines', weights: [300, 500] },
} as const satisfies Record<string, { package: string; role: string; weights: readonly number[] }>;

export type FontFamily = keyof typeof FONT_PACKAGES;
export const FONT_FAMILIES = Object.keys(FONT_PACKAGES) as [FontFamily, ...FontFamily[]];
