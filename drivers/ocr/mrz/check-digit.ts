/** ICAO 9303 part 3 §4.9: check digits with the repeating weights 7, 3, 1. */

const WEIGHTS = [7, 3, 1] as const;

/** Value of one MRZ character: digits as themselves, A–Z as 10–35, the filler '<' as 0; null otherwise. */
export function mrzCharValue(ch: string): number | null {
  if (ch === '<') return 0;
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55;
  return null;
}

/** The check digit of a field, or null if the field holds a character the MRZ alphabet lacks. */
export function mrzCheckDigit(field: string): string | null {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = mrzCharValue(field[i]!);
    if (v === null) return null;
    sum += v * WEIGHTS[i % 3]!;
  }
  return String(sum % 10);
}

/**
 * True when `check` is the check digit of `field`. A filler '<' in the check position counts as 0
 * only where ICAO allows it (an optional field that is entirely filler), which callers decide.
 */
export function mrzCheckPasses(field: string, check: string): boolean {
  const expected = mrzCheckDigit(field);
  if (expected === null) return false;
  return expected === check;
}
