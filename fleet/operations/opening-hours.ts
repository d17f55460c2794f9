/**
 * A centre's opening hours (the kiosk configuration's `centre.openingHours`, or fleet operations'
 * defaults per site): weekly windows in the centre's time zone. A kiosk switched off cleanly
 * outside them is closed for the night, not down.
 */

export interface OpeningWindow {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** 'HH:MM', local time. */
  open: string;
  close: string;
}

export interface OpeningHours {
  timeZone: string;
  windows: OpeningWindow[];
}

export const DEFAULT_OPENING_HOURS: OpeningHours = {
  timeZone: 'Asia/Shanghai',
  windows: [
    { days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' },
    { days: [6], open: '09:00', close: '12:00' },
  ],
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, timeZone: string): { weekday: number; minutes: number; seconds: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
  };
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** When the window the centre is open in at `now` began (ms), or null when it is closed. */
export function openSince(hours: OpeningHours, now: number): number | null {
  const { weekday, minutes, seconds } = localParts(now, hours.timeZone);
  for (const w of hours.windows) {
    const open = toMinutes(w.open);
    if (w.days.includes(weekday) && minutes >= open && minutes < toMinutes(w.close)) {
      return now - ((minutes - open) * 60 + seconds) * 1000 - (now % 1000);
    }
  }
  return null;
}

export function isOpeningHours(value: unknown): value is OpeningHours {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<OpeningHours>;
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  return (
    typeof v.timeZone === 'string' &&
    Array.isArray(v.windows) &&
    v.windows.every(
      (w) =>
        Array.isArray(w.days) &&
        w.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) &&
        time.test(w.open) &&
        time.test(w.close),
    )
  );
}
