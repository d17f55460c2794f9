/** The calendar day at a centre for an instant: what 'today' and per-day figures are keyed by. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Days by zone and quarter hour, so formatting (slow) runs about once per quarter hour instead of
 * once per transaction. A quarter is remembered only when its first and last instants fall on the
 * same day (then all of it does): today's offsets are whole quarter hours, old local mean times not.
 */
const QUARTER_MS = 900_000;
const MAX_QUARTERS = 100_000;
const days = new Map<string, Map<number, string>>();

function formatDay(ts: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(ts));
}

export function centreDay(ts: number, timeZone: string): string {
  let zone = days.get(timeZone);
  if (!zone) {
    zone = new Map();
    days.set(timeZone, zone);
  }
  const quarter = Math.floor(ts / QUARTER_MS);
  const known = zone.get(quarter);
  if (known !== undefined) return known;
  const day = formatDay(ts, timeZone);
  const first = formatDay(quarter * QUARTER_MS, timeZone);
  const last = formatDay((quarter + 1) * QUARTER_MS - 1, timeZone);
  if (first === last) {
    if (zone.size >= MAX_QUARTERS) zone.clear();
    zone.set(quarter, day);
  }
  return day;
}
