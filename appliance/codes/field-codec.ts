/**
 * How payload values are written into a code. Everything stays inside the QR alphanumeric set
 * (0–9 A–Z space $ % * + - . / :) so the symbol is small: '.' separates fields, and any character
 * outside the safe set (lower case, Chinese, '.', '%') is written as %XX of its UTF-8 bytes.
 * The canonical text therefore never contains lower case, which lets a verifier undo a scanner's
 * case inversion (Caps Lock) by upper-casing what it read.
 */

const SAFE = /^[0-9A-Z\-:/+*$]$/;

export function escapeField(value: string): string {
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) out += ch;
    else
      for (const byte of new TextEncoder().encode(ch))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Null when the text has characters that escapeField never writes, or %XX that is not UTF-8. */
export function unescapeField(text: string): string | null {
  if (!/^(?:[0-9A-Z\-:/+*$]|%[0-9A-F]{2})*$/.test(text)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** 'YYYY-MM-DD' ⇄ 'YYYYMMDD'. */
export function encodeDay(day: string): string | null {
  return isCalendarDay(day) ? day.replaceAll('-', '') : null;
}

export function decodeDay(text: string): string | null {
  if (!/^\d{8}$/.test(text)) return null;
  const day = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
  return isCalendarDay(day) ? day : null;
}

function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

/** 'HH:MM' ⇄ 'HHMM'. */
export function encodeTime(time: string): string | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? `${m[1]}${m[2]}` : null;
}

export function decodeTime(text: string): string | null {
  const m = /^([01]\d|2[0-3])([0-5]\d)$/.exec(text);
  return m ? `${m[1]}:${m[2]}` : null;
}

/** Epoch milliseconds ⇄ epoch seconds in upper-case base 36 (six characters until 2038 and beyond). */
export function encodeInstant(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.floor(ms / 1000)
    .toString(36)
    .toUpperCase();
}

export function decodeInstant(text: string): number | null {
  if (!/^[0-9A-Z]{1,10}$/.test(text)) return null;
  return Number.parseInt(text, 36) * 1000;
}
