/**
 * Synthetic photos of the four card types read by the ID card reader (resident card, 港澳台居民居住证,
 * 外国人永久居留身份证 2017 and 2023), front or back, for tests and the benchmark. Layouts are in card
 * units (10 per mm, 85.6 × 54 mm) from id-number/card-layouts.ts; every person is made up.
 */
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { CARD_LAYOUTS } from '../id-number/card-layouts.ts';
import type { CardType } from '../types.ts';
import { type CameraOptions, photograph } from './camera.ts';
import { type Condition, cameraFor } from './conditions.ts';
import { registerSyntheticFonts } from './fonts.ts';
import { basicBlockOnly, type NameKind } from './names.ts';
import { pick, type SyntheticPerson, seededRandom, syntheticPerson } from './synthetic-identity.ts';

const CARD_W = 856;
const CARD_H = 540;
/** Cards are drawn at 1.5 px per card unit so the camera mostly scales down. */
const RENDER_SCALE = 1.5;
const LABEL_BLUE = '#2f6aa8';
const INK = '#141414';

export interface CardImageOptions {
  seed: number;
  side?: 'front' | 'back';
  cardType?: CardType;
  person?: SyntheticPerson;
  wrongCheckDigit?: boolean;
  nameKind?: NameKind;
  /** 2017 foreign cards: print no Chinese name. */
  noChineseName?: boolean;
  /** The photographic condition to stress; default 'baseline'. */
  condition?: Condition;
  /** Camera overrides on top of the condition. */
  camera?: Partial<Omit<CameraOptions, 'rand'>>;
  /** Shorthands for camera overrides: degrees, blur px, noise sd, encoding. */
  angleDeg?: number;
  blurPx?: number;
  noise?: number;
  format?: 'png' | 'jpeg';
  numberFamily?: string;
  cjkFamily?: string;
}

export interface CardImage {
  image: Buffer;
  person: SyntheticPerson;
  side: 'front' | 'back';
  condition: Condition;
  camera: Omit<CameraOptions, 'rand'>;
  fonts: { cjk: string; number: string };
}

function drawBackground(ctx: SKRSContext2D, rand: () => number, tint = 'rgba(0,0,0,0)'): void {
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
  ctx.fillStyle = tint;
  ctx.fillRect(0, 0, CARD_W, CARD_H);
}

function roundedCard(): Canvas {
  const canvas = createCanvas(CARD_W * RENDER_SCALE, CARD_H * RENDER_SCALE);
  const ctx = canvas.getContext('2d');
  ctx.scale(RENDER_SCALE, RENDER_SCALE);
  ctx.beginPath();
  ctx.roundRect(0, 0, CARD_W, CARD_H, 32);
  ctx.clip();
  return canvas;
}

