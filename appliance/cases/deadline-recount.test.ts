/**
 * Open cases are recounted when the calendar changes (the 2027 arrangement arrives; a release brings
 * the rules to cases counted on weekends only), and each move is recorded and sent to central.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { txBodyOf } from '../../contract/mqtt.ts';
import { CHINA_HOLIDAYS, WorkingCalendar } from '../../platform/calendar/index.ts';
import { ARRANGEMENT_2027 } from '../../platform/calendar/test-support.ts';
import { type CaseItem, Cases } from './cases.ts';
import type { CaseRecord } from './records.ts';
import { beijing, openTestStore, putTicket, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

const beforeNotice = new WorkingCalendar(CHINA_HOLIDAYS);
const withNotice = new WorkingCalendar({ years: { ...CHINA_HOLIDAYS.years, '2027': ARRANGEMENT_2027 } });
/** What the calendar did before it knew the rules: a 2027 with no days off at all. */
const weekendsOnly = new WorkingCalendar({
  years: {
    ...CHINA_HOLIDAYS.years,
    '2027': { ...ARRANGEMENT_2027, confirmed: false, holidays: [], makeupWorkdays: [] },
  },
});

const item: CaseItem = {
  id: 'tekun',
  name: '特困人员救助供养申请',
  legalLimitDays: 60,
  promisedLimitDays: 45,
};

async function deskOn(calendar: WorkingCalendar, clock: { t: number }, dir?: string) {
  const t = await openTestStore(dir);
  const cases = new Cases(t.port, { calendar, timeZone: 'Asia/Shanghai', now: () => clock.t });
  return { ...t, cases };
}

async function acceptOn(t: Awaited<ReturnType<typeof deskOn>>, limits: Partial<CaseItem> = {}) {
  const ticketId = (await putTicket(t.store)).id;
  return t.cases.accept({ ticketId, item: { ...item, ...limits }, materials: [], clerk: 'li' });
}

const deadlineTxs = (t: Awaited<ReturnType<typeof deskOn>>) =>
  t.store
    .transactions()
    .flatMap((tx) => {
      const body = txBodyOf(tx, 'case.changed');
      return body ? [{ ...tx, body }] : [];
    })
    .filter((tx) => tx.body.change === 'deadline');

test('a case accepted in early December 2026 skips 元旦 and 春节 2027, provisionally; the notice settles it', async () => {
  const clock = { t: beijing('2026-12-03', 10) };
  const before = await deskOn(beforeNotice, clock);
  const c = await acceptOn(before);
  // see platform/calendar/future-years.test.ts for the counting
  assert.equal(c.promisedDeadline, '2027-02-11');
  assert.equal(c.legalDeadline, '2027-03-04');
  assert.equal(c.provisional, true);
  assert.deepEqual(
    c.provisionalBecause?.map((w) => `${w.year} ${w.holiday}`),
    ['2027 元旦', '2027 春节'],
  );
  const accepted = { body: txBodyOf(before.store.transactions().at(-1)!, 'case.accepted')! };
  assert.equal(accepted.body.provisional, true);
  assert.equal((accepted.body.provisionalBecause as unknown[]).length, 2, 'central sees why');

  clock.t = beijing('2026-12-08', 10);
  const after = await deskOn(withNotice, clock, before.dir);
  const changed = await after.cases.supervise();
  assert.deepEqual(
    changed.map((x) => x.id),
    [c.id],
  );
  const now = after.cases.get(c.id)!;
  // the make-up Sunday 1/31 comes before 春节: the promised deadline moves a week earlier
  assert.equal(now.promisedDeadline, '2027-02-04');
  assert.equal(now.legalDeadline, '2027-03-04');
  assert.equal(now.provisional, false);
  assert.deepEqual(now.provisionalBecause, []);
  assert.deepEqual(now.history.at(-1), {
    at: clock.t,
    what: 'deadline',
    previous: { promisedDeadline: '2027-02-11', legalDeadline: '2027-03-04', provisional: true },
  });
  const [tx, ...more] = deadlineTxs(after);
  assert.equal(more.length, 0);
  assert.equal(tx?.body.caseId, c.id);
  assert.equal(tx?.body.promisedDeadline, '2027-02-04');
  assert.equal(tx?.body.previousPromisedDeadline, '2027-02-11');
  assert.equal(tx?.body.provisional, false);
  assert.equal(tx?.body.provisionalBecause, undefined);
  assert.deepEqual(await after.cases.supervise(), [], 'a second pass finds nothing to change');
});

