/**
 * The first sync of a district catalogue to one kiosk that holds nothing, measured on one mosquitto
 * with central on PGlite in this process: the chunked, signed snapshot's time and bytes on the wire,
 * beside the raw entries gzipped and one bare QoS 1 message of that size. Used by sharing.bench.ts
 * (beside its other parts) and catalogue-snapshot.bench.ts (this part alone).
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { SharedData } from '../../../appliance/sharing/shared-data.ts';
import { type CatalogueItem, LIFE_EVENTS, type StreamRef } from '../../../contract/sharing.ts';
import type { SigningKey, TrustedKey } from '../../../platform/bundle-signature.ts';
import { canonicalEntries } from '../../../platform/share-signing.ts';
import { importBatch } from '../back-office.ts';
import type { DatasetStore } from '../dataset-store.ts';
import type { SharingHub } from '../hub.ts';

export const BENCH_DISTRICT = 'NS';

/** Item i of a revision-2 catalogue: guide text, materials, a form with its fields, the service it belongs to. */
export function benchItem(i: number): CatalogueItem {
  return {
    itemId: `item-${i}`,
    name: `社会救助事项 ${i}`,
    department: ['民政局', '人社局', '卫健委', '残联'][i % 4]!,
    lifeEvents: [LIFE_EVENTS[i % 6]!],
    legalLimitDays: 20 + (i % 40),
    promisedLimitDays: 10 + (i % 10),
    materials: ['居民身份证', '户口簿', `${i} 号申请表`, '收入证明'],
    guide: `一、办理依据：《社会救助暂行办法》第${i % 70}条。二、办理条件：申请人户籍在本区。三、办理流程：受理、审核、审批、送达，事项编号 ${i}。`,
    forms: [
      {
        name: '申请表',
        url: `https://gov.example.cn/forms/${i}.pdf`,
        fields: ['申请人姓名', '联系电话', '申请理由'],
      },
    ],
    serviceId: ['assistance', 'social-security', 'elderly-care'][i % 3]!,
  };
}

export function connectBench(
  url: string,
  clientId: string,
  extra: mqtt.IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId, protocolVersion: 5, reconnectPeriod: 0, ...extra });
}

export function benchKiosk(dir: string, kioskId: string, trusted: TrustedKey): SharedData {
  return new SharedData({
    kioskId,
    dir: join(dir, kioskId),
    trustedKeys: [trusted],
    districtId: BENCH_DISTRICT,
    log: (level, message) => {
      if (process.env.SHEQU_BENCH_DEBUG) console.error(kioskId, level, message);
    },
  });
}

/** Resolves when the kiosk has applied the stream at `version`. */
export function appliedAt(shared: SharedData, ref: StreamRef, version: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (shared.streams.get(ref).version >= version) resolve();
      else setTimeout(check, 5);
    };
    check();
  });
}

export interface FirstSync {
  snapshotMs: number;
  wireBytes: number;
  rawGzipBytes: number;
  bareSnapshotMs: number;
  /** The kiosk that synced, connected, for the parts that follow. */
  kiosk: SharedData;
  client: MqttClient;
}

export async function catalogueFirstSync(opts: {
  brokerUrl: string;
  hub: SharingHub;
  store: DatasetStore;
  key: { signing: SigningKey; trusted: TrustedKey };
  dir: string;
  items: number;
}): Promise<FirstSync> {
  const catalogue: StreamRef = { dataset: 'catalogue', scope: 'district', scopeId: BENCH_DISTRICT };
  const lines = Array.from({ length: opts.items }, (_, i) =>
    JSON.stringify({ key: `item-${i}`, value: benchItem(i) }),
  );
  await importBatch(opts.hub, catalogue, lines.join('\n'));
  const rawGzipBytes = gzipSync(
    Buffer.from(canonicalEntries((await opts.store.snapshot(catalogue)).entries)),
  ).length;
  const kiosk = benchKiosk(opts.dir, 'K-BENCH-1', opts.key.trusted);
  const client = await connectBench(opts.brokerUrl, 'K-BENCH-1');
  let wireBytes = 0;
  client.on('message', (topic, payload) => {
    if (topic.startsWith('v1/kiosks/K-BENCH-1/share/') || topic.startsWith('v1/share/'))
      wireBytes += payload.length;
  });
  const t0 = performance.now();
  await kiosk.onConnected(client);
  await appliedAt(kiosk, catalogue, 1);
  const snapshotMs = performance.now() - t0;

  const bare = await connectBench(opts.brokerUrl, 'bare-snapshot');
  await bare.subscribeAsync('bench/bare-snapshot', { qos: 1 });
  const tb = performance.now();
  const got = new Promise<void>((resolve) => bare.on('message', () => resolve()));
  await bare.publishAsync('bench/bare-snapshot', Buffer.alloc(rawGzipBytes, 7), { qos: 1 });
  await got;
  const bareSnapshotMs = performance.now() - tb;
  await bare.endAsync();
  return { snapshotMs, wireBytes, rawGzipBytes, bareSnapshotMs, kiosk, client };
}
