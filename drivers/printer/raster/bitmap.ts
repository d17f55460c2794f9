/** A 1-bit image as GS v 0 wants it: rows of `bytesPerRow` bytes, MSB = leftmost dot, 1 = black. */
export interface Bitmap {
  widthDots: number;
  heightDots: number;
  bytesPerRow: number;
  bits: Buffer;
}

export function emptyBitmap(widthDots: number, heightDots: number): Bitmap {
  const bytesPerRow = Math.ceil(widthDots / 8);
  return {
    widthDots: bytesPerRow * 8,
    heightDots,
    bytesPerRow,
    bits: Buffer.alloc(bytesPerRow * heightDots),
  };
}

export function setDot(bitmap: Bitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= bitmap.widthDots || y >= bitmap.heightDots) return;
  const i = y * bitmap.bytesPerRow + (x >> 3);
  bitmap.bits[i] = bitmap.bits[i]! | (0x80 >> (x & 7));
}

export function getDot(bitmap: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= bitmap.widthDots || y >= bitmap.heightDots) return false;
  return ((bitmap.bits[y * bitmap.bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

export function countBlackDots(bitmap: Bitmap): number {
  let n = 0;
  for (const byte of bitmap.bits) {
    let b = byte;
    while (b) {
      n += b & 1;
      b >>= 1;
    }
  }
  return n;
}

/** Splits a tall image into bands, because many clones garble GS v 0 images taller than 256 rows. */
export function bands(bitmap: Bitmap, maxRows = 256): Bitmap[] {
  const out: Bitmap[] = [];
  for (let y = 0; y < bitmap.heightDots; y += maxRows) {
    const rows = Math.min(maxRows, bitmap.heightDots - y);
    out.push({
      widthDots: bitmap.widthDots,
      heightDots: rows,
      bytesPerRow: bitmap.bytesPerRow,
      bits: bitmap.bits.subarray(y * bitmap.bytesPerRow, (y + rows) * bitmap.bytesPerRow),
    });
  }
  return out;
}

/** Thresholds RGBA pixels (as a canvas gives them) into a bitmap; dark = black dot. */
export function bitmapFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Bitmap {
  const bitmap = emptyBitmap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const alpha = rgba[p + 3]! / 255;
      const luminance =
        (0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!) * alpha + 255 * (1 - alpha);
      if (luminance < 128) setDot(bitmap, x, y);
    }
  }
  return bitmap;
}
