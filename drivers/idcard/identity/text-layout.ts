/**
 * The 256-byte text block: UCS-2 little-endian, right-padded with U+0020 (reference §5.3, §6).
 * Field offsets per card type live here once, for the decoder and the simulator's builder alike.
 */
import type { CardType } from './types.ts';

export const TEXT_BLOCK_LENGTH = 256;
export const PHOTO_LENGTH = 1024;
export const CARD_TYPE_FLAG_OFFSET = 248;

export const CARD_TYPE_FLAGS: Readonly<Record<CardType, string>> = {
  resident: ' ',
  'hmt-residence': 'J',
  'foreign-2017': 'I',
  'foreign-2023': 'Y',
};

export interface Field {
  offset: number;
  bytes: number;
}

const f = (offset: number, bytes: number): Field => ({ offset, bytes });

export const RESIDENT_LAYOUT = {
  name: f(0, 30),
  gender: f(30, 2),
  nation: f(32, 4),
  birthDate: f(36, 16),
  address: f(52, 70),
  number: f(122, 36),
  issuer: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
} as const;

export const HMT_LAYOUT = {
  ...RESIDENT_LAYOUT,
  passNumber: f(220, 18),
  issueCount: f(238, 4),
} as const;

export const FOREIGN_2017_LAYOUT = {
  nameEn: f(0, 120),
  gender: f(120, 2),
  number: f(122, 30),
  nationality: f(152, 6),
  name: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  birthDate: f(220, 16),
  cardVersion: f(236, 4),
  authorityCode: f(240, 8),
} as const;

export const FOREIGN_2023_LAYOUT = {
  name: f(0, 30),
  gender: f(30, 2),
  renewalCount: f(32, 4),
  birthDate: f(36, 16),
  nameEn: f(52, 70),
  number: f(122, 36),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  nameEnContinued: f(220, 22),
  nationality: f(242, 6),
  previousNumberLink: f(250, 6),
} as const;

/** Decodes a UCS-2 LE field and drops the U+0020 padding (and any NULs a sloppy writer left). */
export function readField(text: Uint8Array, field: Field): string {
  let out = '';
  for (let i = field.offset; i + 1 < field.offset + field.bytes && i + 1 < text.length; i += 2) {
    out += String.fromCharCode((text[i] ?? 0) | ((text[i + 1] ?? 0) << 8));
  }
  let end = out.length;
  while (end > 0 && (out[end - 1] === ' ' || out.charCodeAt(end - 1) === 0)) end--;
  return out.slice(0, end);
}

/**
 * Writes `value` as UCS-2 LE into `field`, padded with U+0020. Throws if it does not fit: the
 * simulator must never build a card that silently differs from its JSON.
 */
export function writeField(text: Uint8Array, field: Field, value: string): void {
  if (value.length * 2 > field.bytes) {
    throw new RangeError(`${value.length} characters do not fit a ${field.bytes / 2}-character field`);
  }
  for (let i = 0; i < field.bytes / 2; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 0x20;
    text[field.offset + i * 2] = code & 0xff;
    text[field.offset + i * 2 + 1] = code >> 8;
  }
}

export function blankTextBlock(): Uint8Array {
  const text = new Uint8Array(TEXT_BLOCK_LENGTH);
  for (let i = 0; i < TEXT_BLOCK_LENGTH; i += 2) text[i] = 0x20;
  return text;
}

export function cardTypeFromFlag(text: Uint8Array): CardType | null {
  const flag = readField(text, { offset: CARD_TYPE_FLAG_OFFSET, bytes: 2 });
  for (const [type, mark] of Object.entries(CARD_TYPE_FLAGS) as [CardType, string][]) {
    if (mark.trim() === flag) return type;
  }
  return null;
}
