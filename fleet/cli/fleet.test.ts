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

/** Times are shown on the local clock; the tests fix the zone so they can read them. */
const TZ = 'Asia/Shanghai';
const shanghaiClock = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

async function shequ(args: string[]): Promise<{ code: number | string; out: string }> {
  const p = spawnShequ(args, { env: { TZ } });
  const code = await p.exited;
  return { code, out: p.output() };
}

describe('shequ fleet against a broker and PostgreSQL with live ingest', () => {
  let broker: MosquittoBroker;
  let pgServer: PostgresServer;
  let db: CentralDb;
  let worker: IngestWorker;
  let kiosk: MqttClient;
  let other: MqttClient;
  const seenAt = Date.now() - 30_000;

  before(async () => {
    broker = await startMosquitto();
    pgServer = await startPostgres();
    db = await openCentralDb(pgServer.url);
    worker = await startIngest({ brokerUrl: broker.url, db, workerId: 'console-test' });
    kiosk = await connectClient(broker.url, { clientId: 'K0501', protocolVersion: 5 });
    const online: KioskStatus = { state: 'online', sess: 3, ts: seenAt, version: '0.1.0' };
    const telemetry: Telemetry = {
      ts: seenAt,
      reader: { state: 'ok' },
      printer: { state: 'warning', detail: 'paper low' },
      outbox: { depth: 2, oldestAgeMs: 3000 },
      queue: { waiting: 5 },
      version: '0.1.0',
    };
    await kiosk.publishAsync(topics.status('K0501'), JSON.stringify(online), { qos: 1, retain: true });
    await kiosk.publishAsync(topics.telemetry('K0501'), JSON.stringify(telemetry), { qos: 1, retain: true });
    // Two more kiosks at two sites: one shut down an hour ago, one out of paper.
    other = await connectClient(broker.url, { clientId: 'fleet-test-other', protocolVersion: 5 });
    const offline: KioskStatus = {
      state: 'offline',
      sess: 2,
      ts: Date.now() - 3_600_000,
      reason: 'shutdown',
    };
    await other.publishAsync(topics.status('site-x-001'), JSON.stringify(offline), { qos: 1, retain: true });
    const now = Date.now();
    await other.publishAsync(
      topics.status('site-y-001'),
      JSON.stringify({ state: 'online', sess: 1, ts: now, version: '0.1.0' } satisfies KioskStatus),
      { qos: 1, retain: true },
    );
    await other.publishAsync(
      topics.telemetry('site-y-001'),
      JSON.stringify({
        ...telemetry,
        ts: now,
        printer: { state: 'fault', detail: '缺纸 paper out' },
        outbox: { depth: 9, oldestAgeMs: 60_000 },
      } satisfies Telemetry),
      { qos: 1, retain: true },
    );
    // What the kiosk's services are called, from its retained desired configuration.
    await other.publishAsync(
      topics.configDesired('K0501'),
      JSON.stringify({ version: 3, config: { services: [{ id: 'social-security', name: '社保卡' }] } }),
      { qos: 1, retain: true },
    );
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
    await other.endAsync();
    await worker.close();
    await db.close();
    await pgServer.stop();
    await broker.stop();
  });

  test('ls from the broker alone shows the kiosk online with printer and outbox state', async () => {
    const { code, out } = await shequ(['fleet', 'ls', '--broker', broker.url]);
    assert.equal(code, 0, out);
    assert.match(out, /^KIOSK\s+SITE\s+STATE\s+SINCE/m);
    assert.match(
      out,
      new RegExp(
        `K0501\\s+K0501\\s+online\\s+${shanghaiClock(seenAt)} \\(\\d+s ago\\)\\s+3\\s+${shanghaiClock(seenAt)} \\(\\d+s ago\\)\\s+0\\.1\\.0\\s+warning \\(paper low\\)\\s+ok\\s+2 \\(oldest 3s\\)`,
      ),
      'times on the local clock (TZ), with how long ago',
    );
  });

  test('ls filters by offline, site and fault, and sorts', async () => {
    const ids = (out: string) =>
      out
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]);
    const b = ['--broker', broker.url];
    const offline = await shequ(['fleet', 'ls', '--offline', ...b]);
    assert.equal(offline.code, 0, offline.out);
    assert.deepEqual(ids(offline.out), ['site-x-001']);
    // Local time: the clock alone today, with the date when an hour ago was yesterday (after midnight).
    assert.match(
      offline.out,
      /site-x-001\s+site-x\s+offline\s+(?:\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d) \(1h ago\)/,
    );
    assert.deepEqual(ids((await shequ(['fleet', 'ls', '--site', 'site-y', ...b])).out), ['site-y-001']);
    const paper = await shequ(['fleet', 'ls', '--fault', 'paper-out', ...b]);
    assert.deepEqual(ids(paper.out), ['site-y-001']);
    assert.match(paper.out, /printer\.paper-out$/m);
    assert.deepEqual(ids((await shequ(['fleet', 'ls', '--fault', 'printer', ...b])).out), ['site-y-001']);
    assert.deepEqual(ids((await shequ(['fleet', 'ls', '--fault', 'any', ...b])).out), ['site-y-001']);
    assert.deepEqual(ids((await shequ(['fleet', 'ls', '--sort', 'state', ...b])).out), [
      'site-x-001',
      'K0501',
      'site-y-001',
    ]);
    assert.deepEqual(ids((await shequ(['fleet', 'ls', '--sort', 'outbox', ...b])).out), [
      'site-y-001',
      'K0501',
      'site-x-001',
    ]);
    const none = await shequ(['fleet', 'ls', '--site', 'site-z', ...b]);
    assert.equal(none.code, 0);
    assert.match(none.out, /no kiosk matches/);
    const json = JSON.parse(
      (await shequ(['fleet', 'ls', '--fault', 'paper-out', '--json', ...b])).out,
    ) as Array<{
      kioskId: string;
      site: string;
      faults: string[];
    }>;
    assert.deepEqual(
      json.map((k) => [k.kioskId, k.site, k.faults]),
      [['site-y-001', 'site-y', ['printer.paper-out']]],
    );
    const badSort = await shequ(['fleet', 'ls', '--sort', 'colour', ...b]);
    assert.equal(badSort.code, 2);
    assert.match(badSort.out, /--sort must be one of id, site, state/);
    assert.equal((await shequ(['fleet', 'ls', '--fault', 'sadness', ...b])).code, 2);
  });

  test('ls --json from the database alone', async () => {
    const { code, out } = await shequ(['fleet', 'ls', '--db', pgServer.url, '--json']);
    assert.equal(code, 0, out);
    const list = JSON.parse(out) as Array<{ kioskId: string; state: string; sess: number }>;
    assert.deepEqual(
      list.map((k) => [k.kioskId, k.state, k.sess]),
      [
        ['K0501', 'online', 3],
        ['site-x-001', 'offline', 2],
        ['site-y-001', 'online', 1],
      ],
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
    const tail = spawnShequ(['fleet', 'tail', '--broker', broker.url, '--count', '2', '--acks'], {
      env: { TZ },
    });
    const before = Date.now();
    await tail.waitForOutput(/tailing transactions/);
    const a = makeTx('K0501', 4);
    const b = makeTx('K0501', 5, 'ticket.called');
    await kiosk.publishAsync(topics.tx('K0501'), JSON.stringify(a), { qos: 1 });
    await kiosk.publishAsync(topics.tx('K0501'), JSON.stringify(b), { qos: 1 });
    assert.equal(await tail.exited, 0, tail.output());
    assert.match(
      tail.output(),
      new RegExp(`K0501 seq=4 ticket\\.issued 社保卡 \\(social-security\\) ${a.txId}`),
    );
    const hours = new Set([before, Date.now()].map((ms) => shanghaiClock(ms).slice(0, 2)));
    const shown = /^(\d\d):\d\d:\d\d\.\d{3} K0501 seq=4/m.exec(tail.output());
    assert.ok(shown && hours.has(shown[1]!), `the time is on the local clock: ${tail.output()}`);
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
