/**
 * Child of the store-history bench: opens one store in a fresh process and prints its open time,
 * RSS and live tickets; with a month, also the p95 of that month's report and of person lookups
 * into past days, through the readers the appliance's day/month reports and person lookup use,
 * and their anchors: the month added up from its day facts ticket by ticket (the reader before
 * day summaries), and with `scan`, one person lookup that reads every archived day log.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../../bench/types.ts';
import { monthReport } from '../cases/history-reports.ts';
import { PerformanceTally } from '../cases/performance.ts';
import { readFrames, readFramesAt } from '../store/append-file.ts';
import { personOf } from '../store/archive.ts';
import { tallyFacts } from '../store/day-summary.ts';
import { Store } from '../store/store.ts';
import { personRef } from './store-history-gen.ts';

const SHARDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const [dir, month, scan] = process.argv.slice(2);
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
  /** One untimed run first (code loaded and compiled, files in the page cache), then n timed. */
  const sample = async (n: number, work: (i: number) => Promise<unknown>) => {
    await work(-1);
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(await timed(() => work(i)));
    return times;
  };
  let served = 0;
  const months = await sample(20, async () => {
    served = (await monthReport(store, month)).overall.ticketsServed;
  });
  let found = 0;
  let foundForOne = 0;
  const lookups = await sample(40, async (i) => {
    const n = (await store.archive.person(personRef(i * 7919 * 101))).length;
    if (i >= 0) found += n;
    if (i === 1) foundForOne = n;
  });
  // The reader before sealed months: every frame of the person's shard of every month.
  const people = join(dir, 'archive', 'people');
  const lookupsFromShards = await sample(20, async (i) => {
    const ref = personRef(i * 7919 * 101);
    const shard = `${SHARDS.indexOf(ref[0]!)}.idx`;
    const byDay = new Map<string, number[]>();
    for (const m of readdirSync(people)
      .filter((n) => /^\d{4}-\d{2}$/.test(n))
      .sort())
      for (const e of (await readFrames(join(people, m, shard))) as {
        ref: string;
        day: string;
        at: number;
      }[])
        if (e.ref === ref) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e.at]);
    for (const [day, offsets] of byDay)
      await readFramesAt(join(dir, 'archive', 'days', day.slice(0, 7), `${day}.log`), offsets);
  });
  const fromFacts = await sample(10, async () => {
    const tally = new PerformanceTally((d) => d.startsWith(month));
    for (let d = 1; d <= 31; d++) {
      const facts = await store.archive.facts(`${month}-${String(d).padStart(2, '0')}`);
      if (facts) tallyFacts(facts, tally);
    }
    tally.result(month);
  });
  if (scan) {
    const ref = personRef(7919 * 101);
    out.scanMs = await timed(async () => {
      let n = 0;
      for (const m of readdirSync(join(dir, 'archive', 'days')))
        for (const name of readdirSync(join(dir, 'archive', 'days', m)).filter((f) => f.endsWith('.log')))
          for (const e of (await store.archive.day(name.slice(0, 10))).records) if (personOf(e) === ref) n++;
      out.scanFound = n;
    });
    if (out.scanFound !== foundForOne)
      throw new Error(`the index found ${foundForOne} records of a person, the scan ${out.scanFound}`);
  }
  Object.assign(out, {
    monthFromFactsP95Ms: percentile(fromFacts, 95),
    monthP95Ms: percentile(months, 95),
    monthServed: served,
    lookupP95Ms: percentile(lookups, 95),
    lookupFound: found,
    lookupShardsP95Ms: percentile(lookupsFromShards, 95),
  });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
await store.close();
