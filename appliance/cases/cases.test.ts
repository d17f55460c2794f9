import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { txBodyOf } from '../../contract/mqtt.ts';
import { CHINA_HOLIDAYS, WorkingCalendar } from '../../platform/calendar/index.ts';
import type { ApplianceError } from '../core/errors.ts';
import { type CaseItem, Cases } from './cases.ts';
import { readTypedReceipt } from './receipt-number.ts';
import type { CaseRecord } from './records.ts';
import { applicant, beijing, openTestStore, putTicket, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

const calendar = new WorkingCalendar(CHINA_HOLIDAYS);
const item: CaseItem = { id: 'dibao-apply', name: '低保申请', legalLimitDays: 20, promisedLimitDays: 5 };

async function casesAt(clock: { t: number }, supervision = { warningDays: 2, redAfterDays: 5 }) {
  const t = await openTestStore();
  const cases = new Cases(t.port, { calendar, timeZone: 'Asia/Shanghai', supervision, now: () => clock.t });
  return { ...t, cases };
}

const refusedWith = (code: string, text?: RegExp) => (e: ApplianceError) =>
  e.code === code && (text === undefined || text.test(e.message));

test('accepting from a served ticket sets both deadlines across the Spring Festival', async () => {
  const clock = { t: beijing('2025-01-24', 10) };
  const { cases, store } = await casesAt(clock);
  const ticket = await putTicket(store);
  const c = await cases.accept({ ticketId: ticket.id, item, materials: ['户口簿', '收入证明'], clerk: 'li' });
  assert.match(c.number, /^20250124-\d{7}$/, 'the day, then a keyed part and a check digit');
  assert.deepEqual(readTypedReceipt(c.number), { kind: 'number', number: c.number });
  assert.equal(c.state, 'accepted');
  assert.equal(c.serviceId, 'assistance');
  assert.equal(c.applicant.ref, applicant.ref, 'the applicant defaults to the ticket holder');
  // promised 5: 1/26 (Sun, make-up) 1, 1/27 2, 1/28–2/4 holiday, 2/5 3, 2/6 4, 2/7 5
  assert.equal(c.promisedDeadline, '2025-02-07');
  // legal 20: … 2/7 5, 2/8 (Sat, make-up) 6, 2/10–14 7–11, 2/17–21 12–16, 2/24–27 17–20
  assert.equal(c.legalDeadline, '2025-02-27');
  assert.equal(c.level, 'normal');
  assert.equal(c.provisional, false);
  const tx = store.transactions().at(-1)!;
  assert.equal(tx.type, 'case.accepted');
  assert.equal(tx.body.caseId, c.id);
  assert.equal(tx.body.applicantRef, applicant.ref);
  assert.doesNotMatch(JSON.stringify(tx.body), /王\*|sealed-bytes|110105/, 'no personal data leaves');
  const second = await cases.accept({ ticketId: ticket.id, item, materials: [], clerk: 'li' });
  assert.match(second.number, /^20250124-\d{7}$/);
  assert.notEqual(second.number, c.number);
});

test('acceptance is refused without a served ticket, an applicant or sane limits', async () => {
  const clock = { t: beijing('2025-01-24', 10) };
  const { cases, store } = await casesAt(clock);
  const waiting = await putTicket(store, { status: 'waiting' });
  const anonymous = await putTicket(store, { holder: undefined });
  const served = await putTicket(store, { status: 'done' });
  await assert.rejects(
    cases.accept({ ticketId: waiting.id, item, materials: [], clerk: 'li' }),
    refusedWith('case.ticket-not-served', /waiting/),
  );
  await assert.rejects(
    cases.accept({ ticketId: 'nope', item, materials: [], clerk: 'li' }),
    refusedWith('ticket.unknown'),
  );
  await assert.rejects(
    cases.accept({ ticketId: anonymous.id, item, materials: [], clerk: 'li' }),
    refusedWith('case.applicant-required'),
  );
  await assert.rejects(
    cases.accept({
      ticketId: served.id,
      item: { ...item, promisedLimitDays: 30 },
      materials: [],
      clerk: 'li',
    }),
    refusedWith('case.bad-limits', /cannot be longer than the legal one/),
  );
  await assert.rejects(
    cases.accept({ ticketId: served.id, item: { ...item, legalLimitDays: -1 }, materials: [], clerk: 'li' }),
    refusedWith('case.bad-limits'),
  );
  await assert.rejects(
    cases.accept({ ticketId: served.id, item, materials: ['  '], clerk: 'li' }),
    refusedWith('case.bad-text'),
  );
  assert.equal(cases.list().length, 0);
  const ok = await cases.accept({ ticketId: anonymous.id, applicant, item, materials: [], clerk: 'li' });
  assert.equal(ok.applicant.ref, applicant.ref, 'a card tapped at the counter is used');
});

// Suspension (补正) moves both deadlines by exactly the working days the clock was stopped:
// the working days d with suspendDay < d <= resumeDay.
//
// accepted    promised  suspended   resumed     stopped WD                      promised deadline
// 2025-03-03  5         2025-03-05  2025-03-12  3/6 3/7 3/10 3/11 3/12 = 5      3/10 → 3/17
// 2025-09-22  5         2025-09-26  2025-10-09  9/28(make-up) 9/29 9/30 10/9=4  9/28 (Sun make-up) → 10/10
test('a suspension moves the deadlines by exactly the suspended working days', async () => {
  const table: Array<[string, string, string, number, string, string]> = [
    ['2025-03-03', '2025-03-05', '2025-03-12', 5, '2025-03-10', '2025-03-17'],
    ['2025-09-22', '2025-09-26', '2025-10-09', 4, '2025-09-28', '2025-10-10'],
  ];
  for (const [acceptDay, suspendDay, resumeDay, stopped, before, afterResume] of table) {
    const clock = { t: beijing(acceptDay, 9) };
    const { cases, store } = await casesAt(clock);
    const ticket = await putTicket(store);
    const c = await cases.accept({ ticketId: ticket.id, item, materials: ['户口簿'], clerk: 'li' });
    assert.equal(c.promisedDeadline, before);
    const legalBefore = c.legalDeadline;
    await cases.start(c.id, 'li');
    clock.t = beijing(suspendDay, 15);
    const s = await cases.suspend(c.id, { clerk: 'li', missingMaterials: ['收入证明'] });
    assert.equal(s.state, 'suspended');
    assert.equal(s.promisedDeadline, before, 'the deadline only moves when the clock restarts');
    clock.t = beijing(resumeDay, 11);
    const r = await cases.resume(c.id, { clerk: 'li', materialsReceived: ['收入证明'] });
    assert.equal(r.state, 'in-progress');
    assert.equal(r.pausedWorkingDays, stopped);
    assert.equal(r.suspensions[0]?.workingDays, stopped);
    assert.equal(r.promisedDeadline, afterResume);
    assert.equal(calendar.workingDaysBetween(before, r.promisedDeadline), stopped);
    assert.equal(calendar.workingDaysBetween(legalBefore, r.legalDeadline), stopped);
    assert.deepEqual(r.materials, ['户口簿', '收入证明']);
    const tx = txBodyOf(store.transactions().at(-1)!, 'case.changed');
    assert.equal(tx?.change, 'resume');
    assert.equal(tx?.promisedDeadline, afterResume);
  }
});

test('a suspension needs the missing materials named, and a same-day resume moves nothing', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store } = await casesAt(clock);
  const c = await cases.accept({ ticketId: (await putTicket(store)).id, item, materials: [], clerk: 'li' });
  await assert.rejects(
    cases.suspend(c.id, { clerk: 'li', missingMaterials: [] }),
    refusedWith('case.bad-text'),
  );
  await cases.suspend(c.id, { clerk: 'li', missingMaterials: ['身份证复印件'] });
  clock.t += 3_600_000;
  const r = await cases.resume(c.id, { clerk: 'li', materialsReceived: [] });
  assert.equal(r.pausedWorkingDays, 0);
  assert.equal(r.promisedDeadline, c.promisedDeadline);
});

