import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type IngestState, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from './query-transactions.ts';
import { type IngestWorker, startIngest } from './worker.ts';

describe('ingest across a broker restart', () => {
  let broker: MosquittoBroker;
  let db: CentralDb;
  let worker: IngestWorker;

  before(async () => {
    broker = await startMosquitto();
    db = await openCentralDb();
    worker = await startIngest({ brokerUrl: broker.url, db, workerId: 'restart-1' });
  });
  after(async () => {
    await worker.close();
    await db.close();
    await broker.stop();
  });

  test('the worker reconnects, says online again (the broker kept no retained state) and goes on storing', async () => {
    const before = await startTestKiosk(broker.url, 'K0601', { resendAfterMs: 1000 });
    await before.send(20);
    await before.waitAllAcked(10_000);
    await before.close();

    await broker.kill();
    await broker.start();

    // persistence is off, so only a republished online can be retained now.
    const observer = await connectClient(broker.url, { reconnectPeriod: 0 });
    const seen = recordMessages(observer);
    await observer.subscribeAsync(topics.ingestState, { qos: 1 });
    try {
      const m = await seen.waitFor(
        (x) => (json(x) as IngestState).worker === 'restart-1' && (json(x) as IngestState).state === 'online',
        10_000,
        'online again after the restart',
      );
      assert.ok(m);
    } finally {
      await observer.endAsync();
    }

    const after = await startTestKiosk(broker.url, 'K0602', { resendAfterMs: 1000 });
    try {
      await after.send(20);
      await after.waitAllAcked(15_000);
    } finally {
      await after.close();
    }
    assert.equal((await queryTransactions(db, 'K0601')).length, 20);
    assert.equal((await queryTransactions(db, 'K0602')).length, 20);
  });

  test('a worker closes in bounded time when the broker is gone', async () => {
    const extra = await startIngest({ brokerUrl: broker.url, db, workerId: 'restart-2' });
    await broker.kill();
    await sleep(300); // the worker's client sees the socket close
    try {
      const t0 = Date.now();
      await extra.close();
      assert.ok(Date.now() - t0 < 1000, `closed in ${Date.now() - t0} ms`);
    } finally {
      await broker.start();
    }
  });
});
