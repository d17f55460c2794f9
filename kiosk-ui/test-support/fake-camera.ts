/**
 * A fake camera for Chromium (`--use-file-for-fake-video-capture`): generated camera frames
 * (JPEG/PNG, e.g. drivers/ocr/testing's card or passport sequences) written as a Y4M file, which
 * Chromium plays in a loop as the camera's picture.
 */
import { writeFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface Y4mOptions {
  width?: number;
  height?: number;
  fps?: number;
}

/** RGBA → planar I420 (BT.601 full range, as `C420jpeg` says), chroma averaged over 2×2. */
function i420(rgba: Uint8ClampedArray, w: number, h: number): Buffer {
  const out = Buffer.alloc(w * h * 1.5);
  const cw = w / 2;
  const uBase = w * h;
  const vBase = uBase + cw * (h / 2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      out[y * w + x] = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    }
  }
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((2 * y + dy) * w + 2 * x + dx) * 4;
        r += rgba[i]!;
        g += rgba[i + 1]!;
        b += rgba[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[uBase + y * cw + x] = Math.max(0, Math.min(255, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b));
      out[vBase + y * cw + x] = Math.max(0, Math.min(255, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b));
    }
  }
  return out;
}

/** Writes `frames` (image bytes) to `file` as Y4M, each scaled to fit the frame size on a grey desk. */
export async function writeY4m(file: string, frames: Buffer[], opts: Y4mOptions = {}): Promise<void> {
  const w = opts.width ?? 1280;
  const h = opts.height ?? 800;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${opts.fps ?? 5}:1 Ip A1:1 C420jpeg\n`)];
  for (const bytes of frames) {
    const image = await loadImage(bytes);
    const scale = Math.min(w / image.width, h / image.height);
    ctx.fillStyle = '#8c9096';
    ctx.fillRect(0, 0, w, h);
    const dw = image.width * scale;
    const dh = image.height * scale;
    ctx.drawImage(image, (w - dw) / 2, (h - dh) / 2, dw, dh);
    parts.push(Buffer.from('FRAME\n'), i420(ctx.getImageData(0, 0, w, h).data, w, h));
  }
  await writeFile(file, Buffer.concat(parts));
}

/** The Chromium flags that make `file` the camera, permission granted without asking. */
export function fakeCameraArgs(file: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ];
}