test('illegal transitions are refused, naming the current state', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store } = await casesAt(clock);
  const c = await cases.accept({ ticketId: (await putTicket(store)).id, item, materials: [], clerk: 'li' });
  await assert.rejects(cases.complete(c.id, 'li'), refusedWith('case.illegal-transition', /is accepted/));
  await assert.rejects(
    cases.resume(c.id, { clerk: 'li', materialsReceived: [] }),
    refusedWith('case.illegal-transition', /is accepted: it cannot be resumed/),
  );
  await cases.start(c.id, 'li');
  await assert.rejects(cases.start(c.id, 'li'), refusedWith('case.illegal-transition', /is in-progress/));
  const done = await cases.complete(c.id, 'li');
  assert.equal(done.late, false);
  await assert.rejects(
    cases.suspend(c.id, { clerk: 'li', missingMaterials: ['x'] }),
    refusedWith('case.illegal-transition', /is completed/),
  );
  await assert.rejects(
    cases.refuse(c.id, { clerk: 'li', reason: '材料不全' }),
    refusedWith('case.illegal-transition', /is completed/),
  );
  await assert.rejects(cases.start('nope', 'li'), refusedWith('case.unknown'));
});

test('two clerks completing the same case at once: one wins, the other is refused', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store } = await casesAt(clock);
  const c = await cases.accept({ ticketId: (await putTicket(store)).id, item, materials: [], clerk: 'li' });
  await cases.start(c.id, 'li');
  const results = await Promise.allSettled([cases.complete(c.id, 'li'), cases.complete(c.id, 'wang')]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected'],
  );
  assert.equal(
    store.transactions().filter((t) => txBodyOf(t, 'case.changed')?.change === 'complete').length,
    1,
  );
});

