/**
 * Where the number and the Chinese name are printed on the front of each card type, in card units
 * (10 per mm on the 85.6 × 54 mm card; y is the centre of the printed line). The number found in a
 * photo gives position, angle and scale; the name field is looked for only where its layout puts it.
 * Positions follow the published specimens of each card; the synthetic cards are drawn from them.
 */
import type { CardType } from '../types.ts';

export interface FieldBox {
  x0: number;
  x1: number;
  cy: number;
}

export interface CardLayout {
  type: CardType;
  /** The printed number: left edge, width of the whole number, centre line, character count. */
  number: { x0: number; width: number; cy: number; chars: number };
  /** The Chinese name's value (right of its label when labelled). */
  name: FieldBox;
  /** The label printed on the name's line ('姓名', '姓名/Name'); absent when the line has none. */
  nameLabel?: { x0: number; text: string };
  /** Distance between printed lines, for how far from the expected line a line may be taken. */
  linePitch: number;
}

const RESIDENT: CardLayout = {
  type: 'resident',
  number: { x0: 300, width: 466, cy: 459, chars: 18 },
  name: { x0: 170, x1: 540, cy: 87 },
  nameLabel: { x0: 70, text: '姓名' },
  linePitch: 70,
};

/** 港澳台居民居住证: the resident card's front without 民族. */
const HK_MACAO_TAIWAN: CardLayout = { ...RESIDENT, type: 'hmt-residence' };

/** 外国人永久居留身份证 (2023): Chinese name on the labelled line, the English name below it. */
const FOREIGN_2023: CardLayout = {
  type: 'foreign-2023',
  number: { x0: 330, width: 466, cy: 470, chars: 18 },
  name: { x0: 220, x1: 580, cy: 125 },
  nameLabel: { x0: 50, text: '姓名/Name' },
  linePitch: 50,
};

/** 外国人永久居留身份证 (2017): the English name on the labelled line, the Chinese name (if any) below. */
const FOREIGN_2017: CardLayout = {
  type: 'foreign-2017',
  number: { x0: 330, width: 388, cy: 470, chars: 15 },
  name: { x0: 220, x1: 580, cy: 172 },
  linePitch: 50,
};

export const CARD_LAYOUTS: Record<CardType, CardLayout> = {
  resident: RESIDENT,
  'hmt-residence': HK_MACAO_TAIWAN,
  'foreign-2023': FOREIGN_2023,
  'foreign-2017': FOREIGN_2017,
};

/** The card type a number belongs to: 81/82/83 = HK, Macao, Taiwan; 9 = 2023 foreign; letters = 2017. */
export function cardTypeOfNumber(n: string): CardType {
  if (/^[A-Z]{3}\d{12}$/.test(n)) return 'foreign-2017';
  if (n.startsWith('9')) return 'foreign-2023';
  if (/^8[123]/.test(n)) return 'hmt-residence';
  return 'resident';
}
