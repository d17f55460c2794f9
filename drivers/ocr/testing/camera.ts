/**
 * Makes a flat rendering look like a camera frame: the card placed on a desk at a position, rotation
 * and perspective, then light (exposure, colour cast, a partial shadow, a glare spot), lens blur,
 * sensor noise and JPEG compression.
 */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { solveHomography } from './homography.ts';

export interface Glare {
  /** Centre as a share of the card's width and height. */
  x: number;
  y: number;
  /** Radius as a share of the card's width. */
  radius: number;
  /** 0–1: how close to white the centre gets. */
  strength: number;
}

export interface CameraOptions {
  /** Degrees, clockwise. */
  angleDeg: number;
  /** Perspective: x > 0 makes the far (top) edge shorter than the bottom; y > 0 the left edge shorter. */
  keystone: { x: number; y: number };
  /** Card width as a share of the frame width. */
  fill: number;
  /** Card centre offset, as a share of the frame size (0 = centred). */
  offset: { x: number; y: number };
  /** Darkening of one side, 0–0.5, like a hall light from above. */
  shade: number;
  /** 0–0.7: a hard-edged shadow (a hand, the camera arm) over part of the card. */
  shadow: number;
  /** Exposure: below 1 dim, above 1 overexposed (clipped). */
  gain: number;
  /** Per-channel multipliers (R, G, B): a warm or cool cast. */
  cast: readonly [number, number, number];
  glare?: Glare;
  /** Gaussian blur radius in pixels (0 = sharp). */
  blurPx: number;
  /** Standard deviation of per-pixel luminance noise, in grey levels. */
  noise: number;
  /** Standard deviation of per-channel (colour) noise. */
  chromaNoise: number;
  format: 'png' | 'jpeg';
  /** JPEG quality, 1–100. */
  jpegQuality: number;
  /** Seeds the sensor noise on its own, so frames of one scene differ only in noise. */
  noiseSeed?: number;
  /** Frame size; default 1280 × 800. */
  frame?: { width: number; height: number };
  /** Desk colour under the card. */
  desk?: readonly [number, number, number];
  rand: () => number;
}

export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

type Point = { x: number; y: number };

/** Where the card's corners land in the frame: TL, TR, BR, BL. */
function cardCorners(card: Canvas, opts: CameraOptions, frameW: number, frameH: number): Point[] {
  const w = opts.fill * frameW;
  const h = (w * card.height) / card.width;
  const cx = frameW / 2 + opts.offset.x * frameW;
  const cy = frameH / 2 + opts.offset.y * frameH;
  const kx = opts.keystone.x / 2;
  const ky = opts.keystone.y / 2;
  const local: Point[] = [
    { x: -(w / 2) * (1 - kx), y: -(h / 2) * (1 - ky) },
    { x: (w / 2) * (1 - kx), y: -(h / 2) * (1 + ky) },
    { x: (w / 2) * (1 + kx), y: (h / 2) * (1 + ky) },
    { x: -(w / 2) * (1 + kx), y: (h / 2) * (1 - ky) },
  ];
  const a = (opts.angleDeg * Math.PI) / 180;
  return local.map((p) => ({
    x: cx + p.x * Math.cos(a) - p.y * Math.sin(a),
    y: cy + p.x * Math.sin(a) + p.y * Math.cos(a),
  }));
}

function drawDesk(
  data: Uint8ClampedArray,
  w: number,
  h: number,
  desk: readonly number[],
  rand: () => number,
) {
  const tilt = rand() * 0.3 - 0.15;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const f = 1 + tilt * (x / w - 0.5) + 0.1 * (y / h - 0.5);
      data[i] = desk[0]! * f;
      data[i + 1] = desk[1]! * f;
      data[i + 2] = desk[2]! * f;
      data[i + 3] = 255;
    }
  }
}

/** Draws the card through the perspective mapping (inverse mapping, bilinear, alpha over the desk). */
function warpCard(dst: Uint8ClampedArray, w: number, h: number, card: Canvas, corners: Point[]): void {
  const cw = card.width;
  const ch = card.height;
  const src = card.getContext('2d').getImageData(0, 0, cw, ch).data;
  const H = solveHomography(corners, [
    { x: 0, y: 0 },
    { x: cw, y: 0 },
    { x: cw, y: ch },
    { x: 0, y: ch },
  ]);
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(w, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(h, Math.ceil(Math.max(...ys)));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const d = H[6]! * x + H[7]! * y + 1;
      const u = (H[0]! * x + H[1]! * y + H[2]!) / d - 0.5;
      const v = (H[3]! * x + H[4]! * y + H[5]!) / d - 0.5;
      if (u < 0 || v < 0 || u >= cw - 1 || v >= ch - 1) continue;
      const iu = Math.floor(u);
      const iv = Math.floor(v);
      const fu = u - iu;
      const fv = v - iv;
      const p = (iv * cw + iu) * 4;
      const q = p + cw * 4;
      const o = (y * w + x) * 4;
      const alpha =
        (src[p + 3]! * (1 - fu) * (1 - fv) +
          src[p + 7]! * fu * (1 - fv) +
          src[q + 3]! * (1 - fu) * fv +
          src[q + 7]! * fu * fv) /
        255;
      if (alpha <= 0) continue;
      for (let c = 0; c < 3; c++) {
        const s =
          src[p + c]! * (1 - fu) * (1 - fv) +
          src[p + 4 + c]! * fu * (1 - fv) +
          src[q + c]! * (1 - fu) * fv +
          src[q + 4 + c]! * fu * fv;
        dst[o + c] = dst[o + c]! * (1 - alpha) + s * alpha;
      }
    }
  }
}

