/** Decoding camera frames into an 8-bit grey raster, the one representation the preprocessing uses. */
import { type Canvas, createCanvas, type Image, loadImage } from '@napi-rs/canvas';
import { OcrError } from '../errors.ts';

export interface Gray {
  width: number;
  height: number;
  /** Row-major luminance, 0 = black. */
  data: Uint8Array;
}

export interface DecodedFrame {
  /** The frame drawn at working size (colour kept, for crops). */
  canvas: Canvas;
  gray: Gray;
}

/** Frames wider than this are scaled down first: the number line stays well above 30 px tall. */
const WORKING_WIDTH = 1400;

export async function decodeFrame(image: Buffer): Promise<DecodedFrame> {
  let img: Image;
  try {
    img = await loadImage(image);
  } catch (cause) {
    throw new OcrError('image-unreadable', 'the image could not be decoded (expected PNG, JPEG or WebP)', {
      cause,
    });
  }
  if (img.width < 16 || img.height < 16) {
    throw new OcrError('image-unreadable', `the image is too small (${img.width}×${img.height})`);
  }
  const scale = Math.min(1, WORKING_WIDTH / img.width);
  const width = Math.round(img.width * scale);
  const height = Math.round(img.height * scale);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0, width, height);
  return { canvas, gray: toGray(ctx.getImageData(0, 0, width, height).data, width, height) };
}

export function toGray(rgba: Uint8ClampedArray, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < data.length; i += 4, p++) {
    // Rec. 601 luma; the card's blue labels come out lighter than the black values, which helps.
    data[p] = (rgba[i]! * 299 + rgba[i + 1]! * 587 + rgba[i + 2]! * 114) / 1000;
  }
  return { width, height, data };
}
