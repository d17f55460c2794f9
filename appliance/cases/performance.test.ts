import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Durations, kthOfSorted } from './durations.ts';
import {
  dayPerformance,
  durationStats,
  type PerformanceCase,
  type PerformanceRating,
  type PerformanceTicket,
} from './performance.ts';
import { beijing } from './test-support.ts';

const D = '2025-03-03';
const at = (hh: number, mm: number) => beijing(D, hh, mm);
const MIN = 60_000;

// ticket  service counter clerk  issued  called  finished status   wait  handling
// T1      A       w1      li     9:00    9:10    9:20     done     10    10
// T2      A       w1      li     9:05    9:20    9:50     done     15    30
// T3      B       w2      wang   9:00    9:30    –        no-show  30    –
// T4      B       w2      wang   9:10    9:40    9:45     done     30    5
// T5      A       –       –      9:30    –       –        waiting  –     –
// T6      A       w1      li     (another day)
const tickets: PerformanceTicket[] = [
  {
    day: D,
    serviceId: 'A',
    counterId: 'w1',
    clerk: 'li',
    issuedAt: at(9, 0),
    calledAt: at(9, 10),
    finishedAt: at(9, 20),
    status: 'done',
  },
  {
    day: D,
    serviceId: 'A',
    counterId: 'w1',
    clerk: 'li',
    issuedAt: at(9, 5),
    calledAt: at(9, 20),
    finishedAt: at(9, 50),
    status: 'done',
  },
  {
    day: D,
    serviceId: 'B',
    counterId: 'w2',
    clerk: 'wang',
    issuedAt: at(9, 0),
    calledAt: at(9, 30),
    status: 'no-show',
  },
  {
    day: D,
    serviceId: 'B',
    counterId: 'w2',
    clerk: 'wang',
    issuedAt: at(9, 10),
    calledAt: at(9, 40),
    finishedAt: at(9, 45),
    status: 'done',
  },
  { day: D, serviceId: 'A', issuedAt: at(9, 30), status: 'waiting' },
  {
    day: '2025-03-04',
    serviceId: 'A',
    counterId: 'w1',
    clerk: 'li',
    issuedAt: at(9, 0),
    calledAt: at(10, 0),
    finishedAt: at(11, 0),
    status: 'done',
  },
];

// case  service counter clerk  accepted    state      completed   late
// C1    A       w1      li     D           completed  D           no
// C2    B       w2      wang   2025-02-20  completed  D           yes
// C3    A       w1      li     D           accepted   –
// C4    B       w2      wang   D           refused    –
// C5    A       w1      li     2025-02-01  completed  2025-03-01  yes  (another day)
const cases: PerformanceCase[] = [
  {
    serviceId: 'A',
    counterId: 'w1',
    clerk: 'li',
    acceptedDay: D,
    state: 'completed',
    completedDay: D,
    late: false,
  },
  {
    serviceId: 'B',
    counterId: 'w2',
    clerk: 'wang',
    acceptedDay: '2025-02-20',
    state: 'completed',
    completedDay: D,
    late: true,
  },
  { serviceId: 'A', counterId: 'w1', clerk: 'li', acceptedDay: D, state: 'accepted' },
  { serviceId: 'B', counterId: 'w2', clerk: 'wang', acceptedDay: D, state: 'refused' },
  {
    serviceId: 'A',
    counterId: 'w1',
    clerk: 'li',
    acceptedDay: '2025-02-01',
    state: 'completed',
    completedDay: '2025-03-01',
    late: true,
  },
];

// rating service counter clerk score day
// R1     A       w1      li    5     D
// R2     A       w1      –     4     D
// R3     B       w2      wang  2     D
// R4     A       w1      li    1     another day
const ratings: PerformanceRating[] = [
  { day: D, serviceId: 'A', counterId: 'w1', clerk: 'li', score: 5 },
  { day: D, serviceId: 'A', counterId: 'w1', score: 4 },
  { day: D, serviceId: 'B', counterId: 'w2', clerk: 'wang', score: 2 },
  { day: '2025-03-04', serviceId: 'A', counterId: 'w1', clerk: 'li', score: 1 },
];

