import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { ApplianceError } from '../core/errors.ts';
import type { PersonRef } from '../store/person-ref.ts';
import { Store } from '../store/store.ts';
import { Queue } from './queue.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function queueAt(clock: { t: number }, priorityRatio = 2) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-queue-'));
  dirs.push(dir);
  const store = await Store.open(dir);
  const config = simulationConfig({ queue: { elderlyAge: 65, priorityRatio, maxRequeues: 1 } });
  return { queue: new Queue(store, config, () => clock.t), store };
}

const person = (ref: string): PersonRef => ({
  ref,
  sealed: 'x',
  maskedName: '张*',
  maskedNumber: '1101****',
});
// 2026-11-27 09:00 in Beijing
const NINE_AM = Date.UTC(2026, 10, 27, 1, 0, 0);

test('numbers run per service with the service prefix and restart the next day', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  const a1 = await queue.issue({ serviceId: 'social-security', priority: false });
  const a2 = await queue.issue({ serviceId: 'social-security', priority: false });
  const e1 = await queue.issue({ serviceId: 'consult', priority: false });
  assert.deepEqual([a1.number, a2.number, e1.number], ['A001', 'A002', 'E001']);
  clock.t += 24 * 3600_000;
  const next = await queue.issue({ serviceId: 'social-security', priority: false });
  assert.equal(next.number, 'A001');
  assert.equal(next.day, '2026-11-28');
});

test('one active ticket per person per service; a service that needs a card refuses without one', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  await queue.issue({ serviceId: 'social-security', priority: false, holder: person('p1') });
  await assert.rejects(
    queue.issue({ serviceId: 'social-security', priority: false, holder: person('p1') }),
    (e: ApplianceError) => e.code === 'ticket.already-active' && /A001/.test(e.message),
  );
  await queue.issue({ serviceId: 'consult', priority: false, holder: person('p1') });
  await assert.rejects(
    queue.issue({ serviceId: 'assistance', priority: false }),
    (e: ApplianceError) => e.code === 'service.requires-card',
  );
  await assert.rejects(queue.issue({ serviceId: 'nope', priority: false }), /no service 'nope'/);
});

test('priority tickets go first but never more than the ratio in a row while normal tickets wait', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock, 2);
  for (let i = 0; i < 3; i++) await queue.issue({ serviceId: 'social-security', priority: false });
  for (let i = 0; i < 4; i++) {
    clock.t += 1000;
    await queue.issue({ serviceId: 'social-security', priority: true, holder: person(`old${i}`) });
  }
  const order: string[] = [];
  for (let i = 0; i < 7; i++) {
    clock.t += 60_000;
    const t = await queue.callNext('w1', 'clerk');
    order.push(t ? `${t.priority ? 'P' : 'N'}${t.number}` : '-');
  }
  assert.deepEqual(order, ['PA004', 'PA005', 'NA001', 'PA006', 'PA007', 'NA002', 'NA003']);
  assert.equal(await queue.callNext('w1', 'clerk'), null);
  assert.equal(
    queue.tickets().filter((t) => t.status === 'done').length,
    7,
    'calling next finishes the last one',
  );
});

test('waiting estimates use people ahead and the counters serving the service', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  const tickets = [];
  for (let i = 0; i < 5; i++)
    tickets.push(await queue.issue({ serviceId: 'social-security', priority: false }));
  const last = tickets[4]!;
  assert.equal(queue.peopleAhead(last), 4);
  // 4 ahead × 6 min typical ÷ 2 counters (w1, w3) serve social security
  assert.equal(queue.estimatedWaitMin(last), 12);
  assert.equal(queue.estimatedWaitMin(tickets[0]!), 0);
});

test('calling at an unknown counter names it', async () => {
  const { queue } = await queueAt({ t: NINE_AM });
  await assert.rejects(queue.callNext('w9', 'clerk'), /no counter 'w9'/);
});

test('recall, no-show, and a paused counter that refuses to call', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  await queue.issue({ serviceId: 'social-security', priority: false });
  await queue.issue({ serviceId: 'social-security', priority: false });
  await assert.rejects(queue.recall('w1', 'clerk'), (e: ApplianceError) => e.code === 'counter.idle');
  const first = await queue.callNext('w1', 'clerk');
  const again = await queue.recall('w1', 'clerk');
  assert.equal(again.id, first!.id);
  assert.equal(again.recalls, 1);
  const gone = await queue.noShow('w1', 'clerk');
  assert.equal(gone.status, 'no-show');
  assert.equal(queue.current('w1'), undefined);
  await queue.setPaused('w1', true, 'clerk');
  await assert.rejects(queue.callNext('w1', 'clerk'), (e: ApplianceError) => e.code === 'counter.paused');
  assert.equal((await queue.callNext('w3', 'clerk2'))?.number, 'A002', 'other counters keep calling');
  await queue.setPaused('w1', false, 'clerk');
  assert.equal(await queue.callNext('w1', 'clerk'), null);
});

test('transfer keeps the number and places the ticket at the front or back of the target queue', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  const a1 = await queue.issue({ serviceId: 'social-security', priority: false });
  clock.t += 1000;
  await queue.issue({ serviceId: 'consult', priority: false });
  clock.t += 1000;
  await queue.issue({ serviceId: 'consult', priority: false });
  clock.t += 1000;
  assert.equal((await queue.callNext('w1', 'clerk'))?.id, a1.id);
  const moved = await queue.transfer('w1', 'clerk', { toServiceId: 'consult', position: 'front' });
  assert.equal(moved.number, 'A001');
  assert.equal(moved.status, 'waiting');
  assert.equal((await queue.callNext('w3', 'clerk3'))?.number, 'A001', 'front of the consult queue');

  const toCounter = await queue.transfer('w3', 'clerk3', { toCounterId: 'w2', position: 'back' });
  assert.equal(toCounter.assignedCounterId, 'w2');
  assert.equal(queue.tickets().find((t) => t.number === 'E001')?.status, 'waiting');
  assert.equal((await queue.callNext('w1', 'clerk'))?.number, 'E001', 'w1 cannot take a ticket sent to w2');
  assert.equal(
    (await queue.callNext('w2', 'clerk2'))?.number,
    'A001',
    'w2 takes it though it does not serve A',
  );
  await assert.rejects(
    queue.transfer('w2', 'clerk2', { position: 'back' }),
    (e: ApplianceError) => e.code === 'transfer.no-target',
  );
});
