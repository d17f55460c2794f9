import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from './query-transactions.ts';
import { startIngest } from './worker.ts';

const KIOSKS = ['K0101', 'K0102', 'K0103', 'K0104'];
const PER_KIOSK = 500;

const backends: Array<{ name: string; open: () => Promise<{ db: CentralDb; stop: () => Promise<void> }> }> = [
  {
    name: 'PGlite',
    open: async () => {
      const db = await openCentralDb();
      return { db, stop: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL 15',
    open: async () => {
      const server: PostgresServer = await startPostgres();
      const db = await openCentralDb(server.url);
      return {
        db,
        stop: async () => {
          await db.close();
          await server.stop();
        },
      };
    },
  },
];

for (const backend of backends) {
  describe(`two ingest workers on the shared subscription, ${backend.name}`, () => {
    let broker: MosquittoBroker;
    let store: { db: CentralDb; stop: () => Promise<void> };

    before(async () => {
      broker = await startMosquitto();
      store = await backend.open();
    });
    after(async () => {
      await store.stop();
      await broker.stop();
    });

    test(`${KIOSKS.length * PER_KIOSK} transactions from ${KIOSKS.length} kiosks are each stored once, by both workers`, async () => {
      const w1 = await startIngest({ brokerUrl: broker.url, db: store.db, workerId: 'share-1' });
      const w2 = await startIngest({ brokerUrl: broker.url, db: store.db, workerId: 'share-2' });
      const kiosks = await Promise.all(
        KIOSKS.map((id) => startTestKiosk(broker.url, id, { resendAfterMs: 10_000 })),
      );
      try {
        const sent = await Promise.all(kiosks.map((k) => k.send(PER_KIOSK)));
        await Promise.all(kiosks.map((k) => k.waitAllAcked(60_000)));

        const rows = await queryTransactions(store.db);
        assert.equal(rows.length, KIOSKS.length * PER_KIOSK);
        const stored = new Set(rows.map((r) => `${r.kioskId}/${r.txId}`));
        for (const [i, txs] of sent.entries()) {
          for (const tx of txs) assert.ok(stored.has(`${KIOSKS[i]}/${tx.txId}`), `${tx.txId} stored`);
          const seqs = rows.filter((r) => r.kioskId === KIOSKS[i]).map((r) => r.seq);
          assert.deepEqual(
            seqs,
            Array.from({ length: PER_KIOSK }, (_, n) => n + 1),
          );
        }
        assert.ok(w1.stored > 0, `worker 1 stored ${w1.stored}`);
        assert.ok(w2.stored > 0, `worker 2 stored ${w2.stored}`);
        assert.equal(w1.stored + w2.stored, KIOSKS.length * PER_KIOSK);
        for (const k of kiosks) assert.ok([...k.acked.values()].every((r) => r === 'ok' || r === 'dup'));
      } finally {
        await Promise.all(kiosks.map((k) => k.close()));
        await w1.close();
        await w2.close();
      }
    });
  });
}
