/** Synthetic photos of a passport data page's lower part, or a TD1 card back, with its MRZ. */
import { createCanvas } from '@napi-rs/canvas';
import { photograph } from './camera.ts';
import { registerSyntheticFonts } from './fonts.ts';
import { seededRandom } from './synthetic-identity.ts';

export interface MrzImageOptions {
  lines: string[];
  seed: number;
  angleDeg?: number;
  blurPx?: number;
  noise?: number;
  family?: string;
}

export async function mrzImage(opts: MrzImageOptions): Promise<Buffer> {
  const fonts = registerSyntheticFonts();
  const rand = seededRandom(opts.seed);
  const family = opts.family ?? fonts.numberFamilies[0]!;
  const chars = opts.lines[0]!.length;
  // An MRZ character is 2.54 mm wide: a 44-character line spans 112 mm of a 125 mm page.
  const pageW = chars === 44 ? 1250 : chars === 36 ? 1050 : 856;
  const pageH = opts.lines.length === 3 ? 540 : Math.round(pageW * 0.7);
  const page = createCanvas(pageW, pageH);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#f3efe6';
  ctx.fillRect(0, 0, pageW, pageH);
  ctx.fillStyle = '#d8dde3';
  ctx.fillRect(60, 60, 240, 300);
  ctx.fillStyle = '#2b2b2b';
  ctx.font = '28px NotoCJK';
  ctx.fillText('护照 PASSPORT', 340, 90);
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
  return photograph(page, {
    angleDeg: opts.angleDeg ?? (rand() * 2 - 1) * 5,
    blurPx: opts.blurPx ?? rand() * 1,
    noise: opts.noise ?? rand() * 10,
    fill: 0.9,
    shade: rand() * 0.25,
    format: 'png',
    rand,
  });
}
