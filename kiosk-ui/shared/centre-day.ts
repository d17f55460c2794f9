/**
 * The calendar day in China Standard Time, the day the appliance files tickets and cases under.
 * PublicState does not carry the centre's time zone (a proposed contract addition); every centre is in China.
 */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function centreDay(epochMs: number = Date.now()): string {
  return formatter.format(new Date(epochMs));
}

/** Only what was called today: the appliance's recent calls survive midnight. */
export function todaysCalls<T extends { calledAt: number }>(
  calls: readonly T[],
  now: number = Date.now(),
): T[] {
  const today = centreDay(now);
  return calls.filter((c) => centreDay(c.calledAt) === today);
}
