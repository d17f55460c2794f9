/**
 * Child of the store-history bench: opens one store in a fresh process and prints its open time,
 * RSS and live tickets; with a month, also the p95 of that month's report and of person lookups
 * into past days, through the readers the appliance's day/month reports and person lookup use.
 */
import { percentile } from '../../bench/types.ts';
import { monthReport } from '../cases/history-reports.ts';
import { Store } from '../store/store.ts';
import { personRef } from './store-history-gen.ts';

const [dir, month] = process.argv.slice(2);
if (!dir) throw new Error('usage: store-history-open.ts DIR [MONTH]');
const t0 = performance.now();
const store = await Store.open(dir);
const openMs = performance.now() - t0;
globalThis.gc?.();
const rssMb = process.memoryUsage().rss / 2 ** 20;
const out: Record<string, number> = { openMs, rssMb, tickets: store.all('ticket').length };
if (month) {
  const timed = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  const months: number[] = [];
  let served = 0;
  for (let i = 0; i < 10; i++) {
    months.push(
      await timed(async () => {
        served = (await monthReport(store, month)).overall.ticketsServed;
      }),
    );
  }
  const lookups: number[] = [];
  let found = 0;
  for (let i = 0; i < 40; i++) {
    lookups.push(
      await timed(async () => {
        found += (await store.archive.person(personRef(i * 7919 * 101))).length;
      }),
    );
  }
  Object.assign(out, {
    monthP95Ms: percentile(months, 95),
    monthServed: served,
    lookupP95Ms: percentile(lookups, 95),
    lookupFound: found,
  });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
await store.close();
