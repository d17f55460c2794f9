/**
 * Synthetic photos of second-generation resident ID cards (front with name and number, or back) for
 * tests and the benchmark. Layout follows the real card at 10 px per mm (85.6 × 54 mm); every person
 * is made up (testing/synthetic-identity.ts).
 */
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { photograph } from './camera.ts';
import { registerSyntheticFonts } from './fonts.ts';
import { pick, type SyntheticPerson, seededRandom, syntheticPerson } from './synthetic-identity.ts';

const CARD_W = 856;
const CARD_H = 540;
const LABEL_BLUE = '#2f6aa8';
const INK = '#141414';

export interface CardImageOptions {
  seed: number;
  side?: 'front' | 'back';
  person?: SyntheticPerson;
  wrongCheckDigit?: boolean;
  /** Override the random camera: degrees within ±5, blur px, noise sd. */
  angleDeg?: number;
  blurPx?: number;
  noise?: number;
  format?: 'png' | 'jpeg';
  numberFamily?: string;
}

export interface CardImage {
  image: Buffer;
  person: SyntheticPerson;
  side: 'front' | 'back';
  camera: { angleDeg: number; blurPx: number; noise: number; numberFamily: string; format: 'png' | 'jpeg' };
}

function drawBackground(ctx: SKRSContext2D, rand: () => number): void {
  const g = ctx.createLinearGradient(0, 0, CARD_W, CARD_H);
  g.addColorStop(0, '#eef3f6');
  g.addColorStop(0.5, '#f6f1e8');
  g.addColorStop(1, '#e9f0f4');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, CARD_W, CARD_H);
  // Faint guilloche waves, like the card's security print.
  ctx.strokeStyle = 'rgba(120,150,190,0.22)';
  ctx.lineWidth = 1;
  const phase = rand() * Math.PI;
  for (let k = 0; k < 14; k++) {
    ctx.beginPath();
    for (let x = 0; x <= CARD_W; x += 8) {
      const y = 30 + k * 38 + 10 * Math.sin(x / 40 + k + phase);
      if (x === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}

function roundedCard(): Canvas {
  const canvas = createCanvas(CARD_W, CARD_H);
  const ctx = canvas.getContext('2d');
  ctx.beginPath();
  ctx.roundRect(0, 0, CARD_W, CARD_H, 32);
  ctx.clip();
  return canvas;
}

function drawPhoto(ctx: SKRSContext2D): void {
  ctx.fillStyle = '#dfe6ec';
  ctx.fillRect(560, 70, 220, 280);
  ctx.fillStyle = '#6b7078';
  ctx.beginPath();
  ctx.ellipse(670, 170, 55, 70, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.ellipse(670, 350, 100, 80, 0, Math.PI, Math.PI * 2);
  ctx.fill();
}

function wrapAddress(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (ctx.measureText(line + ch).width > maxWidth) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** Text with extra space between characters, as the number is printed on the card. */
function spacedText(ctx: SKRSContext2D, text: string, x: number, y: number, spacing: number): void {
  let cx = x;
  for (const ch of text) {
    ctx.fillText(ch, cx, y);
    cx += ctx.measureText(ch).width + spacing;
  }
}

function renderFront(person: SyntheticPerson, numberFamily: string, rand: () => number): Canvas {
  const canvas = roundedCard();
  const ctx = canvas.getContext('2d');
  drawBackground(ctx, rand);
  drawPhoto(ctx);
  const label = (t: string, x: number, y: number) => {
    ctx.fillStyle = LABEL_BLUE;
    ctx.font = '26px NotoCJK';
    spacedText(ctx, t, x, y, 6);
  };
  const value = (t: string, x: number, y: number, size = 32) => {
    ctx.fillStyle = INK;
    ctx.font = `${size}px NotoCJK`;
    ctx.fillText(t, x, y);
  };
  label('姓名', 70, 100);
  value(person.name, 170, 102, 40);
  label('性别', 70, 170);
  value(person.sex, 170, 172);
  label('民族', 300, 170);
  value(person.ethnicity, 390, 172);
  label('出生', 70, 240);
  value(`${person.birth.year}`, 170, 242);
  label('年', 262, 240);
  value(`${person.birth.month}`, 310, 242);
  label('月', 350, 240);
  value(`${person.birth.day}`, 395, 242);
  label('日', 440, 240);
  label('住址', 70, 310);
  ctx.font = '32px NotoCJK';
  wrapAddress(ctx, person.address, 360).forEach((line, i) => {
    value(line, 170, 312 + i * 45);
  });
  label('公民身份号码', 70, 470);
  ctx.fillStyle = INK;
  ctx.font = `bold 38px ${numberFamily}`;
  spacedText(ctx, person.number, 300, 472, 3);
  return canvas;
}

function renderBack(rand: () => number): Canvas {
  const canvas = roundedCard();
  const ctx = canvas.getContext('2d');
  drawBackground(ctx, rand);
  ctx.strokeStyle = '#b8312f';
  ctx.lineWidth = 6;
  ctx.beginPath();
  ctx.arc(130, 130, 70, 0, Math.PI * 2);
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.font = '44px NotoCJK';
  spacedText(ctx, '中华人民共和国', 300, 120, 10);
  ctx.font = '64px NotoCJK';
  spacedText(ctx, '居民身份证', 270, 220, 18);
  ctx.fillStyle = LABEL_BLUE;
  ctx.font = '26px NotoCJK';
  ctx.fillText('签发机关', 170, 410);
  ctx.fillText('有效期限', 170, 470);
  ctx.fillStyle = INK;
  ctx.font = '30px NotoCJK';
  ctx.fillText('某市公安局某分局', 320, 412);
  ctx.fillText('2016.05.03-2036.05.03', 320, 472);
  return canvas;
}

/** One synthetic camera frame of an ID card; everything random comes from `seed`. */
export async function cardImage(opts: CardImageOptions): Promise<CardImage> {
  const fonts = registerSyntheticFonts();
  const rand = seededRandom(opts.seed);
  const person = opts.person ?? syntheticPerson(rand, { wrongCheckDigit: opts.wrongCheckDigit === true });
  const side = opts.side ?? 'front';
  const numberFamily = opts.numberFamily ?? pick(rand, fonts.numberFamilies);
  const camera = {
    angleDeg: opts.angleDeg ?? (rand() * 2 - 1) * 5,
    blurPx: opts.blurPx ?? rand() * 1.2,
    noise: opts.noise ?? rand() * 14,
    numberFamily,
    format: opts.format ?? (rand() < 0.5 ? 'png' : 'jpeg'),
  } as const;
  const card = side === 'front' ? renderFront(person, numberFamily, rand) : renderBack(rand);
  const image = await photograph(card, {
    ...camera,
    fill: 0.82 + rand() * 0.12,
    shade: rand() * 0.3,
    rand,
  });
  return { image, person, side, camera };
}

/** A featureless grey frame, as when nothing is held to the camera. */
export async function blankImage(width = 900, height = 600): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#9a9ea3';
  ctx.fillRect(0, 0, width, height);
  return canvas.encode('png');
}
