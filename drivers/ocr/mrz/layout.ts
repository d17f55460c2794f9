/**
 * ICAO 9303 field positions for TD1 (3×30), TD2 (2×36) and TD3 (2×44), as [start, end) offsets into
 * the lines joined without separators. Data only; mrz/parse.ts reads it.
 */
import type { MrzFormat } from '../types.ts';

export type Span = readonly [start: number, end: number];

export interface MrzLayout {
  format: MrzFormat;
  lineLength: number;
  lineCount: number;
  documentCode: Span;
  issuingState: Span;
  name: Span;
  documentNumber: Span;
  documentNumberCheck: number;
  nationality: Span;
  birthDate: Span;
  birthDateCheck: number;
  sex: number;
  expiryDate: Span;
  expiryCheck: number;
  /** Optional data fields, in order (TD1 has two). */
  optional: Span[];
  /** TD3 personal number check digit. */
  optionalCheck?: number;
  /** Spans the composite check digit covers, in order. */
  composite: Span[];
  compositeCheck: number;
}

const TD3: MrzLayout = {
  format: 'TD3',
  lineLength: 44,
  lineCount: 2,
  documentCode: [0, 2],
  issuingState: [2, 5],
  name: [5, 44],
  documentNumber: [44, 53],
  documentNumberCheck: 53,
  nationality: [54, 57],
  birthDate: [57, 63],
  birthDateCheck: 63,
  sex: 64,
  expiryDate: [65, 71],
  expiryCheck: 71,
  optional: [[72, 86]],
  optionalCheck: 86,
  composite: [
    [44, 54],
    [57, 64],
    [65, 87],
  ],
  compositeCheck: 87,
};

const TD2: MrzLayout = {
  format: 'TD2',
  lineLength: 36,
  lineCount: 2,
  documentCode: [0, 2],
  issuingState: [2, 5],
  name: [5, 36],
  documentNumber: [36, 45],
  documentNumberCheck: 45,
  nationality: [46, 49],
  birthDate: [49, 55],
  birthDateCheck: 55,
  sex: 56,
  expiryDate: [57, 63],
  expiryCheck: 63,
  optional: [[64, 71]],
  composite: [
    [36, 46],
    [49, 56],
    [57, 71],
  ],
  compositeCheck: 71,
};

const TD1: MrzLayout = {
  format: 'TD1',
  lineLength: 30,
  lineCount: 3,
  documentCode: [0, 2],
  issuingState: [2, 5],
  documentNumber: [5, 14],
  documentNumberCheck: 14,
  optional: [
    [15, 30],
    [48, 59],
  ],
  birthDate: [30, 36],
  birthDateCheck: 36,
  sex: 37,
  expiryDate: [38, 44],
  expiryCheck: 44,
  nationality: [45, 48],
  composite: [
    [5, 30],
    [30, 37],
    [38, 45],
    [48, 59],
  ],
  compositeCheck: 59,
  name: [60, 90],
};

export const MRZ_LAYOUTS: readonly MrzLayout[] = [TD3, TD2, TD1];

export function layoutFor(lineLength: number, lineCount: number): MrzLayout | undefined {
  return MRZ_LAYOUTS.find((l) => l.lineLength === lineLength && l.lineCount === lineCount);
}

/** Offsets that must hold digits (dates and check digits), for character-class correction. */
export function numericOffsets(layout: MrzLayout): number[] {
  const out: number[] = [];
  for (const [s, e] of [layout.birthDate, layout.expiryDate]) for (let i = s; i < e; i++) out.push(i);
  out.push(layout.documentNumberCheck, layout.birthDateCheck, layout.expiryCheck, layout.compositeCheck);
  return out;
}

/** Offsets that must hold letters or fillers (codes, states, nationality, names). */
export function alphaOffsets(layout: MrzLayout): number[] {
  const out: number[] = [];
  for (const [s, e] of [layout.documentCode, layout.issuingState, layout.nationality, layout.name]) {
    for (let i = s; i < e; i++) out.push(i);
  }
  return out;
}
