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

/** Raw pixels, as a browser canvas's getImageData() or a camera pipeline hands them over. */
export interface RgbaFrame {
  width: number;
  height: number;
  /** width × height × 4 bytes, R G B A. */
  data: Uint8ClampedArray | Uint8Array;
}

/** An encoded image (JPEG, PNG, WebP) or raw RGBA pixels. */
export type FrameInput = Buffer | Uint8Array | RgbaFrame;

export function isRgbaFrame(input: FrameInput): input is RgbaFrame {
  return !(input instanceof Uint8Array);
}

/** Frames wider than this are scaled down first: the number line stays well above 30 px tall. */
const WORKING_WIDTH = 1400;

function rgbaCanvas(frame: RgbaFrame): Canvas {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new OcrError('image-unreadable', `the frame size ${width}×${height} is not a size`);
  }
  if (data.length !== width * height * 4) {
    throw new OcrError(
      'image-unreadable',
      `the frame holds ${data.length} bytes, not ${width}×${height}×4 RGBA bytes`,
    );
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  img.data.set(data);
  ctx.putImageData(img, 0, 0);
  return canvas;
}

export async function decodeFrame(input: FrameInput): Promise<DecodedFrame> {
  let img: Image | Canvas;
  try {
    img = isRgbaFrame(input)
      ? rgbaCanvas(input)
      : await loadImage(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  } catch (cause) {
    if (cause instanceof OcrError) throw cause;
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
