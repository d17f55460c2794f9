/**
 * GA 467 frames (reference §2): preamble `AA AA AA 96 69`, a big-endian length that counts every
 * byte after itself, the body, and an XOR checksum over the length and body.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble plus the two length bytes. */
export const HEADER_LENGTH = 7;
/** Largest standard reply: 30 10 with a 1024-byte fingerprint (Len 0x090A, 2321 bytes in all). */
export const MAX_RESPONSE_LENGTH = 0x090a;
/** Commands carry at most a few parameter bytes; anything longer is noise or an attack on the parser. */
export const MAX_COMMAND_LENGTH = 0x0100;
/** CMD + Para + CHK_SUM. */
export const MIN_COMMAND_LENGTH = 3;
/** SW1 + SW2 + SW3 + CHK_SUM. */
export const MIN_RESPONSE_LENGTH = 4;

export interface CommandFrame {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface ResponseFrame {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** XOR of `bytes[from..to)`. */
export function xorChecksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

function frameAround(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`GA 467 frame body too long: ${body.length} bytes`);
  const out = new Uint8Array(HEADER_LENGTH + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, HEADER_LENGTH);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

export function buildCommandFrame(
  cmd: number,
  para: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return frameAround(body);
}

export function buildResponseFrame(
  sw3: number,
  data: Uint8Array = new Uint8Array(0),
  sw1 = 0,
  sw2 = 0,
): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return frameAround(body);
}

/** Reads the body of a complete, checksum-verified frame (as delivered by `FrameParser`). */
export function decodeCommandFrame(frame: Uint8Array): CommandFrame {
  return {
    cmd: frame[7] ?? 0,
    para: frame[8] ?? 0,
    data: frame.slice(9, frame.length - 1),
  };
}

export function decodeResponseFrame(frame: Uint8Array): ResponseFrame {
  return {
    sw1: frame[7] ?? 0,
    sw2: frame[8] ?? 0,
    sw3: frame[9] ?? 0,
    data: frame.slice(10, frame.length - 1),
  };
}

export function toHex(bytes: Uint8Array, max = 64): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0').toUpperCase());
  return bytes.length > max ? `${shown.join(' ')} … (${bytes.length} bytes)` : shown.join(' ');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new RangeError(`odd number of hex digits in '${hex}'`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
