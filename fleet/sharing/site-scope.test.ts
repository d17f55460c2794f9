/**
 * A site's datasets have their own topics (`v1/sites/{site}/share/…`), published once for all its
 * kiosks: on a real mosquitto with the production ACL and the identity plugin, the kiosks of site A
 * apply site A's catalogue, a kiosk of site B (or one the broker knows no site of) is refused the
 * subscription and is delivered nothing of it, and a kiosk's own datasets stay its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { SharedData } from '../../appliance/sharing/shared-data.ts';
import { type CatalogueItem, type StreamRef, shareTopics } from '../../contract/sharing.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { connectClient, recordMessages } from '../../test/support/mqtt.ts';
import { until } from '../../test/support/sharing-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { DatasetStore } from './dataset-store.ts';
import { SharingHub } from './hub.ts';
import { migrateSharing } from './schema.ts';

const SITES: Record<string, string> = { 'xf-001': 'xingfu', 'xf-002': 'xingfu', 'hp-001': 'heping' };
const NO_SITE = 'nosite-001';
const NOT_AUTHORIZED = 135;
const central = generateSigningKey();
const siteA: StreamRef = { dataset: 'catalogue', scope: 'site', scopeId: 'xingfu' };

let dir: string;
let broker: FleetBroker;
let db: CentralDb;
let store: DatasetStore;
let hubClient: MqttClient;
let hub: SharingHub;
const kiosks = new Map<string, { shared: SharedData; client: MqttClient }>();
const others: MqttClient[] = [];

const item = (itemId: string, name: string): CatalogueItem => ({
  itemId,
  name,
  department: '街道民政科',
  lifeEvents: ['after-death'],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  materials: ['死亡证明'],
  guide: `${name}：本街道受理。`,
  forms: [],
});

async function kiosk(kioskId: string): Promise<SharedData> {
  const shared = new SharedData({
    kioskId,
    ...(SITES[kioskId] ? { siteId: SITES[kioskId] } : {}),
    districtId: 'NS',
    dir: join(dir, kioskId),
    trustedKeys: [central.trusted],
    log: () => {},
  });
  const client = await connectClient(broker.urlFor(kioskId), { clientId: kioskId, protocolVersion: 5 });
  await shared.onConnected(client);
  kiosks.set(kioskId, { shared, client });
  return shared;
}

/** A second connection of the kiosk's identity (`id.probe`: the plugin binds it to the same login). */
async function raw(kioskId: string): Promise<MqttClient> {
  const c = await connectClient(broker.urlFor(kioskId), {
    clientId: `${kioskId}.probe${others.length}`,
    protocolVersion: 5,
  });
  others.push(c);
  return c;
}

/** The SUBACK's code for one filter: the granted QoS, or the reason the broker refused it. */
async function subackCode(c: MqttClient, filter: string): Promise<number | undefined> {
  try {
    return (await c.subscribeAsync(filter, { qos: 1 }))[0]?.qos;
  } catch (err) {
    return (err as { packet?: { granted?: number[] } }).packet?.granted?.[0];
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-site-scope-'));
  broker = await startFleetBroker([...Object.keys(SITES), NO_SITE, 'svc-share'], undefined, SITES);
  db = await openCentralDb();
  await migrateSharing(db);
  store = new DatasetStore(db, central.signing);
  hubClient = await connectClient(broker.urlFor('svc-share'), {
    clientId: 'svc-share.site-test',
    protocolVersion: 5,
  });
  hub = new SharingHub({
    client: hubClient,
    store,
    key: central.signing,
    districtId: 'NS',
    siteOf: async (k) => SITES[k],
  });
  await hub.start();
});

after(async () => {
  for (const c of others) await c.endAsync(true);
  for (const { client } of kiosks.values()) await client.endAsync(true);
  await hub?.close();
  await hubClient?.endAsync(true);
  await db?.close();
  await broker?.close();
  removeDirSync(dir);
});