function drawPhoto(ctx: SKRSContext2D, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = '#dfe6ec';
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = '#6b7078';
  ctx.beginPath();
  ctx.ellipse(x + w / 2, y + h * 0.36, w * 0.25, h * 0.25, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.ellipse(x + w / 2, y + h, w * 0.45, h * 0.28, 0, Math.PI, Math.PI * 2);
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

interface Fonts {
  cjk: string;
  number: string;
}

const TINTS: Record<CardType, string> = {
  resident: 'rgba(0,0,0,0)',
  'hmt-residence': 'rgba(230,190,200,0.18)',
  'foreign-2017': 'rgba(200,220,170,0.22)',
  'foreign-2023': 'rgba(235,210,150,0.22)',
};

function fieldText(
  ctx: SKRSContext2D,
  t: string,
  x: number,
  cy: number,
  size: number,
  font: string,
  colour = INK,
) {
  ctx.fillStyle = colour;
  ctx.font = `${size}px ${font}`;
  ctx.fillText(t, x, cy);
}

/** A value shrunk until it fits its field. */
function fittedText(
  ctx: SKRSContext2D,
  t: string,
  x0: number,
  x1: number,
  cy: number,
  size: number,
  font: string,
) {
  let s = size;
  ctx.font = `${s}px ${font}`;
  while (s > 18 && ctx.measureText(t).width > x1 - x0) {
    s -= 2;
    ctx.font = `${s}px ${font}`;
  }
  fieldText(ctx, t, x0, cy, s, font);
}

/** The number spread evenly over the layout's width, as the card prints it. */
function drawNumber(ctx: SKRSContext2D, type: CardType, number: string, family: string): void {
  const { x0, width, cy, chars } = CARD_LAYOUTS[type].number;
  ctx.fillStyle = INK;
  ctx.font = `bold 38px ${family}`;
  const advance = (width - ctx.measureText('0').width) / (chars - 1);
  Array.from(number).forEach((ch, i) => {
    ctx.fillText(ch, x0 + i * advance, cy);
  });
}

function label(ctx: SKRSContext2D, t: string, x: number, cy: number, font: string, size = 26): void {
  ctx.fillStyle = LABEL_BLUE;
  ctx.font = `${size}px ${font}`;
  spacedText(ctx, t, x, cy, size > 22 ? 6 : 1);
}

/** 居民身份证 and 港澳台居民居住证 (the same front, without 民族 on the permit). */
function renderChineseFront(person: SyntheticPerson, fonts: Fonts, rand: () => number): Canvas {
  const canvas = roundedCard();
  const ctx = canvas.getContext('2d');
  const layout = CARD_LAYOUTS[person.cardType];
  drawBackground(ctx, rand, TINTS[person.cardType]);
  drawPhoto(ctx, 560, 70, 220, 280);
  ctx.textBaseline = 'middle';
  const f = fonts.cjk;
  label(ctx, '姓名', layout.nameLabel!.x0, layout.name.cy, f);
  fittedText(ctx, person.name, layout.name.x0, layout.name.x1, layout.name.cy, 40, f);
  label(ctx, '性别', 70, 157, f);
  fieldText(ctx, person.sex, 170, 157, 32, f);
  if (person.cardType === 'resident') {
    label(ctx, '民族', 300, 157, f);
    fieldText(ctx, person.ethnicity, 390, 157, 32, f);
  }
  label(ctx, '出生', 70, 227, f);
  fieldText(ctx, `${person.birth.year}`, 170, 227, 32, f);
  label(ctx, '年', 262, 227, f);
  fieldText(ctx, `${person.birth.month}`, 310, 227, 32, f);
  label(ctx, '月', 350, 227, f);
  fieldText(ctx, `${person.birth.day}`, 395, 227, 32, f);
  label(ctx, '日', 440, 227, f);
  label(ctx, '住址', 70, 297, f);
  ctx.font = `32px ${f}`;
  wrapAddress(ctx, person.address, 360).forEach((line, i) => {
    fieldText(ctx, line, 170, 297 + i * 45, 32, f);
  });
  label(ctx, '公民身份号码', 70, layout.number.cy, f);
  drawNumber(ctx, person.cardType, person.number, fonts.number);
  return canvas;
}

/** 外国人永久居留身份证, 2017 (English name on the labelled line) and 2023 (Chinese name there). */
function renderForeignFront(person: SyntheticPerson, fonts: Fonts, rand: () => number): Canvas {
  const canvas = roundedCard();
  const ctx = canvas.getContext('2d');
  const type = person.cardType;
  const layout = CARD_LAYOUTS[type];
  drawBackground(ctx, rand, TINTS[type]);
  drawPhoto(ctx, 620, 110, 180, 250);
  ctx.textBaseline = 'middle';
  const f = fonts.cjk;
  fieldText(ctx, '中华人民共和国外国人永久居留身份证', 50, 42, 26, f);
  fieldText(ctx, "People's Republic of China Foreign Permanent Resident ID Card", 50, 72, 15, f);
  label(ctx, '姓名/Name', 50, 125, f, 20);
  const english = person.englishName ?? '';
  if (type === 'foreign-2023') {
    fittedText(ctx, person.name, layout.name.x0, layout.name.x1, layout.name.cy, 36, f);
    fittedText(ctx, english, 220, 580, 172, 24, f);
  } else {
    fittedText(ctx, english, 220, 580, 125, 24, f);
    if (person.name) fittedText(ctx, person.name, layout.name.x0, layout.name.x1, layout.name.cy, 32, f);
  }
  const sexLatin = person.sex === '男' ? 'M' : 'F';
  const rows: Array<[string, string]> = [
    ['性别/Sex', `${person.sex}/${sexLatin}`],
    [
      '出生日期/Date of Birth',
      `${person.birth.year}.${String(person.birth.month).padStart(2, '0')}.${String(person.birth.day).padStart(2, '0')}`,
    ],
    ['国籍/Nationality', person.nationality ?? ''],
    [
      '有效期限/Period of Validity',
      type === 'foreign-2023' ? '2024.03.01-2034.03.01' : '2018.06.01-2028.06.01',
    ],
  ];
  rows.forEach(([l, v], i) => {
    label(ctx, l, 50, 232 + i * 55, f, 18);
    fieldText(ctx, v, 330, 232 + i * 55, 26, f);
  });
  label(ctx, '证件号码/Card No.', 50, layout.number.cy, f, 18);
  drawNumber(ctx, type, person.number, fonts.number);
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
  ctx.textBaseline = 'alphabetic';
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

/** One synthetic camera frame of a card; everything random comes from `seed`. */
export async function cardImage(opts: CardImageOptions): Promise<CardImage> {
  const registered = registerSyntheticFonts();
  const rand = seededRandom(opts.seed);
  const person =
    opts.person ??
    syntheticPerson(rand, {
      wrongCheckDigit: opts.wrongCheckDigit === true,
      cardType: opts.cardType ?? 'resident',
      ...(opts.nameKind ? { nameKind: opts.nameKind } : {}),
      noChineseName: opts.noChineseName === true,
    });
  const side = opts.side ?? 'front';
  const condition = opts.condition ?? 'baseline';
  // Rare characters outside the basic block exist only in the Noto faces.
  const cjkChoices = basicBlockOnly(person.name)
    ? registered.cjkFamilies
    : registered.cjkFamilies.filter((f) => f.startsWith('Noto'));
  // Drawn even when overridden, so an override changes the font and nothing else in the image.
  const drawnCjk = pick(rand, cjkChoices);
  const fonts = {
    cjk: opts.cjkFamily ?? drawnCjk,
    number: opts.numberFamily ?? registered.numberFamilies[0]!,
  };
  const camera: CameraOptions = {
    ...cameraFor(condition, rand),
    ...(opts.angleDeg !== undefined ? { angleDeg: opts.angleDeg } : {}),
    ...(opts.blurPx !== undefined ? { blurPx: opts.blurPx } : {}),
    ...(opts.noise !== undefined ? { noise: opts.noise } : {}),
    ...(opts.format !== undefined ? { format: opts.format } : {}),
    ...opts.camera,
  };
  const foreign = person.cardType === 'foreign-2017' || person.cardType === 'foreign-2023';
  const card =
    side === 'back'
      ? renderBack(rand)
      : foreign
        ? renderForeignFront(person, fonts, rand)
        : renderChineseFront(person, fonts, rand);
  const image = await photograph(card, camera);
  const { rand: _unused, ...cameraSummary } = camera;
  return { image, person, side, condition, camera: cameraSummary, fonts };
}

/** A featureless grey frame, as when nothing is held to the camera. */
export async function blankImage(width = 900, height = 600): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#9a9ea3';
  ctx.fillRect(0, 0, width, height);
  return canvas.encode('png');
}