function applyLight(data: Uint8ClampedArray, w: number, h: number, corners: Point[], opts: CameraOptions) {
  const { rand } = opts;
  // The shadow's edge: a line through a random point of the card at a random angle.
  const [tl, tr, br, bl] = corners as [Point, Point, Point, Point];
  const sx = tl.x + (br.x - tl.x) * (0.25 + rand() * 0.5);
  const sy = tl.y + (br.y - tl.y) * (0.25 + rand() * 0.5);
  const sa = rand() * Math.PI * 2;
  const nx = Math.cos(sa);
  const ny = Math.sin(sa);
  const cardW = Math.hypot(tr.x - tl.x, tr.y - tl.y);
  const glare = opts.glare;
  const gx = glare ? tl.x + (tr.x - tl.x) * glare.x + (bl.x - tl.x) * glare.y : 0;
  const gy = glare ? tl.y + (tr.y - tl.y) * glare.x + (bl.y - tl.y) * glare.y : 0;
  const gr2 = glare ? (glare.radius * cardW) ** 2 : 1;
  const softness = cardW * 0.01 + 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      let f = opts.gain * (1 - opts.shade * ((x / w + y / h) / 2));
      if (opts.shadow > 0) {
        const side = (x - sx) * nx + (y - sy) * ny;
        const inShadow = Math.min(1, Math.max(0, side / softness + 0.5));
        f *= 1 - opts.shadow * inShadow;
      }
      const lift = glare ? glare.strength * 255 * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / gr2) : 0;
      for (let c = 0; c < 3; c++) {
        const v = data[i + c]! * f * opts.cast[c]!;
        data[i + c] = v + (255 - v) * (lift / 255);
      }
    }
  }
}

/** Standard normal samples: per-pixel noise looks them up instead of drawing three logarithms each. */
let normalTable: Float32Array | undefined;
function normals(): Float32Array {
  if (!normalTable) {
    let seed = 0x9e3779b9;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed + 0.5) / 4294967296;
    };
    normalTable = new Float32Array(1 << 16);
    for (let i = 0; i < normalTable.length; i++) normalTable[i] = gaussian(next);
  }
  return normalTable;
}

function addNoise(data: Uint8ClampedArray, opts: CameraOptions): void {
  if (opts.noise <= 0 && opts.chromaNoise <= 0) return;
  const table = normals();
  const drawn = Math.floor(opts.rand() * 0xffffffff);
  let s = (opts.noiseSeed !== undefined ? Math.imul(opts.noiseSeed, 0x9e3779b1) ^ drawn : drawn) | 1;
  const draw = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return table[s & 0xffff]!;
  };
  for (let i = 0; i < data.length; i += 4) {
    const n = draw() * opts.noise;
    data[i] = data[i]! + n + draw() * opts.chromaNoise;
    data[i + 1] = data[i + 1]! + n + draw() * opts.chromaNoise;
    data[i + 2] = data[i + 2]! + n + draw() * opts.chromaNoise;
  }
}

/** Photographs `card` (any resolution; its aspect is kept) into an encoded camera frame. */
export async function photograph(card: Canvas, opts: CameraOptions): Promise<Buffer> {
  const frameW = opts.frame?.width ?? 1280;
  const frameH = opts.frame?.height ?? 800;
  const scene = createCanvas(frameW, frameH);
  const sctx = scene.getContext('2d');
  const img = sctx.createImageData(frameW, frameH);
  drawDesk(img.data, frameW, frameH, opts.desk ?? [138, 143, 150], opts.rand);
  const corners = cardCorners(card, opts, frameW, frameH);
  warpCard(img.data, frameW, frameH, card, corners);
  applyLight(img.data, frameW, frameH, corners, opts);
  sctx.putImageData(img, 0, 0);

  const frame = createCanvas(frameW, frameH);
  const ctx = frame.getContext('2d');
  if (opts.blurPx > 0) ctx.filter = `blur(${opts.blurPx}px)`;
  ctx.drawImage(scene, 0, 0);
  ctx.filter = 'none';
  const out = ctx.getImageData(0, 0, frameW, frameH);
  addNoise(out.data, opts);
  ctx.putImageData(out, 0, 0);
  return opts.format === 'jpeg' ? frame.encode('jpeg', opts.jpegQuality) : frame.encode('png');
}
