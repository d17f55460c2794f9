/**
 * Acceptance receipt numbers: `20261201-4821375` — the day of acceptance (what the receipt must
 * show on paper), six digits that are the day's sequence number put through a keyed permutation
 * (so they tell nothing of how many came before and cannot be guessed from a neighbour's), and a
 * Luhn check digit that catches a mistyped digit before anything is looked up. The permutation is
 * a bijection for each day, so a sequence number never issued twice (the store's high-water mark)
 * never gives a number issued twice. Receipts printed before this (`20250124-0003`) stay valid.
 */
import { createHmac } from 'node:crypto';

const HALF = 1000;
const ROUNDS = 4;

/** A 4-round Feistel network over 000000..999999 (two halves of 000..999), keyed per day. */
function permute(key: Buffer, day: string, n: number): number {
  let left = Math.floor(n / HALF);
  let right = n % HALF;
  for (let round = 0; round < ROUNDS; round++) {
    const f = createHmac('sha256', key).update(`${day}:${round}:${right}`).digest().readUInt32BE(0) % HALF;
    [left, right] = [right, (left + f) % HALF];
  }
  return left * HALF + right;
}

function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The receipt number of the day's `n`th case (1 ≤ n < 1,000,000); `day` is YYYY-MM-DD. */
export function receiptNumber(key: Buffer, day: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= HALF * HALF)
    throw new RangeError(`no receipt number ${n} in a day`);
  const date = day.replaceAll('-', '');
  const body = `${date}${String(permute(key, day, n)).padStart(6, '0')}`;
  return `${date}-${body.slice(8)}${luhnDigit(body)}`;
}

export type TypedReceipt =
  | { kind: 'number'; number: string }
  /** Looks like a receipt number, but its check digit says a digit was mistyped. */
  | { kind: 'mistyped' }
  | { kind: 'other' };

/** What a resident typed: a receipt number (with or without its dash, new or old form), or not. */
export function readTypedReceipt(typed: string): TypedReceipt {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return { kind: 'other' };
  if (digits.length === 12) return { kind: 'number', number: `${digits.slice(0, 8)}-${digits.slice(8)}` };
  if (digits.length !== 15) return { kind: 'other' };
  if (luhnDigit(digits.slice(0, 14)) !== digits[14]) return { kind: 'mistyped' };
  return { kind: 'number', number: `${digits.slice(0, 8)}-${digits.slice(8)}` };
}
