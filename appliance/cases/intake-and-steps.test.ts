/** 补正 at acceptance (the clock never starts), the materials' arrival day, and steps with their own limits. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { txBodyOf } from '../../contract/mqtt.ts';
import { CHINA_HOLIDAYS, WorkingCalendar } from '../../platform/calendar/index.ts';
import type { ApplianceError } from '../core/errors.ts';
import { type CaseItem, Cases } from './cases.ts';
import { beijing, openTestStore, putTicket, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

const calendar = new WorkingCalendar(CHINA_HOLIDAYS);
const item: CaseItem = { id: 'dibao-apply', name: '低保申请', legalLimitDays: 20, promisedLimitDays: 5 };

async function casesAt(clock: { t: number }) {
  const t = await openTestStore();
  const cases = new Cases(t.port, { calendar, timeZone: 'Asia/Shanghai', now: () => clock.t });
  return { ...t, cases };
}

const refusedWith = (code: string) => (e: ApplianceError) => e.code === code;

test('materials missing at acceptance: 补正 from the first minute, deadlines counted from the day they are complete', async () => {
  const clock = { t: beijing('2025-03-03', 10) }; // Monday
  const { cases, store } = await casesAt(clock);
  const ticket = await putTicket(store);
  const c = await cases.accept({
    ticketId: ticket.id,
    item,
    materials: ['居民身份证'],
    missingMaterials: ['户口簿', '家庭收入证明'],
    materialsArrivedDay: '2025-02-28',
    clerk: 'li',
  });
  assert.equal(c.state, 'suspended');
  assert.equal(c.correctionAtIntake, true);
  assert.deepEqual(c.suspensions[0]?.missingMaterials, ['户口簿', '家庭收入证明']);
  const accepted = txBodyOf(store.transactions().at(-1)!, 'case.accepted');
  assert.equal(accepted?.state, 'suspended', 'central sees a 补正 at acceptance');
  assert.deepEqual(accepted?.missingMaterials, ['户口簿', '家庭收入证明']);
  assert.equal(accepted?.correctionNoticeDay, '2025-03-03');
  assert.equal(accepted?.materialsArrivedDay, '2025-02-28');

  clock.t = beijing('2025-03-06', 15); // Thursday: Tue, Wed, Thu stood still
  const resumed = await cases.resume(c.id, { clerk: 'li', materialsReceived: ['户口簿', '家庭收入证明'] });
  assert.equal(resumed.pausedWorkingDays, 3);
  // five working days from Thursday 3/6: 7, 10, 11, 12, 13
  assert.equal(resumed.promisedDeadline, '2025-03-13');
  assert.equal(resumed.promisedDeadline, calendar.deadline('2025-03-06', 5).day);
  const body = txBodyOf(store.transactions().at(-1)!, 'case.changed');
  assert.equal(body?.correctionNoticeDay, undefined, 'only while suspended');
  assert.equal(body?.materialsArrivedDay, '2025-02-28');

  // today is 2025-03-06 now: tomorrow, more than 90 days back, and a day that does not exist
  for (const bad of ['2025-03-07', '2024-01-01', '2025-02-30']) {
    await assert.rejects(
      cases.accept({ ticketId: ticket.id, item, materials: [], materialsArrivedDay: bad, clerk: 'li' }),
      refusedWith('case.bad-arrival-day'),
      bad,
    );
  }
  const plain = await cases.accept({ ticketId: ticket.id, item, materials: ['户口簿'], clerk: 'li' });
  assert.equal(plain.state, 'accepted');
  assert.equal(plain.materialsArrivedDay, '2025-03-06', 'arrived today unless dated back');
});

test('steps run one after another, each against its own limit, and central hears of each', async () => {
  const clock = { t: beijing('2025-03-03', 10) };
  const { cases, store } = await casesAt(clock);
  const stepped: CaseItem = {
    ...item,
    promisedLimitDays: 10,
    steps: [
      { id: 'street-review', name: '街道初审', limitDays: 2 },
      { id: 'district-approval', name: '区级审批', limitDays: 5 },
    ],
  };
  const c = await cases.accept({
    ticketId: (await putTicket(store)).id,
    item: stepped,
    materials: [],
    clerk: 'li',
  });
  assert.deepEqual(
    txBodyOf(store.transactions().at(-1)!, 'case.accepted')?.steps?.map((s) => s.id),
    ['street-review'],
    'the first step starts with the acceptance',
  );

  clock.t = beijing('2025-03-06', 11); // three working days for a two-day step
  const advanced = await cases.advance(c.id, 'wang');
  assert.equal(advanced.state, 'in-progress');
  const step = txBodyOf(store.transactions().at(-1)!, 'case.changed');
  assert.equal(step?.change, 'step');
  assert.deepEqual(
    { ...step?.steps?.[0] },
    {
      id: 'street-review',
      name: '街道初审',
      limitDays: 2,
      startedDay: '2025-03-03',
      endedDay: '2025-03-06',
      workingDays: 3,
      overLimit: true,
    },
  );
  assert.deepEqual(
    { id: step?.steps?.[1]?.id, startedDay: step?.steps?.[1]?.startedDay, ended: step?.steps?.[1]?.endedDay },
    { id: 'district-approval', startedDay: '2025-03-06', ended: undefined },
  );
  await assert.rejects(cases.advance(c.id, 'wang'), refusedWith('case.no-next-step'));

  clock.t = beijing('2025-03-07', 9);
  await cases.complete(c.id, 'wang');
  const done = txBodyOf(store.transactions().at(-1)!, 'case.changed');
  const last = done?.steps?.at(-1);
  assert.equal(last?.id, 'district-approval');
  assert.equal(last?.endedDay, '2025-03-07', 'completing the case ends its running step');
  assert.equal(last?.workingDays, 1);
  assert.equal(last?.overLimit, false);
  assert.ok(
    done?.steps?.every((s) => s.endedDay),
    'a closed case runs no step',
  );

  const plain = await cases.accept({
    ticketId: (await putTicket(store)).id,
    item,
    materials: [],
    clerk: 'li',
  });
  await assert.rejects(cases.advance(plain.id, 'wang'), refusedWith('case.no-next-step'));
  assert.equal(txBodyOf(store.transactions().at(-1)!, 'case.accepted')?.steps, undefined);
});