test('a small day worked out by hand', () => {
  const p = dayPerformance(D, { tickets, cases, ratings });
  // overall: waits 10 15 30 30 → mean 21.25, median 22.5; handling 10 30 5 → mean 15, median 10
  assert.deepEqual(p.overall, {
    ticketsServed: 3,
    noShows: 1,
    noShowRate: 0.25,
    waiting: { count: 4, meanMs: 21.25 * MIN, medianMs: 22.5 * MIN },
    handling: { count: 3, meanMs: 15 * MIN, medianMs: 10 * MIN },
    casesAccepted: 3,
    casesCompleted: 2,
    casesCompletedLate: 1,
    overdueRate: 0.5,
    ratingCount: 3,
    ratingAverage: 11 / 3,
  });
  assert.deepEqual(Object.keys(p.byCounter), ['w1', 'w2']);
  const w1 = p.byCounter.w1!;
  assert.equal(w1.ticketsServed, 2);
  assert.equal(w1.noShowRate, 0);
  assert.deepEqual(w1.waiting, { count: 2, meanMs: 12.5 * MIN, medianMs: 12.5 * MIN });
  assert.deepEqual(w1.handling, { count: 2, meanMs: 20 * MIN, medianMs: 20 * MIN });
  assert.equal(w1.casesAccepted, 2);
  assert.equal(w1.overdueRate, 0);
  assert.equal(w1.ratingAverage, 4.5);
  const w2 = p.byCounter.w2!;
  assert.equal(w2.noShowRate, 0.5);
  assert.deepEqual(w2.waiting, { count: 2, meanMs: 30 * MIN, medianMs: 30 * MIN });
  assert.equal(w2.overdueRate, 1);
  assert.equal(w2.casesAccepted, 1, 'a refused case still counts as accepted that day');
  assert.equal(p.byClerk.li?.ratingCount, 1, 'R2 names no clerk');
  assert.equal(p.byClerk.wang?.ratingAverage, 2);
  assert.equal(p.byService.A?.ticketsServed, 2);
  assert.equal(p.byService.A?.waiting?.count, 2, 'the waiting ticket T5 has no waiting time yet');
  assert.equal(p.byService.B?.noShows, 1);
});

test('nothing to divide by gives null, not zero', () => {
  const p = dayPerformance(D, { tickets: [], cases: [], ratings: [] });
  assert.equal(p.overall.noShowRate, null);
  assert.equal(p.overall.waiting, null);
  assert.equal(p.overall.overdueRate, null);
  assert.equal(p.overall.ratingAverage, null);
  assert.deepEqual(p.byCounter, {});
  const other = dayPerformance('2025-03-05', { tickets, cases, ratings });
  assert.equal(other.overall.ticketsServed, 0);
});

test('median of an odd and an even number of durations', () => {
  assert.equal(durationStats([3, 1, 2])?.medianMs, 2);
  assert.equal(durationStats([4, 1, 3, 2])?.medianMs, 2.5);
  assert.equal(durationStats([]), null);
});

test('a median over sorted runs (a month of day summaries) is the median of all their values', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  for (let round = 0; round < 50; round++) {
    const runs = Array.from({ length: 1 + (next() % 9) }, () =>
      Float64Array.from({ length: next() % 40 }, () => next() % 25).sort(),
    );
    const loose = Array.from({ length: next() % 5 }, () => next() % 25);
    const all = [...runs.flatMap((r) => [...r]), ...loose];
    const d = new Durations();
    for (const r of runs)
      d.addSorted(
        r,
        r.reduce((s, v) => s + v, 0),
      );
    for (const v of loose) d.push(v);
    const sorted = [...all].sort((a, b) => a - b);
    const n = sorted.length;
    const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    assert.deepEqual(
      d.stats(),
      n === 0 ? null : { count: n, meanMs: all.reduce((s, v) => s + v, 0) / n, medianMs: median },
      `round ${round}: ${n} values`,
    );
    for (let k = 0; k < sorted.length; k++)
      assert.equal(kthOfSorted([...runs, Float64Array.from(loose).sort()], k), sorted[k]);
  }
});
