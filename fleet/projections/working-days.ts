/**
 * Working days for central's own deadlines (a 差评's rectification). The kiosks' holiday calendar
 * (with 调休) is being moved to platform/calendar/; until central can use it, this counts Monday
 * to Friday only, and says so where it is used.
 */
import type { WorkingDays } from './ratings.ts';

const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

const isWeekday = (day: string): boolean => {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
};

export const weekdayCalendar: WorkingDays = {
  addWorkingDays(from: string, n: number): string {
    let day = from;
    for (let left = n; left > 0; ) {
      day = addDays(day, 1);
      if (isWeekday(day)) left--;
    }
    return day;
  },
  workingDaysBetween(a: string, b: string): number {
    if (b < a) return -this.workingDaysBetween(b, a);
    let n = 0;
    for (let day = addDays(a, 1); day <= b; day = addDays(day, 1)) if (isWeekday(day)) n++;
    return n;
  },
};
