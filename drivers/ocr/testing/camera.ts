/** Makes a flat rendering look like a camera frame: background, rotation, blur, sensor noise, JPEG. */
import { type Canvas, createCanvas } from '@napi-rs/canvas';

export interface CameraOptions {
  /** Degrees, clockwise; the brief keeps it within ±5. */
  angleDeg: number;
  /** Gaussian blur radius in pixels (0 = sharp). */
  blurPx: number;
  /** Standard deviation of per-pixel noise, in 0–255 grey levels. */
  noise: number;
  /** Card width as a share of the frame width. */
  fill: number;
  /** Darkening of one side, 0–0.5, like a hall light from above. */
  shade: number;
  format: 'png' | 'jpeg';
  rand: () => number;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export async function photograph(card: Canvas, opts: CameraOptions): Promise<Buffer> {
  const frameW = Math.round(card.width / opts.fill);
  // Tall enough that a card or page rotated by a few degrees stays whole in the frame.
  const frameH = Math.round(Math.max(frameW * 0.68, card.height / opts.fill + card.width * 0.1));
  const frame = createCanvas(frameW, frameH);
  const ctx = frame.getContext('2d');
  ctx.fillStyle = '#8a8f96';
  ctx.fillRect(0, 0, frameW, frameH);
  ctx.save();
  if (opts.blurPx > 0) ctx.filter = `blur(${opts.blurPx}px)`;
  ctx.translate(
    frameW / 2 + (opts.rand() - 0.5) * frameW * 0.04,
    frameH / 2 + (opts.rand() - 0.5) * frameH * 0.04,
  );
  ctx.rotate((opts.angleDeg * Math.PI) / 180);
  ctx.drawImage(card, -card.width / 2, -card.height / 2);
  ctx.restore();

  if (opts.shade > 0) {
    const g = ctx.createLinearGradient(0, 0, frameW, frameH);
    g.addColorStop(0, 'rgba(0,0,0,0)');
    g.addColorStop(1, `rgba(0,0,0,${opts.shade})`);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, frameW, frameH);
  }
  if (opts.noise > 0) {
    const img = ctx.getImageData(0, 0, frameW, frameH);
    const d = img.data;
    for (let i = 0; i < d.length; i += 4) {
      const n = gaussian(opts.rand) * opts.noise;
      d[i] = d[i]! + n;
      d[i + 1] = d[i + 1]! + n;
      d[i + 2] = d[i + 2]! + n;
    }
    ctx.putImageData(img, 0, 0);
  }
  return opts.format === 'jpeg' ? frame.encode('jpeg', 85) : frame.encode('png');
}
