/**
 * Arithmetic on calendar days written 'YYYY-MM-DD'. Days are counted in UTC so that adding one
 * is always exactly one day, whatever the centre's time zone does.
 */
export const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day string that is not a real 'YYYY-MM-DD' date, e.g. from hand-edited configuration. */
export class BadDayError extends Error {
  readonly code = 'calendar.bad-day';
  constructor(readonly day: string) {
    super(`'${day}' is not a calendar day written YYYY-MM-DD`);
    this.name = 'BadDayError';
  }
}

export function parseDay(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new BadDayError(day);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms) !== day) throw new BadDayError(day);
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function nextDay(day: string, by = 1): string {
  return formatDay(parseDay(day) + by * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(parseDay(day)).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const wd = weekdayOf(day);
  return wd === 0 || wd === 6;
}

export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}
