/** A chosen ticket called out of turn, no-shows put back into the queue (limited), and lines after a transfer. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { txBodyOf } from '../../contract/mqtt.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { ApplianceError } from '../core/errors.ts';
import { Store } from '../store/store.ts';
import { Queue } from './queue.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function queueAt(clock: { t: number }, maxRequeues = 1) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-counter-'));
  dirs.push(dir);
  const store = await Store.open(dir);
  const config = simulationConfig({ queue: { elderlyAge: 65, priorityRatio: 2, maxRequeues } });
  return { queue: new Queue(store, config, () => clock.t), store };
}

const refusedWith = (code: string) => (e: ApplianceError) => e.code === code;
const NINE_AM = Date.UTC(2026, 10, 27, 1, 0, 0);

test('a chosen ticket is called out of turn; what the counter may not call is refused', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  const a1 = await queue.issue({ serviceId: 'social-security', priority: false });
  const a2 = await queue.issue({ serviceId: 'social-security', priority: false });
  const b1 = await queue.issue({ serviceId: 'elderly-care', priority: false });
  clock.t += 60_000;
  await queue.callNext('w1', 'clerk');
  const chosen = await queue.callTicket('w1', 'clerk', a2.id);
  assert.equal(chosen.status, 'called');
  assert.equal(queue.tickets().find((t) => t.id === a1.id)?.status, 'done', 'the current one is finished');
  await assert.rejects(queue.callTicket('w1', 'clerk', b1.id), refusedWith('ticket.not-served-here'));
  await assert.rejects(queue.callTicket('w1', 'clerk', a1.id), refusedWith('ticket.not-waiting'));
  await assert.rejects(queue.callTicket('w1', 'clerk', 'nope'), refusedWith('ticket.unknown'));
  await queue.transfer('w1', 'clerk', { toCounterId: 'w3', position: 'back' });
  await assert.rejects(queue.callTicket('w1', 'clerk', a2.id), refusedWith('ticket.assigned-elsewhere'));
  assert.equal((await queue.callTicket('w3', 'clerk3', a2.id)).counterId, 'w3');
});

test('a no-show who comes back is re-queued at the front or back, at most the configured times', async () => {
  const clock = { t: NINE_AM };
  const { queue, store } = await queueAt(clock);
  const a1 = await queue.issue({ serviceId: 'social-security', priority: false });
  await queue.issue({ serviceId: 'social-security', priority: false });
  await queue.issue({ serviceId: 'social-security', priority: false });
  await assert.rejects(queue.requeue(a1.id, 'clerk', 'front'), refusedWith('ticket.not-no-show'));
  clock.t += 60_000;
  await queue.callNext('w1', 'clerk');
  await queue.noShow('w1', 'clerk');
  assert.equal(queue.canRequeue(queue.tickets()[0]!), true);
  clock.t += 60_000;
  const back = await queue.requeue(a1.id, 'clerk', 'front');
  assert.equal(back.status, 'waiting');
  assert.equal(back.requeues, 1);
  assert.equal(back.counterId, undefined);
  assert.equal(queue.peopleAhead(back), 0, 'at the front');
  const tx = txBodyOf(store.transactions().at(-1)!, 'ticket.requeued');
  assert.deepEqual(
    { position: tx?.position, requeues: tx?.requeues, number: tx?.number },
    { position: 'front', requeues: 1, number: 'A001' },
  );
  assert.equal((await queue.callNext('w3', 'clerk3'))?.id, a1.id);
  await queue.noShow('w3', 'clerk3');
  assert.equal(queue.canRequeue(queue.tickets()[0]!), false);
  await assert.rejects(queue.requeue(a1.id, 'clerk', 'back'), refusedWith('ticket.requeue-limit'));

  const never = await queueAt({ t: NINE_AM }, 0);
  const e1 = await never.queue.issue({ serviceId: 'consult', priority: false });
  await never.queue.callNext('w1', 'clerk');
  await never.queue.noShow('w1', 'clerk');
  await assert.rejects(never.queue.requeue(e1.id, 'clerk', 'back'), refusedWith('ticket.requeue-limit'));
});

test('a ticket sent to one counter waits in that counter’s line, not in its service’s', async () => {
  const clock = { t: NINE_AM };
  const { queue } = await queueAt(clock);
  const a1 = await queue.issue({ serviceId: 'social-security', priority: false });
  const a2 = await queue.issue({ serviceId: 'social-security', priority: false });
  const a3 = await queue.issue({ serviceId: 'social-security', priority: false });
  await queue.callNext('w1', 'clerk');
  const sent = await queue.transfer('w1', 'clerk', { toCounterId: 'w2', position: 'back' });
  assert.equal(sent.id, a1.id);
  assert.equal(queue.peopleAhead(sent), 0, 'nobody else waits for counter 2 alone');
  assert.equal(queue.peopleAhead(queue.tickets().find((t) => t.id === a3.id)!), 1, 'only A002 is ahead');
  assert.equal((await queue.callNext('w3', 'clerk3'))?.id, a2.id, 'counter 3 does not take it');
});
