import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { createFlowGate } from './flow-gate.ts';
import { queryTransactions } from './query-transactions.ts';
import { startIngest } from './worker.ts';

test('the gate holds above the high mark and opens only below the low mark', async () => {
  let level = 0;
  const gate = createFlowGate({ high: 10, low: 5, level: () => level });
  let passed = false;
  await gate.pass();
  level = 11;
  void gate.pass().then(() => {
    passed = true;
  });
  await sleep(5);
  assert.equal(gate.held, 1);
  level = 7;
  gate.check();
  await sleep(5);
  assert.equal(passed, false, 'still above the low mark');
  level = 5;
  gate.check();
  await sleep(5);
  assert.equal(passed, true);
  assert.equal(gate.held, 0);
});

/** A database that takes its time over every batch, like a busy server after an outage. */
function slow(db: CentralDb, ms: number): CentralDb {
  return {
    ...db,
    query: (sql, params) => db.query(sql, params),
    transaction: async (fn) => {
      await sleep(ms);
      return db.transaction(fn);
    },
    close: () => db.close(),
  };
}

describe('backpressure against a slow database', () => {
  let broker: MosquittoBroker;
  let db: CentralDb;
  before(async () => {
    broker = await startMosquitto();
    db = await openCentralDb();
  });
  after(async () => {
    await db.close();
    await broker.stop();
  });

  test('the worker never holds much more than maxPending, and still stores everything', async () => {
    const worker = await startIngest({
      brokerUrl: broker.url,
      db: slow(db, 40),
      workerId: 'slow-1',
      maxPending: 100,
      batchMaxItems: 50,
    });
    const kiosks = await Promise.all(
      ['K0801', 'K0802'].map((id) => startTestKiosk(broker.url, id, { resendAfterMs: 30_000 })),
    );
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, worker.pending);
    }, 2);
    try {
      await Promise.all(kiosks.map((k) => k.send(600)));
      await Promise.all(kiosks.map((k) => k.waitAllAcked(60_000)));
      assert.ok(peak >= 80, `the limit was reached (peak ${peak})`);
      assert.ok(peak <= 105, `the queue stayed near maxPending (peak ${peak})`);
      assert.equal((await queryTransactions(db)).length, 1200);
    } finally {
      clearInterval(sampler);
      await Promise.all(kiosks.map((k) => k.close()));
      await worker.close();
    }
  });
});
