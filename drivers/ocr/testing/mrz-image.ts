/**
 * Synthetic photos of a passport data page (TD3), a travel permit or ID card back (TD1) or a TD2
 * document, with its MRZ, under the same photographic conditions as the cards.
 */
import { createCanvas } from '@napi-rs/canvas';
import { type CameraOptions, photograph } from './camera.ts';
import { type Condition, cameraFor } from './conditions.ts';
import { registerSyntheticFonts } from './fonts.ts';
import { seededRandom } from './random.ts';

export interface MrzImageOptions {
  lines: string[];
  seed: number;
  condition?: Condition;
  camera?: Partial<Omit<CameraOptions, 'rand'>>;
  angleDeg?: number;
  blurPx?: number;
  noise?: number;
  family?: string;
  /** Heading printed on the page ('护照 PASSPORT', '往来港澳通行证', …). */
  title?: string;
}

export async function mrzImage(opts: MrzImageOptions): Promise<Buffer> {
  const fonts = registerSyntheticFonts();
  const rand = seededRandom(opts.seed);
  // DejaVu Sans Mono by default: with OCR-B the engine reads the filler chevrons as L and K (see
  // bench/ocr-mrz.bench.ts, which measures both).
  const family =
    opts.family ?? (fonts.numberFamilies.includes('DejaVuMono') ? 'DejaVuMono' : fonts.numberFamilies[0]!);
  const chars = opts.lines[0]!.length;
  // An MRZ character is 2.54 mm wide: a 44-character line spans 112 mm of a 125 mm page.
  const pageW = chars === 44 ? 1250 : chars === 36 ? 1050 : 856;
  const pageH = chars === 44 ? 880 : chars === 36 ? 740 : 540;
  const page = createCanvas(pageW, pageH);
  const ctx = page.getContext('2d');
  ctx.beginPath();
  ctx.roundRect(0, 0, pageW, pageH, chars === 30 ? 32 : 8);
  ctx.clip();
  ctx.fillStyle = '#f3efe6';
  ctx.fillRect(0, 0, pageW, pageH);
  ctx.fillStyle = '#d8dde3';
  ctx.fillRect(60, 60, 240, 300);
  ctx.fillStyle = '#2b2b2b';
  ctx.font = '28px NotoCJK';
  ctx.fillText(opts.title ?? '护照 PASSPORT', 340, 90);
  ctx.font = '24px NotoCJK';
  ctx.fillText('姓名 / Name', 340, 150);
  ctx.fillText('出生日期 / Date of birth', 340, 220);
  const advance = (pageW - 100) / chars;
  ctx.font = `${Math.round(advance * 1.55)}px ${family}`;
  const lineGap = advance * 2.1;
  const top = pageH - 50 - lineGap * (opts.lines.length - 1);
  opts.lines.forEach((line, row) => {
    for (let i = 0; i < line.length; i++) ctx.fillText(line[i]!, 50 + i * advance, top + row * lineGap);
  });
  const camera: CameraOptions = {
    ...cameraFor(opts.condition ?? 'baseline', rand),
    ...(opts.angleDeg !== undefined ? { angleDeg: opts.angleDeg } : {}),
    ...(opts.blurPx !== undefined ? { blurPx: opts.blurPx } : {}),
    ...(opts.noise !== undefined ? { noise: opts.noise } : {}),
    ...opts.camera,
  };
  return photograph(page, camera);
}
