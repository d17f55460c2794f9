import QRCode from 'qrcode';
import { type Bitmap, emptyBitmap, setDot } from './bitmap.ts';

/** Renders a QR symbol (UTF-8 payload, byte mode) as a bitmap, for printers without GS ( k. */
export function qrBitmap(payload: string, moduleDots: number): Bitmap {
  const symbol = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = symbol.modules.size;
  const quiet = 4;
  const bitmap = emptyBitmap((size + 2 * quiet) * moduleDots, (size + 2 * quiet) * moduleDots);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!symbol.modules.get(row, col)) continue;
      for (let dy = 0; dy < moduleDots; dy++) {
        for (let dx = 0; dx < moduleDots; dx++) {
          setDot(bitmap, (col + quiet) * moduleDots + dx, (row + quiet) * moduleDots + dy);
        }
      }
    }
  }
  return bitmap;
}
