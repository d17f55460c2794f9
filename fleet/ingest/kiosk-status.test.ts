import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MqttClient } from 'mqtt';
import { type KioskStatus, type Telemetry, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryKiosks } from '../kiosks/kiosk-store.ts';
import { type IngestWorker, startIngest } from './worker.ts';

async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await sleep(30);
  }
}

/** A kiosk connection with its retained last will, as the fleet agent makes it. */
async function kioskSession(
  url: string,
  kioskId: string,
  clientId: string,
  sess: number,
): Promise<MqttClient> {
  const offline: KioskStatus = { state: 'offline', sess, ts: Date.now(), reason: 'connection lost' };
  const client = await connectClient(url, {
    clientId,
    protocolVersion: 5,
    will: {
      topic: topics.status(kioskId),
      payload: Buffer.from(JSON.stringify(offline)),
      qos: 1,
      retain: true,
    },
  });
  const online: KioskStatus = { state: 'online', sess, ts: Date.now(), version: `0.1.${sess}` };
  await client.publishAsync(topics.status(kioskId), JSON.stringify(online), { qos: 1, retain: true });
  return client;
}

/** Drops the TCP connection without DISCONNECT, so the broker fires the will. */
function dropConnection(client: MqttClient): void {
  client.stream.destroy();
  client.end(true);
}

describe('kiosk status and telemetry through the broker', () => {
  let broker: MosquittoBroker;
  let db: CentralDb;
  let worker: IngestWorker;

  before(async () => {
    broker = await startMosquitto();
    db = await openCentralDb();
    worker = await startIngest({ brokerUrl: broker.url, db, workerId: 'status-1' });
  });
  after(async () => {
    await worker.close();
    await db.close();
    await broker.stop();
  });

  test('a stale will (lower sess) fired after the kiosk reconnected does not mark it offline', async () => {
    // Two client IDs make the broker keep both sessions, so the old one's will fires late.
    const old = await kioskSession(broker.url, 'K0301', 'K0301-old', 6);
    await until(
      () => queryKiosks(db, 'K0301'),
      (k) => k[0]?.sess === 6,
      'sess 6 online',
    );
    const fresh = await kioskSession(broker.url, 'K0301', 'K0301-new', 7);
    await until(
      () => queryKiosks(db, 'K0301'),
      (k) => k[0]?.sess === 7,
      'sess 7 online',
    );
    dropConnection(old);
    // Wait until the broker has delivered the stale will, as any subscriber sees it.
    const observer = await connectClient(broker.url);
    try {
      const staleWill = new Promise<KioskStatus>((resolve) => {
        observer.on('message', (_t, p) => {
          const s = JSON.parse(p.toString()) as KioskStatus;
          if (s.state === 'offline') resolve(s);
        });
      });
      await observer.subscribeAsync(topics.status('K0301'), { qos: 1 });
      assert.equal((await staleWill).sess, 6);
      await sleep(200);
      const [k] = await queryKiosks(db, 'K0301');
      assert.equal(k?.state, 'online');
      assert.equal(k?.sess, 7);
      assert.equal(k?.version, '0.1.7');
      // The kiosk's own will for the current session does apply.
      dropConnection(fresh);
      await until(
        () => queryKiosks(db, 'K0301'),
        (r) => r[0]?.state === 'offline' && r[0]?.sess === 7,
        'sess 7 offline',
      );
    } finally {
      await observer.endAsync();
    }
  });

  test('telemetry is stored; invalid status and telemetry are ignored without harm', async () => {
    const kiosk = await connectClient(broker.url, { clientId: 'K0302', protocolVersion: 5 });
    try {
      const t: Telemetry = {
        ts: Date.now(),
        reader: { state: 'ok' },
        printer: { state: 'warning', detail: 'paper near end' },
        outbox: { depth: 12, oldestAgeMs: 4000 },
        queue: { waiting: 3 },
        version: '0.1.0',
      };
      await kiosk.publishAsync(topics.status('K0302'), '{"state":"sideways"}', { qos: 1 });
      await kiosk.publishAsync(topics.telemetry('K0302'), 'nonsense', { qos: 1 });
      await kiosk.publishAsync(topics.telemetry('K0302'), JSON.stringify(t), { qos: 1 });
      const [k] = await until(
        () => queryKiosks(db, 'K0302'),
        (r) => r.length > 0,
        'K0302 telemetry',
      );
      assert.deepEqual(k?.telemetry, t);
      assert.equal(k?.state, undefined);
    } finally {
      await kiosk.endAsync();
    }
  });
});
