import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { type KioskStatus, type Telemetry, topics } from '../../contract/mqtt.ts';
import { startCommandResponder } from '../../test/support/command-responder.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { makeTx } from '../../test/support/tx.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from '../ingest/query-transactions.ts';
import { type IngestWorker, startIngest } from '../ingest/worker.ts';

async function shequ(args: string[]): Promise<{ code: number | string; out: string }> {
  const p = spawnShequ(args);
  const code = await p.exited;
  return { code, out: p.output() };
}

describe('shequ fleet against a broker and PostgreSQL with live ingest', () => {
  let broker: MosquittoBroker;
  let pgServer: PostgresServer;
  let db: CentralDb;
  let worker: IngestWorker;
  let kiosk: MqttClient;

  before(async () => {
    broker = await startMosquitto();
    pgServer = await startPostgres();
    db = await openCentralDb(pgServer.url);
    worker = await startIngest({ brokerUrl: broker.url, db, workerId: 'console-test' });
    kiosk = await connectClient(broker.url, { clientId: 'K0501', protocolVersion: 5 });
    const online: KioskStatus = { state: 'online', sess: 3, ts: Date.now(), version: '0.1.0' };
    const telemetry: Telemetry = {
      ts: Date.now(),
      reader: { state: 'ok' },
      printer: { state: 'warning', detail: 'paper low' },
      outbox: { depth: 2, oldestAgeMs: 3000 },
      queue: { waiting: 5 },
      version: '0.1.0',
    };
    await kiosk.publishAsync(topics.status('K0501'), JSON.stringify(online), { qos: 1, retain: true });
    await kiosk.publishAsync(topics.telemetry('K0501'), JSON.stringify(telemetry), { qos: 1, retain: true });
    for (let seq = 1; seq <= 3; seq++) {
      await kiosk.publishAsync(topics.tx('K0501'), JSON.stringify(makeTx('K0501', seq)), { qos: 1 });
    }
    const deadline = Date.now() + 5000;
    while ((await queryTransactions(db, 'K0501')).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    await kiosk.endAsync();
    await worker.close();
    await db.close();
    await pgServer.stop();
    await broker.stop();
  });

  test('ls from the broker alone shows the kiosk online with printer and outbox state', async () => {
    const { code, out } = await shequ(['fleet', 'ls', '--broker', broker.url]);
    assert.equal(code, 0, out);
    assert.match(out, /^KIOSK\s+STATE/m);
    assert.match(
      out,
      /K0501\s+online\s+3\s+\d+s ago\s+0\.1\.0\s+warning \(paper low\)\s+ok\s+2 \(oldest 3s\)/,
    );
  });

  test('ls --json from the database alone', async () => {
    const { code, out } = await shequ(['fleet', 'ls', '--db', pgServer.url, '--json']);
    assert.equal(code, 0, out);
    const list = JSON.parse(out) as Array<{ kioskId: string; state: string; sess: number }>;
    assert.deepEqual(
      list.map((k) => [k.kioskId, k.state, k.sess]),
      [['K0501', 'online', 3]],
    );
  });

  test('show merges both sources and counts the stored transactions', async () => {
    const { code, out } = await shequ([
      'fleet',
      'show',
      'K0501',
      '--db',
      pgServer.url,
      '--broker',
      broker.url,
    ]);
    assert.equal(code, 0, out);
    assert.match(out, /transactions\s+3 stored, seq 1\.\.3$/m);
    assert.match(out, /queue waiting\s+5/);
    const unknown = await shequ(['fleet', 'show', 'K9999', '--db', pgServer.url]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /K9999 is not known/);
  });

  test('tail prints transactions as they arrive', async () => {
    const tail = spawnShequ(['fleet', 'tail', '--broker', broker.url, '--count', '2', '--acks']);
    await tail.waitForOutput(/tailing transactions/);
    const a = makeTx('K0501', 4);
    const b = makeTx('K0501', 5, 'ticket.called');
    await kiosk.publishAsync(topics.tx('K0501'), JSON.stringify(a), { qos: 1 });
    await kiosk.publishAsync(topics.tx('K0501'), JSON.stringify(b), { qos: 1 });
    assert.equal(await tail.exited, 0, tail.output());
    assert.match(tail.output(), new RegExp(`K0501 seq=4 ticket\\.issued ${a.txId}`));
    assert.match(tail.output(), new RegExp(`K0501 seq=5 ticket\\.called ${b.txId}`));
  });

  test('cmd waits for the result; no answer is exit 3', async () => {
    const responder = await startCommandResponder(broker.url, 'K0501', (c) =>
      c.topic.endsWith('/reboot') ? [{ status: 'succeeded', result: { in: c.payload.args } }] : 'silent',
    );
    try {
      const ok = await shequ(['fleet', 'cmd', 'K0501', 'reboot', '--arg', 'delay=5', '--broker', broker.url]);
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /"status":"succeeded"/);
      assert.match(ok.out, /"result":\{"in":\{"delay":5\}\}/);
      const none = await shequ([
        'fleet',
        'cmd',
        'K0501',
        'print-test',
        '--timeout',
        '1',
        '--broker',
        broker.url,
      ]);
      assert.equal(none.code, 3, none.out);
      assert.match(none.out, /no answer within 1 s; outcome unknown/);
    } finally {
      await responder.close();
    }
  });

  test('bad usage exits 2 and an unreachable broker exits 1 with the reason', async () => {
    assert.equal((await shequ(['fleet', 'frobnicate'])).code, 2);
    assert.equal((await shequ(['fleet', 'cmd', 'K0501'])).code, 2);
    const down = await shequ(['fleet', 'ls', '--broker', 'mqtt://127.0.0.1:1']);
    assert.equal(down.code, 1);
    assert.match(down.out, /cannot reach the broker at mqtt:\/\/127\.0\.0\.1:1/);
  });
});
