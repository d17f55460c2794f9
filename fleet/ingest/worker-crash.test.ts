import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { startTestKiosk, type TestKiosk } from '../../test/support/test-kiosk.ts';
import { openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from './query-transactions.ts';

const KIOSKS = ['K0201', 'K0202', 'K0203'];
const CHUNKS = 20;
const CHUNK = 25;

/** Kiosks keep sending in small chunks while the test kills and restarts the worker. */
async function sendStream(kiosks: TestKiosk[]): Promise<TxEnvelope[]> {
  const all: TxEnvelope[] = [];
  for (let i = 0; i < CHUNKS; i++) {
    for (const k of kiosks) all.push(...(await k.send(CHUNK)));
    await sleep(60);
  }
  return all;
}

describe('an ingest worker killed mid-stream and restarted loses nothing', () => {
  let broker: MosquittoBroker;
  let pgServer: PostgresServer;
  let dataRoot: string;

  before(async () => {
    broker = await startMosquitto();
    pgServer = await startPostgres();
    dataRoot = await mkdtemp(join(tmpdir(), 'shequ-crash-'));
  });
  after(async () => {
    await pgServer.stop();
    await broker.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  const cases = [
    { name: 'PostgreSQL', dbArgs: () => ['--db', pgServer.url], open: () => openCentralDb(pgServer.url) },
    {
      name: 'PGlite on disk',
      dbArgs: () => ['--data', join(dataRoot, 'pglite')],
      open: () => openCentralDb(join(dataRoot, 'pglite')),
    },
  ];

  for (const c of cases) {
    test(`with ${c.name}`, async () => {
      const first = spawnShequ(['ingest', '--broker', broker.url, '--worker', 'crash-a', ...c.dbArgs()]);
      await first.waitForOutput(/crash-a READY/, 60_000);
      const kiosks = await Promise.all(
        KIOSKS.map((id) => startTestKiosk(broker.url, id, { resendAfterMs: 1500 })),
      );
      let second: ReturnType<typeof spawnShequ> | undefined;
      try {
        const streaming = sendStream(kiosks);
        // Kill once some, not all, of the stream is acked.
        const deadline = Date.now() + 60_000;
        while (kiosks.reduce((n, k) => n + k.acked.size, 0) < 150) {
          assert.ok(Date.now() < deadline, `no acks from the first worker; output:\n${first.output()}`);
          await sleep(20);
        }
        assert.equal(await first.signal('SIGKILL'), 'SIGKILL');
        const ackedBeforeKill = kiosks.reduce((n, k) => n + k.acked.size, 0);
        assert.ok(ackedBeforeKill < KIOSKS.length * CHUNKS * CHUNK, 'killed mid-stream');

        second = spawnShequ(['ingest', '--broker', broker.url, '--worker', 'crash-b', ...c.dbArgs()]);
        await second.waitForOutput(/crash-b READY/, 60_000);
        const sent = await streaming;
        await Promise.all(kiosks.map((k) => k.waitAllAcked(60_000)));
        assert.equal(await second.signal('SIGTERM'), 0, second.output());

        assert.ok(
          kiosks.some((k) => k.resends > 0),
          'the kill cost some messages that only the resend delivered',
        );
        const db = await c.open();
        try {
          const rows = await queryTransactions(db);
          assert.equal(rows.length, sent.length, 'every transaction stored exactly once');
          const storedIds = new Set(rows.map((r) => r.txId));
          assert.deepEqual(
            sent.filter((tx) => !storedIds.has(tx.txId)).map((tx) => tx.txId),
            [],
          );
        } finally {
          await db.close();
        }
      } finally {
        await Promise.all(kiosks.map((k) => k.close()));
        await first.signal('SIGKILL');
        await second?.signal('SIGKILL');
      }
    });
  }
});
