/**
 * Times as the operator reads them: the clock of this machine's time zone (TZ), not UTC — today's
 * as 14:02:11, earlier days with their date — with how long ago beside them.
 */

/** `3m ago`: how long before `now`. */
export function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

const clock = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dated = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayOf = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** `14:02:11` today (local), `2026-11-30 09:15` on another day. */
export function localTime(ms: number, now: number): string {
  if (dayOf.format(ms) === dayOf.format(now)) return clock.format(ms);
  return dated.format(ms).replace(',', '');
}

/** `14:02:11 (3m ago)`, or '-' when never. */
export function localWithAgo(ms: number | undefined, now: number): string {
  return ms === undefined ? '-' : `${localTime(ms, now)} (${ago(ms, now)})`;
}

/** `14:02:11.123`: a live line's arrival time on the local clock, to the millisecond. */
export function localClockMs(ms: number): string {
  return `${clock.format(ms)}.${String(new Date(ms).getMilliseconds()).padStart(3, '0')}`;
}
