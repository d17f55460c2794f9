/**
 * Fonts for synthetic images: the CJK fonts this machine has (Noto Sans/Serif CJK always, WenQuanYi
 * Zen Hei and AR PL UKai when Debian's fonts-wqy-zenhei / fonts-arphic-ukai are installed), and an
 * OCR-B-like face for numbers and MRZ (Debian's fonts-ocr-b, else DejaVu / Liberation Mono).
 */
import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

interface FontFile {
  family: string;
  path: string;
}

/** Chinese faces a card may be printed or re-typeset in; the first is required (fonts-noto-cjk). */
const CJK_CANDIDATES: FontFile[] = [
  { family: 'NotoCJK', path: CJK_FONT_PATH },
  { family: 'NotoSansBold', path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc' },
  { family: 'NotoSerif', path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc' },
  { family: 'NotoSerifBold', path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc' },
  { family: 'WqyZenHei', path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { family: 'UKai', path: '/usr/share/fonts/truetype/arphic/ukai.ttc' },
];

const MONO_CANDIDATES: FontFile[] = [
  { family: 'OCRB', path: '/usr/share/fonts/opentype/ocr-b/OCRB.otf' },
  { family: 'DejaVuMono', path: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' },
  { family: 'LiberationMono', path: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf' },
];

export interface SyntheticFonts {
  /** The default CJK family (Noto Sans CJK). */
  cjk: string;
  /** Every CJK family registered, the default first. */
  cjkFamilies: string[];
  /** Families usable for the ID number and MRZ, best first (OCR-B when installed). */
  numberFamilies: string[];
  ocrBInstalled: boolean;
}

let registered: SyntheticFonts | undefined;

function registerAll(candidates: FontFile[]): string[] {
  const families: string[] = [];
  for (const c of candidates) {
    if (!existsSync(c.path)) continue;
    GlobalFonts.registerFromPath(c.path, c.family);
    families.push(c.family);
  }
  return families;
}

export function registerSyntheticFonts(): SyntheticFonts {
  if (registered) return registered;
  if (!existsSync(CJK_FONT_PATH)) {
    throw new Error(`${CJK_FONT_PATH} is missing: apt-get install fonts-noto-cjk`);
  }
  const cjkFamilies = registerAll(CJK_CANDIDATES);
  const numberFamilies = registerAll(MONO_CANDIDATES);
  registered = {
    cjk: 'NotoCJK',
    cjkFamilies,
    numberFamilies,
    ocrBInstalled: numberFamilies.includes('OCRB'),
  };
  return registered;
}
