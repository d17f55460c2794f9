/** Cuts a deskewed, upscaled, contrast-stretched strip out of the frame for the recogniser. */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { otsuThreshold } from './binarize.ts';
import { type Gray, toGray } from './raster.ts';

export interface Region {
  /** Bounds in deskewed coordinates (see image/text-lines.ts). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface CropOptions {
  theta: number;
  /** Height the text should have in the crop; tesseract reads best at about 30–40 px. */
  textHeight: number;
  sourceTextHeight: number;
  /** Padding around the region, in source text heights. */
  pad?: number;
  binarize?: boolean;
}

export function cropStrip(source: Canvas, region: Region, opts: CropOptions): Gray {
  const k = opts.textHeight / Math.max(1, opts.sourceTextHeight);
  const pad = (opts.pad ?? 0.5) * opts.sourceTextHeight;
  const w = Math.max(8, Math.round((region.x1 - region.x0 + 2 * pad) * k));
  const h = Math.max(8, Math.round((region.y1 - region.y0 + 2 * pad) * k));
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.scale(k, k);
  ctx.translate(-region.x0 + pad, -region.y0 + pad);
  ctx.rotate(-opts.theta);
  ctx.drawImage(source, 0, 0);
  const gray = toGray(ctx.getImageData(0, 0, w, h).data, w, h);
  stretchContrast(gray);
  if (opts.binarize) {
    const t = otsuThreshold(gray);
    for (let i = 0; i < gray.data.length; i++) gray.data[i] = gray.data[i]! <= t ? 0 : 255;
  }
  return gray;
}

/** Maps the 2nd–98th percentile to 0–255, so faint or shaded strips look alike to the recogniser. */
export function stretchContrast(gray: Gray): void {
  const hist = new Array<number>(256).fill(0);
  for (const v of gray.data) hist[v]!++;
  const n = gray.data.length;
  let lo = 0;
  let hi = 255;
  for (let acc = 0; lo < 255 && acc + hist[lo]! < n * 0.02; lo++) acc += hist[lo]!;
  for (let acc = 0; hi > 0 && acc + hist[hi]! < n * 0.02; hi--) acc += hist[hi]!;
  if (hi - lo < 16) return;
  for (let i = 0; i < n; i++) {
    gray.data[i] = Math.max(0, Math.min(255, Math.round(((gray.data[i]! - lo) * 255) / (hi - lo))));
  }
}

export async function grayToPng(gray: Gray): Promise<Buffer> {
  const canvas = createCanvas(gray.width, gray.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(gray.width, gray.height);
  for (let p = 0, i = 0; p < gray.data.length; p++, i += 4) {
    const v = gray.data[p]!;
    img.data[i] = v;
    img.data[i + 1] = v;
    img.data[i + 2] = v;
    img.data[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.encode('png');
}
