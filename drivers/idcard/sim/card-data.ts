/**
 * The simulator's data builder (reference §10.3): the 256-byte text block, 1024 opaque photo bytes and
 * the fingerprint bytes of a simulated card, exactly as a SAM would return them.
 */
import { GENDER_CODE_OF } from '../identity/code-tables.ts';
import {
  blankTextBlock,
  CARD_TYPE_FLAG_OFFSET,
  CARD_TYPE_FLAGS,
  FOREIGN_2017_LAYOUT,
  FOREIGN_2023_LAYOUT,
  HMT_LAYOUT,
  PHOTO_LENGTH,
  writeField,
} from '../identity/text-layout.ts';
import type { SimCard } from './sim-card.ts';

const compact = (isoDate: string): string => isoDate.replaceAll('-', '');
const endDate = (v: string): string => (v === 'long-term' ? '长期' : compact(v));
const twoDigits = (n: number | undefined): string => (n === undefined ? '' : String(n).padStart(2, '0'));

export function buildTextBlock(card: SimCard): Uint8Array {
  const text = blankTextBlock();
  const gender = GENDER_CODE_OF[card.gender];
  switch (card.type) {
    case 'resident':
    case 'hmt-residence': {
      const L = HMT_LAYOUT;
      writeField(text, L.name, card.name ?? '');
      writeField(text, L.gender, gender);
      writeField(text, L.nation, card.type === 'resident' ? (card.nationCode ?? '01') : '');
      writeField(text, L.birthDate, compact(card.birthDate));
      writeField(text, L.address, card.address ?? '');
      writeField(text, L.number, card.number);
      writeField(text, L.issuer, card.issuer ?? '');
      writeField(text, L.validFrom, compact(card.validFrom));
      writeField(text, L.validTo, endDate(card.validTo));
      if (card.type === 'hmt-residence') {
        writeField(text, L.passNumber, card.passNumber ?? '');
        writeField(text, L.issueCount, twoDigits(card.issueCount));
      }
      break;
    }
    case 'foreign-2017': {
      const L = FOREIGN_2017_LAYOUT;
      writeField(text, L.nameEn, card.nameEn ?? '');
      writeField(text, L.gender, gender);
      writeField(text, L.number, card.number);
      writeField(text, L.nationality, card.nationality ?? '');
      writeField(text, L.name, card.name ?? '');
      writeField(text, L.validFrom, compact(card.validFrom));
      writeField(text, L.validTo, endDate(card.validTo));
      writeField(text, L.birthDate, compact(card.birthDate));
      writeField(text, L.cardVersion, card.cardVersion ?? '');
      writeField(text, L.authorityCode, card.authorityCode ?? '');
      break;
    }
    case 'foreign-2023': {
      const L = FOREIGN_2023_LAYOUT;
      const nameEn = card.nameEn ?? '';
      writeField(text, L.name, card.name ?? '');
      writeField(text, L.gender, gender);
      writeField(text, L.renewalCount, twoDigits(card.renewalCount));
      writeField(text, L.birthDate, compact(card.birthDate));
      writeField(text, L.nameEn, nameEn.slice(0, 35));
      writeField(text, L.nameEnContinued, nameEn.slice(35));
      writeField(text, L.number, card.number);
      writeField(text, L.validFrom, compact(card.validFrom));
      writeField(text, L.validTo, endDate(card.validTo));
      writeField(text, L.nationality, card.nationality ?? '');
      writeField(text, L.previousNumberLink, card.previousNumberLink ?? '');
      break;
    }
  }
  writeField(text, { offset: CARD_TYPE_FLAG_OFFSET, bytes: 2 }, CARD_TYPE_FLAGS[card.type]);
  return text;
}

/** Deterministic opaque bytes (xorshift32), so a card's photo is the same on every read. */
export function seededBytes(seed: number, length: number): Uint8Array {
  let x = seed >>> 0 || 0x9e3779b9;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function buildPhoto(card: SimCard): Uint8Array {
  return seededBytes(card.photoSeed ?? 1, PHOTO_LENGTH);
}

export function buildFingerprint(card: SimCard): Uint8Array {
  return seededBytes((card.photoSeed ?? 1) ^ 0x5a5a5a5a, card.fingerprintBytes ?? 1024);
}
