/** The calendar day at a centre for an instant: what 'today' and per-day figures are keyed by. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function centreDay(ts: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(ts));
}
