/**
 * Data sharing (issue 17), on one mosquitto and central on PGlite in this process:
 * - first sync of a 10,000-item catalogue (guides and materials) to one kiosk, by chunked snapshot:
 *   time and bytes on the wire, beside the raw entries gzipped and a bare transfer of those bytes;
 * - 1,000 deltas published while a kiosk is offline: time to converge after it reconnects, beside
 *   a bare client fetching 1,000 retained-less messages it queued as a persistent session;
 * - 1,000 kiosks receiving one catalogue change: time until all have reported the new version,
 *   beside 1,000 bare clients answering one published message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { SharedData } from '../../../appliance/sharing/shared-data.ts';
import { type BenchResult, round } from '../../../bench/types.ts';
import { type StreamRef, shareTopics } from '../../../contract/sharing.ts';
import { generateSigningKey } from '../../../platform/bundle-signature.ts';
import { startMosquitto } from '../../../test/support/mosquitto.ts';
import { openCentralDb } from '../../db/central-db.ts';
import { recordProgress } from '../back-office.ts';
import { DatasetStore } from '../dataset-store.ts';
import { SharingHub } from '../hub.ts';
import { migrateSharing } from '../schema.ts';
import {
  appliedAt,
  BENCH_DISTRICT,
  benchKiosk,
  catalogueFirstSync,
  connectBench,
} from './catalogue-first-sync.ts';

const ITEMS = Number(process.env.SHEQU_BENCH_ITEMS ?? 10_000);
const DELTAS = Number(process.env.SHEQU_BENCH_DELTAS ?? 1000);
const KIOSKS = Number(process.env.SHEQU_BENCH_KIOSKS ?? 1000);
const DISTRICT = BENCH_DISTRICT;
const key = generateSigningKey();
const kiosk = (dir: string, kioskId: string) => benchKiosk(dir, kioskId, key.trusted);
const connect = connectBench;

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-share-bench-'));
  const broker = await startMosquitto();
  const db = await openCentralDb();
  try {
    await migrateSharing(db);
    const store = new DatasetStore(db, key.signing);
    const hubClient = await connect(broker.url, 'svc-share.bench');
    const hub = new SharingHub({
      client: hubClient,
      store,
      key: key.signing,
      districtId: DISTRICT,
      siteOf: async () => undefined,
    });
    await hub.start();

    // 1. A 10,000-item catalogue to one kiosk that holds nothing yet.
    const sync = await catalogueFirstSync({ brokerUrl: broker.url, hub, store, key, dir, items: ITEMS });
    const {
      snapshotMs,
      wireBytes,
      rawGzipBytes: rawGz,
      bareSnapshotMs,
      kiosk: first,
      client: firstClient,
    } = sync;

    // 2. 1,000 deltas while a kiosk is offline.
    const progress: StreamRef = { dataset: 'progress', scope: 'kiosk', scopeId: 'K-BENCH-1' };
    await recordProgress(hub, store, {
      kioskId: 'K-BENCH-1',
      caseId: 'case-0',
      department: '民政局',
      step: 'received',
      at: 1,
    });
    await appliedAt(first, progress, 1);
    await firstClient.endAsync();
    for (let i = 1; i <= DELTAS; i++) {
      await recordProgress(hub, store, {
        kioskId: 'K-BENCH-1',
        caseId: `case-${i}`,
        department: '民政局',
        step: 'received',
        at: i,
      });
    }
    const back = await connect(broker.url, 'K-BENCH-1');
    const t1 = performance.now();
    await first.onConnected(back);
    await appliedAt(first, progress, DELTAS + 1);
    const convergeMs = performance.now() - t1;
    await back.endAsync();

    const queued = await connect(broker.url, 'bare-offline', {
      clean: false,
      properties: { sessionExpiryInterval: 600 },
    });
    await queued.subscribeAsync('bench/offline', { qos: 1 });
    await queued.endAsync();
    const pub = await connect(broker.url, 'bare-offline-pub');
    for (let i = 0; i < DELTAS; i++)
      await pub.publishAsync('bench/offline', JSON.stringify({ i, pad: 'x'.repeat(300) }), { qos: 1 });
    const t2 = performance.now();
    let n = 0;
    const drained = new Promise<void>((resolve) => {
      // Listening before CONNACK: the queued messages follow it at once.
      const c = mqtt.connect(broker.url, {
        clientId: 'bare-offline',
        protocolVersion: 5,
        reconnectPeriod: 0,
        clean: false,
        properties: { sessionExpiryInterval: 600 },
      });
      c.on('message', () => {
        if (++n === DELTAS) {
          resolve();
          c.end(true);
        }
      });
    });
    await drained;
    const bareOfflineMs = performance.now() - t2;
    await pub.endAsync();

    // 3. 1,000 kiosks, one change of a district dataset they all hold.
    const holidays: StreamRef = { dataset: 'holidays', scope: 'district', scopeId: DISTRICT };
    // The fleet holds the catalogue already: clear its retained head so the connects do not each fetch it.
    await hubClient.publishAsync(shareTopics.districtHead('catalogue'), '', { qos: 1, retain: true });
    const fleet: Array<{ shared: SharedData; client: MqttClient }> = [];
    for (let k = 0; k < KIOSKS; k++) {
      const id = `K-FLEET-${k}`;
      const shared = kiosk(dir, id);
      const client = await connect(broker.url, id);
      await shared.onConnected(client);
      fleet.push({ shared, client });
    }
    const watcher = await connect(broker.url, 'svc-share.watch');
    const reported = new Set<string>();
    let allReported!: () => void;
    const all = new Promise<void>((resolve) => (allReported = resolve));
    watcher.on('message', (topic, payload) => {
      if (!topic.endsWith('/share/reported')) return;
      const r = JSON.parse(payload.toString()) as { streams: Array<{ dataset: string; version: number }> };
      if (r.streams.some((s) => s.dataset === 'holidays' && s.version >= 1)) reported.add(topic);
      if (reported.size === KIOSKS) allReported();
    });
    await watcher.subscribeAsync('v1/kiosks/+/share/reported', { qos: 1 });
    const t3 = performance.now();
    await hub.change(holidays, [
      { op: 'put', key: '2027', value: { year: 2027, arrangement: { 春节: ['2027-02-06', '2027-02-13'] } } },
    ]);
    await all;
    const fanoutMs = performance.now() - t3;
    for (const { client } of fleet) client.end(true);

    const bares: MqttClient[] = [];
    for (let k = 0; k < KIOSKS; k++) {
      const c = await connect(broker.url, `bare-fleet-${k}`);
      await c.subscribeAsync('bench/fanout', { qos: 1 });
      c.on('message', () => void c.publishAsync(`bench/fanout-ack/${k}`, '{"v":1}', { qos: 1 }));
      bares.push(c);
    }
    const acks = new Set<string>();
    let allAcked!: () => void;
    const acked = new Promise<void>((resolve) => (allAcked = resolve));
    watcher.on('message', (topic) => {
      if (!topic.startsWith('bench/fanout-ack/')) return;
      acks.add(topic);
      if (acks.size === KIOSKS) allAcked();
    });
    await watcher.subscribeAsync('bench/fanout-ack/+', { qos: 1 });
    const t4 = performance.now();
    await watcher.publishAsync('bench/fanout', JSON.stringify({ change: 1, pad: 'x'.repeat(500) }), {
      qos: 1,
    });
    await acked;
    const bareFanoutMs = performance.now() - t4;
    for (const c of bares) c.end(true);
    watcher.end(true);
    hubClient.end(true);

    return {
      name: 'sharing',
      metrics: {
        snapshotMs: round(snapshotMs, 1),
        snapshotWireBytes: wireBytes,
        offlineConvergeMs: round(convergeMs, 1),
        fanoutAllReportedMs: round(fanoutMs, 1),
      },
      anchor: {
        rawGzipBytes: rawGz,
        bareSnapshotMs: round(bareSnapshotMs, 1),
        bareOfflineDrainMs: round(bareOfflineMs, 1),
        bareFanoutAllAckedMs: round(bareFanoutMs, 1),
      },
      ratio: {
        wireBytesOverGzip: round(wireBytes / rawGz),
        snapshotTime: round(snapshotMs / bareSnapshotMs, 1),
        offlineConverge: round(convergeMs / bareOfflineMs, 1),
        fanout: round(fanoutMs / bareFanoutMs, 1),
      },
      notes: `${ITEMS}-item catalogue first sync (signed manifest, 256 KiB chunks, base64 on the wire) vs one bare QoS 1 message of the gzip's size; ${DELTAS} progress deltas missed offline, caught up (central answers with a snapshot beyond 200 versions) vs a persistent bare session draining ${DELTAS} queued messages; ${KIOSKS} kiosks (SharedData, one process) applying one signed district change and reporting it retained vs ${KIOSKS} bare clients answering one message. Each kiosk writes its stream file durably (fsync) before reporting.`,
    };
  } finally {
    await db.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
