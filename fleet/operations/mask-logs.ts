/**
 * Collected kiosk logs are masked before central stores or shows them. The kiosk's event log
 * already leaves personal data out; this is the second line: any ID number, phone number or
 * value under a personal-data key that slipped into a log line is masked here, so nothing of it
 * reaches the database, the page or a download.
 */

/** 18-character resident ID numbers (and 15-digit old ones), not inside longer digit runs. */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{3}[\dXx]|\d{1})(?![0-9A-Za-z])/g;
/** Mainland mobile numbers, with or without +86. */
const PHONE = /(?<!\d)(\+?86[- ]?)?(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const PERSONAL_KEYS = /^(name|fullName|idNumber|idNo|id_number|address|phone|mobile|birth(day|date)?)$/i;

export function maskText(text: string): string {
  return text
    .replace(
      ID_NUMBER,
      (_m, head: string, mid: string, tail: string) =>
        `${head.slice(0, 3)}${'*'.repeat(3 + mid.length + tail.length - 4)}${tail.slice(-4).padStart(4, '*')}`,
    )
    .replace(
      PHONE,
      (_m, cc: string | undefined, a: string, _b: string, d: string) => `${cc ?? ''}${a}****${d}`,
    );
}

export function maskValue(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key && PERSONAL_KEYS.test(key))
      return value.length <= 1 ? '*' : `${value[0]}${'*'.repeat(Math.min(8, value.length - 1))}`;
    return maskText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v, k)]),
    );
  return value;
}
