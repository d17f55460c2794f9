/**
 * Check characters (reference §8 and §6.3): GB 11643 / ISO 7064 MOD 11-2 for 18-character numbers
 * (resident, 'J' and 2023 'Y' cards), and the 7-3-1 rule for the 15-character 2017 'I' number.
 */

const MOD11_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const MOD11_CHECK = '10X98765432';

/** The check character for a 17-digit body, or null if the body is not 17 digits. */
export function mod11CheckChar(body: string): string | null {
  if (!/^\d{17}$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * MOD11_WEIGHTS[i]!;
  return MOD11_CHECK[sum % 11]!;
}

/** MOD 11-2 check of an 18-character number (lower-case x accepted). */
export function isValidIdNumber(n: string): boolean {
  if (n.length !== 18) return false;
  const expected = mod11CheckChar(n.slice(0, 17));
  return expected !== null && expected === n[17]!.toUpperCase();
}

function alnumValue(ch: string): number | null {
  if (/^\d$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55; // A = 10 … Z = 35
  return null;
}

/**
 * 7-3-1 check digit over the first 14 characters of a 2017 foreign permanent resident number
 * (3 letters + 12 digits). The rule is documented for the number rebuilt from a 2023 card [U], which
 * has the same shape, so a failure here is reported, never used to refuse the card on its own.
 */
export function foreign2017CheckDigit(first14: string): string | null {
  if (!/^[A-Z]{3}\d{11}$/.test(first14)) return null;
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = alnumValue(first14[i]!);
    if (v === null) return null;
    sum += v * weights[i % 3]!;
  }
  return String(sum % 10);
}

export function isValidForeign2017Number(n: string): boolean {
  if (!/^[A-Z]{3}\d{12}$/.test(n)) return false;
  return foreign2017CheckDigit(n.slice(0, 14)) === n[14];
}

/** 2023 foreign permanent resident card: 17 digits starting with 9, then the MOD 11-2 check character. */
export function isValidForeign2023Number(n: string): boolean {
  return n.startsWith('9') && isValidIdNumber(n);
}

/** Sequence digit parity (odd = male) of an 18-character number, or null if not digits. */
export function genderFromIdNumber(n: string): 'male' | 'female' | null {
  const d = n[16];
  if (d === undefined || !/^\d$/.test(d)) return null;
  return Number(d) % 2 === 1 ? 'male' : 'female';
}
