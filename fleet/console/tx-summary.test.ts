import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeTx } from '../../test/support/tx.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { parseTx } from '../ingest/parse-tx.ts';
import { storeBatch } from '../ingest/store-batch.ts';
import { summariseTransactions } from './tx-summary.ts';

let db: CentralDb;
before(async () => {
  db = await openCentralDb();
});
after(async () => {
  await db.close();
});

function incoming(kiosk: string, value: unknown) {
  const topic = `v1/kiosks/${kiosk}/tx`;
  const payload = Buffer.from(JSON.stringify(value));
  return { topic, payload, parsed: parseTx(topic, payload) };
}

test('a summary counts stored transactions, the seq range and the rejections', async () => {
  assert.equal(await summariseTransactions(db, 'KS1'), undefined);
  await storeBatch(db, 'w', [
    incoming('KS1', makeTx('KS1', 1)),
    incoming('KS1', makeTx('KS1', 3)),
    incoming('KS1', { ...makeTx('KS1', 4), type: 'nonsense' }),
  ]);
  const s = await summariseTransactions(db, 'KS1');
  assert.deepEqual(
    { ...s, lastReceivedAt: 0 },
    {
      count: 2,
      minSeq: 1,
      maxSeq: 3,
      lastReceivedAt: 0,
      rejected: 1,
      lastRejectedWhy: 'invalid TxEnvelope at /type: Expected union value',
    },
  );
  assert.ok(Math.abs((s?.lastReceivedAt ?? 0) - Date.now()) < 60_000);
});

test('a kiosk with only rejections still has a summary', async () => {
  await storeBatch(db, 'w', [incoming('KS2', { ...makeTx('KS2', 1), seq: 0 })]);
  const s = await summariseTransactions(db, 'KS2');
  assert.equal(s?.count, 0);
  assert.equal(s?.rejected, 1);
});
