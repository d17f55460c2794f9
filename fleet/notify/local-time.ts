/** Wall-clock arithmetic in the centre's time zone (no DST in China, but nothing here assumes it). */

function parts(ms: number, timeZone: string): Record<string, number> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Offset of local time from UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  return (
    Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000
  );
}

export function minutesOfDay(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  return p.hour! * 60 + p.minute!;
}

export function parseHhMm(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`not a time of day: '${hhmm}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The first instant at or after `ms` when the local clock reads `minute` (minutes after midnight). */
export function nextLocalTime(ms: number, minute: number, timeZone: string): number {
  const offset = offsetAt(ms, timeZone);
  const localMidnight = Math.floor((ms + offset) / 86_400_000) * 86_400_000;
  let candidate = localMidnight + minute * 60_000 - offset;
  if (candidate < ms) candidate += 86_400_000;
  return candidate;
}

/** 00:00 local of the day after `ms`. */
export function endOfLocalDay(ms: number, timeZone: string): number {
  const offset = offsetAt(ms, timeZone);
  return Math.floor((ms + offset) / 86_400_000) * 86_400_000 + 86_400_000 - offset;
}

export function formatLocal(ms: number, timeZone: string, what: 'date' | 'time' | 'datetime'): string {
  const p = parts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${p.month}月${p.day}日`;
  const time = `${two(p.hour!)}:${two(p.minute!)}`;
  return what === 'date' ? date : what === 'time' ? time : `${date} ${time}`;
}

/** The instant the local clock reads `hhmm` on `day` ('YYYY-MM-DD'), e.g. an appointment's start. */
export function localInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const asUtc = Date.UTC(y!, m! - 1, d!) + parseHhMm(hhmm) * 60_000;
  return asUtc - offsetAt(asUtc - offsetAt(asUtc, timeZone), timeZone);
}
