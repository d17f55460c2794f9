/** GB 11643 structure of an 18-character citizen identity number, beyond the check character. */
import { isValidForeign2017Number, isValidIdNumber } from '../../idcard/index.ts';

/**
 * 'unconfirmed': the number passes every check but was read with low confidence, or found inside a
 * longer reading, and no second reading of the line agreed with it (a misread passes MOD 11-2 one
 * time in eleven).
 */
export type IdNumberProblem = 'format' | 'check-digit' | 'birth-date' | 'region' | 'unconfirmed';

function isRealDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d && date.getTime() <= today.getTime();
}

/** Every reason the number would be refused; an empty list means it may be used. */
export function idNumberProblems(n: string, today = new Date()): IdNumberProblem[] {
  if (!/^\d{17}[\dX]$/.test(n)) return ['format'];
  const problems: IdNumberProblem[] = [];
  if (!isValidIdNumber(n)) problems.push('check-digit');
  if (!isRealDate(n.slice(6, 14), today)) problems.push('birth-date');
  // Administrative division codes start 1–8 (9 is the 2023 foreign permanent resident card).
  if (n[0] === '0') problems.push('region');
  return problems;
}

/**
 * The 2017 foreign permanent resident number: 3 letters, 2-digit region, 2 digits, YYMMDD birth date,
 * 1 digit, 7-3-1 check digit (the rule is documented once, for the rebuilt number: reference §6.3).
 */
export function foreign2017Problems(n: string): IdNumberProblem[] {
  if (!/^[A-Z]{3}\d{12}$/.test(n)) return ['format'];
  const problems: IdNumberProblem[] = [];
  if (!isValidForeign2017Number(n)) problems.push('check-digit');
  const yy = Number(n.slice(7, 9));
  const mm = Number(n.slice(9, 11));
  const dd = Number(n.slice(11, 13));
  const date = new Date(Date.UTC(2000 + yy, mm - 1, dd));
  if (mm < 1 || mm > 12 || dd < 1 || date.getUTCDate() !== dd) problems.push('birth-date');
  return problems;
}
