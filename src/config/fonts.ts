/**
 * The typefaces paiban can embed: full static font files, one per weight, subset per book to the
 * characters it prints (see src/fonts/). All have TrueType outlines, which Chromium embeds as CID
 * TrueType subsets; CFF-outline fonts (Debian's Noto CJK, Source Han) would come out as Type 3 and
 * fail preflight.
 *
 * `faces`: CSS weight → the font file (a path resolved through node's module resolution) and the
 * PostScript name the file carries, which the PDF shows.
 */
export const FONT_PACKAGES = {
  'Noto Serif SC': {
    package: '@expo-google-fonts/noto-serif-sc',
    role: '宋体 (serif), for body text',
    faces: {
      400: { file: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', postscriptName: 'NotoSerifSC-Regular' },
      700: { file: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', postscriptName: 'NotoSerifSC-Bold' },
    },
  },
  'Noto Sans SC': {
    package: '@expo-google-fonts/noto-sans-sc',
    role: '黑体 (sans), for headings',
    faces: {
      400: { file: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', postscriptName: 'NotoSansSC-Regular' },
      700: { file: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf', postscriptName: 'NotoSansSC-Bold' },
    },
  },
  'LXGW WenKai': {
    package: '@fontsource/lxgw-wenkai',
    role: '楷体 (kai), for captions and bylines',
    // The stylesheet sets captions at 500; fontsource ships LXGW WenKai Regular (usWeightClass 400) as
    // its "500" file. The .woff (zlib) decodes far faster than the .woff2 (Brotli in WebAssembly).
    faces: {
      500: { file: '@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff', postscriptName: 'LXGWWenKai-Regular' },
    },
  },
  'Noto Sans Mono': {
    package: '@expo-google-fonts/noto-sans-mono',
    role: '等宽 (monospace), for code: Latin only, its Han characters come from the heading face (see render/fonts.ts)',
    faces: {
      400: { file: '@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf', postscriptName: 'NotoSansMono-Regular' },
    },
  },
} as const satisfies Record<string, { package: string; role: string; faces: Readonly<Record<number, { file: string; postscriptName: string }>> }>;

export type FontFamily = keyof typeof FONT_PACKAGES;
/** The face of code. Not a choice of book.yaml: it has no Han characters. */
export const CODE_FONT_FAMILY: FontFamily = 'Noto Sans Mono';
/** The faces book.yaml may choose for body, headings and captions. */
export const FONT_FAMILIES = (Object.keys(FONT_PACKAGES) as FontFamily[]).filter((family) => family !== CODE_FONT_FAMILY) as [FontFamily, ...FontFamily[]];