test('a refusal needs a reason and is flagged for review until a supervisor reviews it', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store } = await casesAt(clock);
  const c = await cases.accept({ ticketId: (await putTicket(store)).id, item, materials: [], clerk: 'li' });
  await assert.rejects(cases.refuse(c.id, { clerk: 'li', reason: '' }), refusedWith('case.reason-required'));
  await assert.rejects(
    cases.refuse(c.id, { clerk: 'li', reason: '   ' }),
    refusedWith('case.reason-required'),
  );
  assert.equal(cases.get(c.id)?.state, 'accepted');
  await assert.rejects(cases.reviewRefusal(c.id, 'boss'), refusedWith('case.not-refused', /accepted/));
  await assert.rejects(
    cases.refuse(c.id, { clerk: 'li', reason: '不符合低保条件' }),
    refusedWith('case.refusal-kind-required'),
  );
  const refused = await cases.refuse(c.id, {
    clerk: 'li',
    reason: ' 不符合低保条件 ',
    kind: 'not-permitted',
  });
  assert.equal(refused.state, 'refused');
  assert.equal(refused.refusal?.reason, '不符合低保条件');
  assert.equal(txBodyOf(store.transactions().at(-1)!, 'case.changed')?.refusalKind, 'not-permitted');
  assert.deepEqual(
    cases.refusalsAwaitingReview().map((x) => x.id),
    [c.id],
  );
  assert.equal(txBodyOf(store.transactions().at(-1)!, 'case.changed')?.refusalReviewed, false);
  const reviewed = await cases.reviewRefusal(c.id, 'boss');
  assert.equal(reviewed.refusal?.reviewedBy, 'boss');
  assert.deepEqual(cases.refusalsAwaitingReview(), []);
  await assert.rejects(cases.reviewRefusal(c.id, 'boss'), refusedWith('case.already-reviewed'));
});

