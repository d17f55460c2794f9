import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from './query-transactions.ts';
import { startIngest } from './worker.ts';

describe('PostgreSQL going away under a running worker', () => {
  let broker: MosquittoBroker;
  let pgServer: PostgresServer;
  let db: CentralDb;

  before(async () => {
    broker = await startMosquitto();
    pgServer = await startPostgres();
    db = await openCentralDb(pgServer.url);
  });
  after(async () => {
    await db.close();
    await pgServer.stop();
    await broker.stop();
  });

  test('nothing is acked while the database is down; after it returns the resends are stored once', async () => {
    const lines: string[] = [];
    const worker = await startIngest({
      brokerUrl: broker.url,
      db,
      workerId: 'outage-1',
      log: (l) => lines.push(l),
    });
    const kiosk = await startTestKiosk(broker.url, 'K0901', { resendAfterMs: 800 });
    try {
      await kiosk.send(100);
      await kiosk.waitAllAcked(10_000);

      await pgServer.kill();
      await kiosk.send(100);
      await sleep(1500);
      assert.equal(kiosk.acked.size, 100, 'no ack without a commit');
      assert.equal(kiosk.unacked, 100);
      assert.ok(
        lines.some((l) => /not stored/.test(l)),
        'the failed batches are logged',
      );

      await pgServer.start();
      await kiosk.waitAllAcked(30_000);
      const rows = await queryTransactions(db, 'K0901');
      assert.equal(rows.length, 200);
      assert.deepEqual(
        rows.map((r) => r.seq),
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
    } finally {
      await kiosk.close();
      await worker.close();
    }
  });
});
