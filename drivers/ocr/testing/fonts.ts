/** Fonts for synthetic images: Noto Sans CJK for Chinese, an OCR-B-like monospace for numbers and MRZ. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const MONO_CANDIDATES = [
  { family: 'DejaVuMono', path: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' },
  { family: 'LiberationMono', path: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf' },
];

/** Debian's fonts-ocr-b, if an installer added it; the generator falls back to DejaVu Sans Mono. */
function findOcrB(): string | undefined {
  for (const dir of [
    '/usr/share/fonts/truetype/ocr-b',
    '/usr/share/fonts/opentype/ocr-b',
    '/usr/share/fonts/truetype',
  ]) {
    if (!existsSync(dir)) continue;
    const hit = readdirSync(dir).find((f) => /^ocr-?b.*\.(ttf|otf)$/i.test(f));
    if (hit) return join(dir, hit);
  }
  return undefined;
}

export interface SyntheticFonts {
  cjk: string;
  /** Families usable for the ID number and MRZ, best first (OCR-B when installed). */
  numberFamilies: string[];
  ocrBInstalled: boolean;
}

let registered: SyntheticFonts | undefined;

export function registerSyntheticFonts(): SyntheticFonts {
  if (registered) return registered;
  GlobalFonts.registerFromPath(CJK_FONT_PATH, 'NotoCJK');
  const numberFamilies: string[] = [];
  const ocrB = findOcrB();
  if (ocrB) {
    GlobalFonts.registerFromPath(ocrB, 'OCRB');
    numberFamilies.push('OCRB');
  }
  for (const c of MONO_CANDIDATES) {
    if (existsSync(c.path)) {
      GlobalFonts.registerFromPath(c.path, c.family);
      numberFamilies.push(c.family);
    }
  }
  registered = { cjk: 'NotoCJK', numberFamilies, ocrBInstalled: ocrB !== undefined };
  return registered;
}
