/**
 * ESC/POS byte sequences the driver writes itself, because node-thermal-printer either lacks
 * them or gets them wrong (see /work/shared/reference/escpos-printing.md §1.4, §1.5, §2).
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;

export const INIT = Buffer.from([ESC, 0x40]);
/** FS & — enter Chinese (double-byte) mode. */
export const CHINESE_MODE_ON = Buffer.from([FS, 0x26]);
/** FS . — leave Chinese mode; bytes >= 0x80 become single-byte code-page glyphs. */
export const CHINESE_MODE_OFF = Buffer.from([FS, 0x2e]);
/** GS V 66 0 — feed to the cutter and partial cut. */
export const FEED_AND_PARTIAL_CUT = Buffer.from([GS, 0x56, 0x42, 0x00]);
export const FEED_AND_FULL_CUT = Buffer.from([GS, 0x56, 0x41, 0x00]);

/** GS ! n — character size for ANK *and* Chinese characters (ESC ! does not enlarge hanzi on Epson). */
export function characterSize(widthMul: number, heightMul: number): Buffer {
  const w = Math.min(8, Math.max(1, widthMul)) - 1;
  const h = Math.min(8, Math.max(1, heightMul)) - 1;
  return Buffer.from([GS, 0x21, (w << 4) | h]);
}

/** ESC t n — select the single-byte character code table. */
export function codeTable(n: number): Buffer {
  return Buffer.from([ESC, 0x74, n]);
}

/** ESC d n — print and feed n lines. */
export function feedLines(n: number): Buffer {
  return Buffer.from([ESC, 0x64, n]);
}

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/**
 * QR code with GS ( k, model 2. The store-data length counts UTF-8 *bytes*; node-thermal-printer
 * counts UTF-16 code units, which corrupts any payload with non-ASCII characters.
 */
export function qrCode(payload: string, moduleSize = 6, correction: QrErrorCorrection = 'M'): Buffer {
  const data = Buffer.from(payload, 'utf8');
  const storeLength = data.length + 3;
  if (storeLength > 7092) throw new RangeError(`QR payload of ${data.length} bytes is too long`);
  const ecc = { L: 48, M: 49, Q: 50, H: 51 }[correction];
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize))]),
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ecc]),
    Buffer.from([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]),
    data,
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
  ]);
}

/** CODE128 with GS k function B (m = 73), code set B; ASCII payloads only. */
export function code128(payload: string, heightDots = 60): Buffer {
  if (!/^[\x20-\x7e]*$/.test(payload)) throw new RangeError('CODE128 payload must be printable ASCII');
  const data = Buffer.from(`{B${payload}`, 'ascii');
  if (data.length > 255) throw new RangeError('CODE128 payload too long');
  return Buffer.concat([
    Buffer.from([GS, 0x48, 0x02]), // HRI below
    Buffer.from([GS, 0x68, Math.min(255, heightDots)]),
    Buffer.from([GS, 0x77, 0x02]),
    Buffer.from([GS, 0x6b, 73, data.length]),
    data,
  ]);
}

/** GS v 0 raster image; `bits` is 1 bit per dot, rows of `bytesPerRow` bytes, MSB leftmost. */
export function rasterImage(bytesPerRow: number, heightDots: number, bits: Buffer): Buffer {
  if (bits.length !== bytesPerRow * heightDots) {
    throw new RangeError(`raster data is ${bits.length} bytes, expected ${bytesPerRow * heightDots}`);
  }
  return Buffer.concat([
    Buffer.from([
      GS,
      0x76,
      0x30,
      0x00,
      bytesPerRow & 0xff,
      bytesPerRow >> 8,
      heightDots & 0xff,
      heightDots >> 8,
    ]),
    bits,
  ]);
}

/** DLE EOT n real-time status request, n = 1 printer, 2 offline cause, 3 error cause, 4 paper roll. */
export function statusRequest(n: 1 | 2 | 3 | 4): Buffer {
  return Buffer.from([DLE, 0x04, n]);
}

export const ALL_STATUS_REQUESTS = Buffer.concat([
  statusRequest(1),
  statusRequest(2),
  statusRequest(3),
  statusRequest(4),
]);

/** DLE ENQ 2 — recover from a recoverable error and clear the receive and print buffers. */
export const RECOVER_AND_CLEAR = Buffer.from([DLE, 0x05, 0x02]);