// Promised limit 3 from Fri 2025-09-26: deadline Tue 9/30. warningDays 1, redAfterDays 2.
// now (Beijing)        working days left / overdue                     level
// 9/26 Fri 10:00       9/28 9/29 9/30 left = 3                          normal (at acceptance)
// 9/28 Sun 10:00       9/29 9/30 left = 2 (Sunday is a make-up day)     normal
// 9/29 Mon 00:30       9/30 left = 1                                    warning
// 9/30 Tue 17:00       0 left, deadline day                             warning
// 10/1 Wed (holiday)   past the deadline, 0 working days overdue        yellow
// 10/10 Fri            overdue 10/9 10/10 = 2, not more than 2          yellow
// 10/11 Sat (make-up)  overdue 3 > 2                                    red
test('supervision levels change at the right moments and each change is a transaction', async () => {
  const clock = { t: beijing('2025-09-26', 10) };
  const { cases, store } = await casesAt(clock, { warningDays: 1, redAfterDays: 2 });
  const c = await cases.accept({
    ticketId: (await putTicket(store)).id,
    item: { ...item, promisedLimitDays: 3 },
    materials: [],
    clerk: 'li',
  });
  const levelsAt = async (day: string, hh = 10, mm = 0) =>
    (await cases.supervise(beijing(day, hh, mm))).map((x) => x.level);
  assert.equal(c.promisedDeadline, '2025-09-30');
  assert.equal(c.level, 'normal');
  assert.deepEqual(await levelsAt('2025-09-28'), []);
  assert.deepEqual(await levelsAt('2025-09-29', 0, 30), ['warning']);
  assert.deepEqual(await levelsAt('2025-09-30', 17), []);
  assert.deepEqual(await levelsAt('2025-10-01'), ['yellow']);
  assert.deepEqual(await levelsAt('2025-10-10'), []);
  assert.deepEqual(await levelsAt('2025-10-11'), ['red']);
  assert.deepEqual(await levelsAt('2025-10-11', 16), [], 'supervising twice changes nothing');
  const changes = store
    .transactions()
    .flatMap((t) => txBodyOf(t, 'case.changed') ?? [])
    .filter((b) => b.change === 'level');
  assert.deepEqual(
    changes.map((b) => b.level),
    ['warning', 'yellow', 'red'],
  );
  assert.equal(cases.get(c.id)?.level, 'red');
  clock.t = beijing('2025-10-13', 9);
  await cases.start(c.id, 'li');
  const done = await cases.complete(c.id, 'li');
  assert.equal(done.late, true);
  assert.equal(done.worstLevel, 'red');
  assert.deepEqual(await levelsAt('2025-12-01'), [], 'closed cases are no longer supervised');
});

test('a suspended case is not supervised, and resuming recomputes its level', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store } = await casesAt(clock);
  const c = await cases.accept({ ticketId: (await putTicket(store)).id, item, materials: [], clerk: 'li' });
  // deadline 3/10; suspend on 3/4; a month later the case would be red if its clock ran
  clock.t = beijing('2025-03-04', 9);
  await cases.suspend(c.id, { clerk: 'li', missingMaterials: ['收入证明'] });
  assert.deepEqual(await cases.supervise(beijing('2025-04-10')), []);
  clock.t = beijing('2025-04-10', 9);
  const r = await cases.resume(c.id, { clerk: 'li', materialsReceived: ['收入证明'] });
  // used 1 (3/4) before the stop; the other 4 run from 4/10: 4/11 4/14 4/15 4/16
  assert.equal(r.promisedDeadline, '2025-04-16');
  assert.equal(r.level, 'normal');
});

test('cases survive a restart of the store', async () => {
  const clock = { t: beijing('2025-03-03', 9) };
  const { cases, store, dir } = await casesAt(clock);
  const c = await cases.accept({
    ticketId: (await putTicket(store)).id,
    item,
    materials: ['户口簿'],
    clerk: 'li',
  });
  await cases.suspend(c.id, { clerk: 'li', missingMaterials: ['收入证明'] });
  const reopened = await openTestStore(dir);
  const again = new Cases(reopened.port, { calendar, timeZone: 'Asia/Shanghai', now: () => clock.t });
  const back: CaseRecord | undefined = again.byNumber(c.number);
  assert.equal(back?.state, 'suspended');
  assert.deepEqual(back?.suspensions[0]?.missingMaterials, ['收入证明']);
  assert.deepEqual(
    again.open().map((x) => x.id),
    [c.id],
  );
});

test('a supervision policy with negative or fractional days is refused at start', async () => {
  const { port } = await openTestStore();
  for (const supervision of [
    { warningDays: -1, redAfterDays: 5 },
    { warningDays: 2, redAfterDays: 1.5 },
  ]) {
    assert.throws(() => new Cases(port, { calendar, timeZone: 'Asia/Shanghai', supervision }), RangeError);
  }
});
