/**
 * Chinese text for SMPP: UCS-2 (data_coding 8, UTF-16BE on the wire), one part up to 70 code
 * units, longer texts in parts of 67 behind a concatenation UDH (IEI 00, 8-bit reference). A part
 * never ends between the two halves of a surrogate pair, so rare characters outside the BMP
 * arrive whole.
 */

export const DATA_CODING_UCS2 = 0x08;
export const ESM_CLASS_UDHI = 0x40;
const SINGLE_UNITS = 70;
const PART_UNITS = 67;

export interface SmsPart {
  /** UDH (if any) followed by the UTF-16BE text, as short_message. */
  shortMessage: Buffer;
  udh: boolean;
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Splits `text` into code-unit ranges of at most `size`, never inside a surrogate pair. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

export function countParts(text: string): number {
  return text.length <= SINGLE_UNITS ? 1 : chunks(text, PART_UNITS).length;
}

/** `reference` tells the handset which parts belong together (one per multi-part message). */
export function encodeParts(text: string, reference: number): SmsPart[] {
  if (text.length <= SINGLE_UNITS) return [{ shortMessage: utf16be(text), udh: false }];
  const pieces = chunks(text, PART_UNITS);
  if (pieces.length > 255) throw new Error('message too long for concatenated SMS');
  return pieces.map((piece, i) => ({
    shortMessage: Buffer.concat([
      Buffer.from([0x05, 0x00, 0x03, reference & 0xff, pieces.length, i + 1]),
      utf16be(piece),
    ]),
    udh: true,
  }));
}
