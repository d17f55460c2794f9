import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { txBodyOf } from '../../contract/mqtt.ts';
import { CHINA_HOLIDAYS, WorkingCalendar } from '../../platform/calendar/index.ts';
import type { ApplianceError } from '../core/errors.ts';
import { Cases } from './cases.ts';
import { Ratings } from './ratings.ts';
import { beijing, openTestStore, putTicket, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

const calendar = new WorkingCalendar(CHINA_HOLIDAYS);
const timeZone = 'Asia/Shanghai';

async function ratingsAt(clock: { t: number }) {
  const t = await openTestStore();
  return { ...t, ratings: new Ratings(t.port, { calendar, timeZone, now: () => clock.t }) };
}

const refusedWith = (code: string) => (e: ApplianceError) => e.code === code;

test('a served ticket is rated once; a second rating is refused', async () => {
  const clock = { t: beijing('2025-03-03', 11) };
  const { ratings, store } = await ratingsAt(clock);
  const ticket = await putTicket(store, { status: 'done', finishedAt: clock.t - 60_000 });
  const r = await ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 5, comment: ' 很满意 ' });
  assert.equal(r.score, 5);
  assert.equal(r.comment, '很满意');
  assert.equal(r.serviceId, 'assistance');
  assert.equal(r.counterId, 'w2');
  assert.equal(r.day, '2025-03-03');
  assert.equal(r.rectifyBy, undefined);
  const tx = store.transactions().at(-1)!;
  assert.equal(tx.type, 'rating.given');
  assert.equal(tx.body.score, 5);
  await assert.rejects(
    ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 1 }),
    refusedWith('rating.already-given'),
  );
  assert.equal(ratings.list().length, 1);
});

test('two ratings of the same ticket at once: exactly one is kept', async () => {
  const clock = { t: beijing('2025-03-03', 11) };
  const { ratings, store } = await ratingsAt(clock);
  const ticket = await putTicket(store, { status: 'done' });
  const results = await Promise.allSettled([
    ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 4 }),
    ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 2 }),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected'],
  );
  assert.equal(store.transactions().filter((t) => t.type === 'rating.given').length, 1);
});

test('bad scores, long comments, unserved tickets and unknown things are refused', async () => {
  const clock = { t: beijing('2025-03-03', 11) };
  const { ratings, store } = await ratingsAt(clock);
  const waiting = await putTicket(store, { status: 'waiting' });
  const noShow = await putTicket(store, { status: 'no-show' });
  const done = await putTicket(store, { status: 'done' });
  const subject = { kind: 'ticket' as const, id: done.id };
  for (const score of [0, 6, 3.5, Number.NaN]) {
    await assert.rejects(ratings.rate({ subject, score }), refusedWith('rating.bad-score'));
  }
  await assert.rejects(
    ratings.rate({ subject, score: 3, comment: '好'.repeat(141) }),
    refusedWith('rating.comment-too-long'),
  );
  await assert.rejects(
    ratings.rate({ subject: { kind: 'ticket', id: waiting.id }, score: 3 }),
    refusedWith('rating.not-served'),
  );
  await assert.rejects(
    ratings.rate({ subject: { kind: 'ticket', id: noShow.id }, score: 3 }),
    refusedWith('rating.not-served'),
  );
  await assert.rejects(
    ratings.rate({ subject: { kind: 'ticket', id: 'x' }, score: 3 }),
    refusedWith('ticket.unknown'),
  );
  await assert.rejects(
    ratings.rate({ subject: { kind: 'case', id: 'x' }, score: 3 }),
    refusedWith('case.unknown'),
  );
  assert.deepEqual(ratings.list(), []);
});

// A poor rating (1 or 2) must be put right within 15 working days. Rated Fri 2025-09-26:
// 9/28 (Sun make-up) 1, 9/29 2, 9/30 3, 10/1–10/8 holiday, 10/9 4, 10/10 5, 10/11 (Sat make-up) 6,
// 10/13–17 7–11, 10/20–23 12–15  →  2025-10-23
test('a case is rated separately from its ticket, and a poor rating gets a rectification deadline', async () => {
  const clock = { t: beijing('2025-09-26', 10) };
  const { ratings, store, port } = await ratingsAt(clock);
  const ticket = await putTicket(store);
  const cases = new Cases(port, { calendar, timeZone, now: () => clock.t });
  const c = await cases.accept({
    ticketId: ticket.id,
    item: { id: 'i', name: '低保申请', legalLimitDays: 20, promisedLimitDays: 5 },
    materials: [],
    clerk: 'li',
    counterId: 'w2',
  });
  const onCase = await ratings.rate({ subject: { kind: 'case', id: c.id }, score: 1, comment: '太慢' });
  assert.equal(onCase.clerk, 'li');
  assert.equal(onCase.rectifyBy, '2025-10-23');
  assert.equal(txBodyOf(store.transactions().at(-1)!, 'rating.given')?.rectifyBy, '2025-10-23');
  const onTicket = await ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 4 });
  assert.equal(onTicket.rectifyBy, undefined);
  await assert.rejects(
    ratings.rate({ subject: { kind: 'case', id: c.id }, score: 5 }),
    refusedWith('rating.already-given'),
  );
  assert.deepEqual(
    ratings.poor().map((r) => r.id),
    [onCase.id],
  );
});

test('不满意 and 非常不满意 need a reason; the reasons travel with the rating to central', async () => {
  const clock = { t: beijing('2025-03-03', 11) };
  const t = await openTestStore();
  const ratings = new Ratings(t.port, { calendar, timeZone, now: () => clock.t, poorNeedsReason: true });
  const ticket = await putTicket(t.store, { status: 'done' });
  await assert.rejects(
    ratings.rate({ subject: { kind: 'ticket', id: ticket.id }, score: 2 }),
    refusedWith('rating.reason-required'),
  );
  assert.equal(ratings.list().length, 0, 'nothing kept from the refused rating');
  const r = await ratings.rate({
    subject: { kind: 'ticket', id: ticket.id },
    score: 1,
    reasons: ['long-wait', 'attitude', 'long-wait'],
  });
  assert.deepEqual(r.reasons, ['long-wait', 'attitude']);
  assert.ok(r.rectifyBy, 'a 差评 opens a rectification');
  const tx = t.store.transactions().at(-1)!;
  assert.deepEqual(txBodyOf(tx, 'rating.given')?.reasons, ['long-wait', 'attitude']);
  const other = await putTicket(t.store, { status: 'done' });
  const good = await ratings.rate({
    subject: { kind: 'ticket', id: other.id },
    score: 4,
    reasons: ['other'],
  });
  assert.equal(good.reasons, undefined, 'a good rating keeps no reasons');
});