test('a site’s catalogue goes out once on its own topic and every kiosk of that site applies it', async () => {
  const [a1, a2] = [await kiosk('xf-001'), await kiosk('xf-002')];
  const delta = await hub.change(siteA, [{ op: 'put', key: 'burial', value: item('burial', '殡葬补贴') }]);
  for (const [name, shared] of [
    ['xf-001', a1],
    ['xf-002', a2],
  ] as const) {
    const held = await until(`${name} at version ${delta.version}`, async () => {
      const s = shared.streams.get(siteA);
      return s.version === delta.version ? s : undefined;
    });
    assert.equal(held.hash, delta.hash, name);
    assert.deepEqual(Object.keys(held.entries), ['burial']);
  }
  // Published once for the site, not copied into each kiosk's tree.
  const sub = await raw('xf-002');
  const got = recordMessages(sub);
  const granted = await sub.subscribeAsync('v1/kiosks/+/share/#', { qos: 1 });
  assert.equal(granted[0]?.qos, 1);
  await sub.subscribeAsync(shareTopics.siteHead('xingfu', 'catalogue'), { qos: 1 });
  await got.waitFor(
    (m) => m.topic === shareTopics.siteHead('xingfu', 'catalogue'),
    5000,
    'the retained head',
  );
  assert.deepEqual(
    got.all
      .filter((m) => m.topic.startsWith('v1/kiosks/') && m.topic.includes('/catalogue/'))
      .map((m) => m.topic),
    [],
    'no copy of the site stream in any kiosk tree',
  );
});

test('a kiosk of another site, or of none, is refused the subscription and is delivered nothing of it', async () => {
  for (const outsider of ['hp-001', NO_SITE]) {
    const c = await raw(outsider);
    const got = recordMessages(c);
    for (const filter of [
      shareTopics.siteHead('xingfu', 'catalogue'),
      'v1/sites/xingfu/share/#',
      'v1/sites/+/share/#',
      'v1/sites/#',
    ]) {
      assert.equal(await subackCode(c, filter), NOT_AUTHORIZED, `${outsider} subscribing to ${filter}`);
    }
    // A filter the site check cannot see (`#`) is granted; every delivery is checked instead.
    await c.subscribeAsync('#', { qos: 1 });
    await assert.rejects(
      c.publishAsync(shareTopics.siteDelta('xingfu', 'catalogue'), '{}', { qos: 1 }),
      /Not authorized|135/i,
      `${outsider} cannot write a site stream`,
    );
    const delta = await hub.change(siteA, [
      { op: 'put', key: `from-${outsider}`, value: item(`from-${outsider}`, '丧葬费') },
    ]);
    await until('xf-001 applied the change', async () =>
      kiosks.get('xf-001')!.shared.streams.get(siteA).version === delta.version ? true : undefined,
    );
    assert.deepEqual(
      got.all.filter((m) => m.topic.startsWith('v1/sites/')).map((m) => m.topic),
      [],
      `${outsider} received nothing of site xingfu`,
    );
  }
  const own = await raw('hp-001');
  assert.equal(
    await subackCode(own, shareTopics.siteHead('heping', 'catalogue')),
    1,
    'its own site’s topics are open to it',
  );
});

test('a kiosk’s own datasets stay private to it, its site’s neighbours included', async () => {
  const neighbour = await raw('xf-002');
  const got = recordMessages(neighbour);
  await neighbour.subscribeAsync('v1/kiosks/xf-001/share/#', { qos: 1 });
  const ref: StreamRef = { dataset: 'notices', scope: 'kiosk', scopeId: 'xf-001' };
  const delta = await hub.change(ref, [
    {
      op: 'put',
      key: 'n1',
      value: {
        noticeId: 'n1',
        kind: 'urge',
        text: '催办通知：办件 X1，请于 2026-12-10 前回告。',
        issuedAt: Date.now(),
      },
    },
  ]);
  await until('xf-001 has its notice', async () =>
    kiosks.get('xf-001')!.shared.streams.get(ref).version === delta.version ? true : undefined,
  );
  assert.equal(kiosks.get('xf-002')!.shared.streams.get(ref).version, 0);
  assert.deepEqual(
    got.all.map((m) => m.topic),
    [],
    'the neighbour received nothing of xf-001’s tree',
  );
});
