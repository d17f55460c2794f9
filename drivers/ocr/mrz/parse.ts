/** Parses ICAO 9303 machine-readable zones (TD1, TD2, TD3) and verifies every check digit. */
import type { MrzChecks, MrzReading } from '../types.ts';
import { mrzCheckDigit, mrzCheckPasses } from './check-digit.ts';
import { alphaOffsets, layoutFor, type MrzLayout, numericOffsets, type Span } from './layout.ts';

// Misreadings seen from OCR of OCR-B-like type: letters where only digits may stand, and back.
const TO_DIGIT: Record<string, string> = {
  O: '0',
  D: '0',
  Q: '0',
  U: '0',
  I: '1',
  L: '1',
  T: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
};
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };

/** Upper-cases, drops spaces and maps look-alike fillers ('«', 'K' runs are left alone) to '<'. */
export function normaliseMrzLine(line: string): string {
  return line
    .toUpperCase()
    .replace(/[\s]/g, '')
    .replace(/[«‹([{]/g, '<')
    .replace(/[^A-Z0-9<]/g, '');
}

/**
 * Applies character-class correction: digits where the layout needs letters and letters where it
 * needs digits. The document number and optional data are alphanumeric and are never guessed at.
 */
export function correctByLayout(joined: string, layout: MrzLayout): string {
  const chars = joined.split('');
  for (const i of numericOffsets(layout)) {
    const c = chars[i];
    if (c !== undefined && TO_DIGIT[c] !== undefined) chars[i] = TO_DIGIT[c];
  }
  for (const i of alphaOffsets(layout)) {
    const c = chars[i];
    if (c !== undefined && TO_LETTER[c] !== undefined) chars[i] = TO_LETTER[c];
  }
  return chars.join('');
}

const slice = (s: string, [a, b]: Span): string => s.slice(a, b);

// Fillers read as letters: a run of '<' is sometimes read as 'KKK' or 'LLL'.
const FILLER_LOOKALIKES = /^[<KLCEX]*$/;

/**
 * After the first run of three fillers a name field holds nothing but fillers; when what follows is
 * only letters that look like '<', they are fillers misread. (Names are outside every check digit.)
 */
export function cleanNameTail(name: string): string {
  const run = name.indexOf('<<<');
  if (run < 0) return name;
  const tail = name.slice(run);
  return FILLER_LOOKALIKES.test(tail) ? name.slice(0, run) + '<'.repeat(tail.length) : name;
}
const trimFiller = (s: string): string => s.replace(/<+$/, '').replace(/^<+/, '');

/** YYMMDD with a real month and day (29 February allowed only in years divisible by four). */
export function isMrzDate(yymmdd: string): boolean {
  if (!/^\d{6}$/.test(yymmdd)) return false;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1]!;
  return dd <= days;
}

function splitName(field: string): { surname: string; givenNames: string } {
  const [surname = '', ...rest] = field.split('<<');
  return {
    surname: surname.replace(/<+/g, ' ').trim(),
    givenNames: rest.join(' ').replace(/<+/g, ' ').replace(/\s+/g, ' ').trim(),
  };
}

/** TD1 long document numbers: the check position holds '<' and the number runs on into optional data. */
function documentNumberOf(joined: string, layout: MrzLayout): { number: string; check: boolean } {
  const base = slice(joined, layout.documentNumber);
  const checkChar = joined[layout.documentNumberCheck]!;
  if (layout.format === 'TD1' && checkChar === '<') {
    const optional = slice(joined, layout.optional[0]!);
    const end = optional.indexOf('<');
    const tail = end < 0 ? optional : optional.slice(0, end);
    if (tail.length >= 2) {
      const full = base + tail.slice(0, -1);
      return { number: full.replace(/</g, ''), check: mrzCheckPasses(full, tail.at(-1)!) };
    }
    return { number: trimFiller(base), check: false };
  }
  return { number: trimFiller(base), check: mrzCheckPasses(base, checkChar) };
}

/**
 * Parses 2 or 3 MRZ lines. Returns undefined when the line count and lengths fit no ICAO layout.
 * The reading's `valid` is true only when every check digit passes and both dates are real dates.
 */
export function parseMrz(rawLines: string[], confidence = 100): MrzReading | undefined {
  const lines = rawLines.map(normaliseMrzLine).filter((l) => l.length > 0);
  const layout = layoutFor(lines[0]?.length ?? 0, lines.length);
  if (!layout || lines.some((l) => l.length !== layout.lineLength)) return undefined;
  const corrected = correctByLayout(lines.join(''), layout);
  const [ns, ne] = layout.name;
  const joined = corrected.slice(0, ns) + cleanNameTail(corrected.slice(ns, ne)) + corrected.slice(ne);

  const doc = documentNumberOf(joined, layout);
  const birthDate = slice(joined, layout.birthDate);
  const expiryDate = slice(joined, layout.expiryDate);
  const composite = layout.composite.map((span) => slice(joined, span)).join('');
  const checks: MrzChecks = {
    documentNumber: doc.check,
    birthDate: mrzCheckPasses(birthDate, joined[layout.birthDateCheck]!),
    expiry: mrzCheckPasses(expiryDate, joined[layout.expiryCheck]!),
    composite: mrzCheckPasses(composite, joined[layout.compositeCheck]!),
  };
  if (layout.optionalCheck !== undefined) {
    const field = slice(joined, layout.optional[0]!);
    const check = joined[layout.optionalCheck]!;
    // ICAO allows '<' as the check digit of an all-filler personal number.
    checks.personalNumber = (check === '<' && /^<*$/.test(field)) || mrzCheckDigit(field) === check;
  }
  const sexChar = joined[layout.sex]!;
  const sex = sexChar === 'M' || sexChar === 'F' ? sexChar : 'X';
  const { surname, givenNames } = splitName(slice(joined, layout.name));
  const valid =
    Object.values(checks).every(Boolean) &&
    isMrzDate(birthDate) &&
    isMrzDate(expiryDate) &&
    /^[MF<X]$/.test(sexChar);

  const out: string[] = [];
  for (let i = 0; i < layout.lineCount; i++) {
    out.push(joined.slice(i * layout.lineLength, (i + 1) * layout.lineLength));
  }
  return {
    kind: 'mrz',
    format: layout.format,
    documentCode: trimFiller(slice(joined, layout.documentCode)),
    issuingState: trimFiller(slice(joined, layout.issuingState)),
    documentNumber: doc.number,
    nationality: trimFiller(slice(joined, layout.nationality)),
    birthDate,
    expiryDate,
    sex,
    surname,
    givenNames,
    optionalData: layout.optional
      .map((span) => trimFiller(slice(joined, span)))
      .filter(Boolean)
      .join(' '),
    checks,
    valid,
    lines: out,
    confidence,
  };
}