test('cases counted on weekends only are recounted with the rules when the release arrives', async () => {
  const clock = { t: beijing('2026-12-03', 10) };
  const old = await deskOn(weekendsOnly, clock);
  const c = await acceptOn(old);
  assert.equal(
    c.promisedDeadline,
    '2027-02-04',
    'the old answer: 1 January and 春节 counted as working days',
  );
  const released = await deskOn(beforeNotice, clock, old.dir);
  const [moved] = await released.cases.supervise();
  assert.equal(moved?.promisedDeadline, '2027-02-11');
  assert.equal(moved?.provisional, true);
  assert.equal(moved?.history.at(-1)?.what, 'deadline');
});

test('a finished suspension is recounted too, and a moved deadline can change the level', async () => {
  // accepted Mon 1/25 with a promise of 10; suspended Fri 1/29, resumed Mon 2/1
  const clock = { t: beijing('2027-01-25', 10) };
  const before = await deskOn(beforeNotice, clock);
  const c = await acceptOn(before, { promisedLimitDays: 10 });
  clock.t = beijing('2027-01-29', 10);
  await before.cases.suspend(c.id, { clerk: 'li', missingMaterials: ['收入证明'] });
  clock.t = beijing('2027-02-01', 10);
  const resumed = await before.cases.resume(c.id, { clerk: 'li', materialsReceived: ['收入证明'] });
  // (1/29, 2/1]: only Monday 2/1. 10 + 1 from 1/25: 1/26–1/29, 2/1–2/4, 2/11, 2/12, 2/15
  assert.equal(resumed.pausedWorkingDays, 1);
  assert.equal(resumed.promisedDeadline, '2027-02-15');
  assert.equal(resumed.level, 'normal');

  // The notice makes Sunday 1/31 a working day inside the suspension: 2 stopped days, and 2/11–2/12
  // bridging days: 12 from 1/25 is 1/26–1/29, 1/31, 2/1–2/4, 2/15–2/17.
  clock.t = beijing('2027-02-15', 10);
  const after = await deskOn(withNotice, clock, before.dir);
  const [moved] = await after.cases.supervise();
  assert.equal(moved?.suspensions[0]?.workingDays, 2);
  assert.equal(moved?.pausedWorkingDays, 2);
  assert.equal(moved?.promisedDeadline, '2027-02-17');
  // the level, last set on 2/1 (normal), is warning now: two working days left
  assert.equal(moved?.level, 'warning');
  assert.deepEqual(
    moved?.history.slice(-2).map((e) => e.what),
    ['deadline', 'level'],
    'the deadline moved and the level was reached in the same pass',
  );
  assert.equal(deadlineTxs(after).length, 1, 'one transaction for one pass over one case');
});

test('closed cases keep the deadlines they were judged by', async () => {
  const clock = { t: beijing('2026-12-03', 10) };
  const before = await deskOn(beforeNotice, clock);
  const c = await acceptOn(before);
  await before.cases.start(c.id, 'li');
  const done: CaseRecord = await before.cases.complete(c.id, 'li');
  const after = await deskOn(withNotice, clock, before.dir);
  assert.deepEqual(await after.cases.supervise(), []);
  assert.equal(after.cases.get(c.id)?.promisedDeadline, done.promisedDeadline);
  assert.equal(after.cases.get(c.id)?.provisional, true, 'as it stood when the case closed');
});
