import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sampleDraft } from '../../test/support/tx.ts';
import { Store } from '../store/store.ts';
import { Outbox } from './outbox.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setup(dir: string) {
  const store = await Store.open(join(dir, 'log'));
  const outbox = await Outbox.open(dir, store);
  store.on('committed', (c) => c.tx && outbox.add(c.tx));
  return { store, outbox };
}

test('a transaction leaves the outbox only when acked, and acks survive a restart in any order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-outbox-'));
  dirs.push(dir);
  const { store, outbox } = await setup(dir);
  const txIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const c = await store.commit([], sampleDraft('ticket.issued', i));
    txIds.push(c.tx!.txId);
  }
  assert.equal(outbox.depth, 6);
  await outbox.markAcked([txIds[1]!, txIds[4]!, 'UNKNOWN']);
  assert.equal(outbox.depth, 4);
  assert.deepEqual(
    outbox.pending().map((t) => t.seq),
    [1, 3, 4, 6],
  );

  const again = await setup(dir);
  assert.deepEqual(
    again.outbox.pending().map((t) => t.seq),
    [1, 3, 4, 6],
  );
  await again.outbox.markAcked([txIds[0]!, txIds[2]!, txIds[3]!]);
  assert.deepEqual(
    again.outbox.pending().map((t) => t.seq),
    [6],
  );
  await again.outbox.markAcked([txIds[5]!]);
  const third = await setup(dir);
  assert.equal(third.outbox.depth, 0);
  const c = await third.store.commit([], sampleDraft('ticket.issued', 7));
  assert.equal(c.tx?.seq, 7);
  assert.equal(third.outbox.depth, 1);
});
