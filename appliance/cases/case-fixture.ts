/** One accepted case with a 3-working-day promise, for the progress and timer tests. */

import { loadHolidayCalendar } from '../../platform/calendar/index.ts';
import { Cases } from './cases.ts';
import { openTestStore, putTicket } from './test-support.ts';

export async function oneCase(clock: { t: number }) {
  const { port, store } = await openTestStore();
  const cal = loadHolidayCalendar(undefined);
  const cases = new Cases(port, {
    calendar: cal,
    timeZone: 'Asia/Shanghai',
    supervision: { warningDays: 1, redAfterDays: 2 },
    now: () => clock.t,
  });
  const c = await cases.accept({
    ticketId: (await putTicket(store)).id,
    item: { id: 'i', name: '低保申请', legalLimitDays: 20, promisedLimitDays: 3 },
    materials: [],
    clerk: 'li',
  });
  return { cases, cal, c };
}
