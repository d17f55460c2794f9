/**
 * Data shared down from central, end to end: central (PGlite, fleet/sharing) publishes through a
 * real mosquitto running the production ACL and identity plugin; the appliance, assembled as it
 * ships, applies what central signed and shows it through its HTTP API. Offline catch-up, gaps,
 * snapshots in chunks, and forged or malformed messages are driven over MQTT as an attacker would.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import { assembleAppliance, type RunningAppliance } from '../../appliance/assemble.ts';
import { openHardware } from '../../appliance/bindings/hardware.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import {
  type CatalogueItem,
  type DatasetDelta,
  type ShareReported,
  type StreamRef,
  shareTopics,
} from '../../contract/sharing.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { contentHash, signShared } from '../../platform/share-signing.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, type Received, recordMessages } from '../../test/support/mqtt.ts';
import { acceptCaseAt, type StaffApi, staffApi } from '../../test/support/sharing-kiosk.ts';
import { buildIdentityPlugin } from '../broker/plugin/identity-plugin.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { bookCentrally, importBatch, recordProgress } from './back-office.ts';
import { DatasetStore } from './dataset-store.ts';
import { SharingHub } from './hub.ts';
import { migrateSharing } from './schema.ts';

const KIOSK = 'K-SIM-0001';
const OTHER = 'K-SIM-0002';
const SITE = 'SITE-A';
const DISTRICT = 'NS';
const PASSWORD = 'synthetic-test-secret';
const aclFile = fileURLToPath(new URL('../broker/acl', import.meta.url));
const central = generateSigningKey();
const catalogue: StreamRef = { dataset: 'catalogue', scope: 'district', scopeId: DISTRICT };
const progressOf = (kiosk: string): StreamRef => ({ dataset: 'progress', scope: 'kiosk', scopeId: kiosk });

let dir: string;
let broker: MosquittoBroker;
let db: CentralDb;
let store: DatasetStore;
let hub: SharingHub;
let hubClient: MqttClient;
let inbox: ReturnType<typeof recordMessages>;
let running: RunningAppliance;
let api: StaffApi;

const login = (user: string) => ({ username: user, password: PASSWORD, protocolVersion: 5 as const });

function config(): ApplianceConfig {
  const c = simulationConfig({
    http: { host: '127.0.0.1', port: 0 },
    broker: { url: broker.url, protocolVersion: 5 },
  });
  c.services[0]!.caseItems.push({
    id: 'tekun',
    name: '特困人员救助供养申请',
    legalLimitDays: 60,
    promisedLimitDays: 45,
    materials: ['居民身份证'],
    fee: '免费',
  });
  return c;
}

async function startKiosk(): Promise<void> {
  running = await assembleAppliance(
    config(),
    openHardware({}, { url: broker.url, protocolVersion: 5, mqttOptions: login(KIOSK) }),
    {
      dataDir: join(dir, 'kiosk'),
      uiDistDir: join(dir, 'no-ui'),
      sharing: { trustedKeys: [central.trusted], siteId: SITE, districtId: DISTRICT },
    },
  );
  if (!running.auth.hasUsers()) await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
  api = await staffApi(running.url, 'clerk', 'counter-pass-1');
}

/** A resident (a generated, check-digit-valid identity) is served and the clerk accepts a case. */
const acceptCase = () => acceptCaseAt(running, api, 0, 'tekun');

const reportOf = (m: Received) => json(m) as ShareReported;
const isReported = (m: Received) => m.topic === shareTopics.reported(KIOSK) && m.payload.length > 0;

/** The kiosk's report once it holds the stream at `version` (with central's content hash). */
async function reportedAt(ref: StreamRef, version: number, what: string): Promise<ShareReported> {
  const m = await inbox.waitFor(
    (r) =>
      isReported(r) &&
      reportOf(r).streams.some(
        (s) => s.dataset === ref.dataset && s.scopeId === ref.scopeId && s.version >= version,
      ),
    15_000,
    what,
  );
  return reportOf(m);
}

async function refusedWith(pattern: RegExp, what: string): Promise<string> {
  const m = await inbox.waitFor(
    (r) => isReported(r) && reportOf(r).refused.some((x) => pattern.test(x.why)),
    10_000,
    what,
  );
  return reportOf(m).refused.find((x) => pattern.test(x.why))!.why;
}

function item(i: number): CatalogueItem {
  return {
    itemId: `item-${i}`,
    name: `事项 ${i}`,
    department: i % 2 ? '民政局' : '人社局',
    lifeEvents: i % 3 ? ['retirement'] : ['birth'],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    materials: ['居民身份证', '户口簿'],
    guide: `办事指南 ${i}：`.repeat(20),
    forms: [{ name: '申请表', url: `https://gov.example.cn/forms/${i}.pdf` }],
  };
}
const batchOf = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) =>
    JSON.stringify({ key: `item-${from + k}`, value: item(from + k) }),
  ).join('\n');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-sharing-'));
  const passwd = join(dir, 'passwd');
  for (const [i, user] of [KIOSK, OTHER, 'svc-share'].entries()) {
    execFileSync('/usr/bin/mosquitto_passwd', [...(i === 0 ? ['-c'] : []), '-b', passwd, user, PASSWORD]);
  }
  broker = await startMosquitto({
    extraConfig: `allow_anonymous false\npassword_file ${passwd}\nacl_file ${aclFile}\nplugin ${await buildIdentityPlugin()}`,
  });
  db = await openCentralDb();
  await migrateSharing(db);
  store = new DatasetStore(db, central.signing);
  hubClient = await connectClient(broker.url, { ...login('svc-share'), clientId: 'svc-share.test' });
  inbox = recordMessages(hubClient);
  hub = new SharingHub({
    client: hubClient,
    store,
    key: central.signing,
    districtId: DISTRICT,
    siteOf: async (k) => (k === KIOSK ? SITE : 'SITE-B'),
    maxDeltasPerAnswer: 5,
    chunkBytes: 1024,
  });
  await hub.start();
  await startKiosk();
});
after(async () => {
  await running?.close();
  await hub?.close();
  await hubClient?.endAsync();
  await db?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a back-office step entered at central shows on the resident’s receipt lookup, and central records the version', async () => {
  const c = await acceptCase();
  await recordProgress(hub, store, {
    kioskId: KIOSK,
    caseId: c.id,
    department: '区民政局',
    step: 'in-review',
    at: Date.UTC(2026, 11, 2, 2),
    note: '材料审核中',
  });
  const delta = await recordProgress(hub, store, {
    kioskId: KIOSK,
    caseId: c.id,
    department: '区民政局',
    step: 'approved',
    at: Date.UTC(2026, 11, 3, 2),
  });
  const report = await reportedAt(progressOf(KIOSK), delta.version, 'progress applied');
  assert.equal(report.streams.find((s) => s.dataset === 'progress')?.hash, delta.hash);

  // The resident types the receipt number and the last four of the ID number.
  const lookup = await api('POST', '/api/cases/lookup', {
    receiptNo: c.number,
    idTail: c.applicantMaskedNumber.slice(-4),
    withCard: false,
  });
  assert.equal(lookup.status, 200, JSON.stringify(lookup.json));
  const [found] = (
    lookup.json as { cases: Array<{ backOffice?: Array<{ step: string; department: string }> }> }
  ).cases;
  assert.deepEqual(
    found?.backOffice?.map((s) => `${s.department} ${s.step}`),
    ['区民政局 in-review', '区民政局 approved'],
  );
  // The hub writes the kiosks' reports together, moments after they arrive.
  const deadline = Date.now() + 10_000;
  let onRecord = await store.reported(progressOf(KIOSK));
  while (onRecord[0]?.version !== delta.version && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    onRecord = await store.reported(progressOf(KIOSK));
  }
  assert.deepEqual(onRecord, [{ kioskId: KIOSK, version: delta.version, hash: delta.hash }]);
});

test('a booking made centrally appears in the centre’s appointments, the holder masked', async () => {
  const delta = await bookCentrally(hub, KIOSK, {
    bookingId: 'B20261202001',
    serviceId: 'social-security',
    day: '2026-12-09',
    slot: '09:30',
    holderMasked: '王*',
    bookedAt: Date.now(),
  });
  await reportedAt(
    { dataset: 'appointments', scope: 'kiosk', scopeId: KIOSK },
    delta.version,
    'booking applied',
  );
  const list = await api('GET', '/api/staff/appointments?day=2026-12-09');
  assert.equal(list.status, 200, JSON.stringify(list.json));
  assert.deepEqual(list.json, {
    appointments: [
      {
        id: 'B20261202001',
        serviceId: 'social-security',
        day: '2026-12-09',
        slot: '09:30',
        checkedIn: false,
        bookedBy: 'central',
      },
    ],
  });
});

test('a kiosk offline while central changes things converges when it returns: deltas, or a chunked snapshot when far behind', async () => {
  const first = await importBatch(hub, catalogue, batchOf(0, 20));
  await reportedAt(catalogue, first.version, 'catalogue v1');
  await running.close();

  // While it is away: 7 catalogue batches (more than the 5 deltas central answers with) and one progress change.
  let last: DatasetDelta = first;
  for (let b = 1; b <= 7; b++) last = await importBatch(hub, catalogue, batchOf(b * 50, 50));
  await importBatch(hub, catalogue, JSON.stringify({ key: 'item-3', delete: true }));
  last = (await store.deltasAfter(catalogue, last.version, 10)).at(-1)!;
  const c = running.appliance.desk.cases.list()[0]!;
  const progress = await recordProgress(hub, store, {
    kioskId: KIOSK,
    caseId: c.id,
    department: '区民政局',
    step: 'ready-for-collection',
    at: Date.now(),
  });
  const snapshotChunks = inbox.all.length;

  await startKiosk();
  const report = await reportedAt(catalogue, last.version, 'catalogue caught up');
  const held = report.streams.find((s) => s.dataset === 'catalogue')!;
  const atCentral = await store.snapshot(catalogue);
  assert.equal(held.version, atCentral.version);
  assert.equal(held.hash, atCentral.hash, 'the same content as central');
  assert.equal(Object.keys(atCentral.entries).length, 20 + 7 * 50 - 1);
  assert.equal(contentHash(atCentral.entries), held.hash);
  const again = await reportedAt(progressOf(KIOSK), progress.version, 'progress caught up');
  assert.equal(again.streams.find((s) => s.dataset === 'progress')?.hash, progress.hash);
  // It came as a snapshot in several chunks (1 KiB each here), not as the deltas.
  const asked = inbox.all.slice(snapshotChunks).filter((m) => m.topic === shareTopics.request(KIOSK));
  const chunksAsked = asked
    .map((m) => json(m) as { want: string; chunk?: number })
    .filter((r) => r.want === 'snapshot');
  assert.ok(chunksAsked.length >= 2, `asked for ${chunksAsked.length} snapshot chunks`);
  assert.deepEqual(
    chunksAsked.map((r) => r.chunk),
    chunksAsked.map((_, i) => i + 1),
  );
});

test('a delta that skips a version is not applied out of order: the kiosk asks for what it missed', async () => {
  const before = (await store.head(catalogue)).version;
  const missed = await store.change(catalogue, [{ op: 'put', key: 'item-9001', value: item(9001) }]);
  const next = await store.change(catalogue, [{ op: 'put', key: 'item-9002', value: item(9002) }]);
  assert.equal(missed.version, before + 1);
  const requestsBefore = inbox.all.length;
  await hubClient.publishAsync(shareTopics.districtDelta('catalogue'), JSON.stringify(next), { qos: 1 });
  const report = await reportedAt(catalogue, next.version, 'the gap filled');
  assert.equal(report.streams.find((s) => s.dataset === 'catalogue')?.hash, next.hash);
  const ask = inbox.all
    .slice(requestsBefore)
    .map((m) =>
      m.topic === shareTopics.request(KIOSK) ? (json(m) as { haveVersion: number; want: string }) : null,
    )
    .find((r) => r !== null);
  assert.deepEqual({ have: ask?.haveVersion, want: ask?.want }, { have: before, want: 'deltas' });
});

test('forged, tampered and malformed messages are refused, each naming its problem, and change nothing', async () => {
  const head = await store.head(catalogue);
  const attacker = generateSigningKey();
  const forged = signShared(
    {
      ...(await store.deltasAfter(catalogue, head.version - 1, 1))[0]!,
      version: head.version + 1,
      ops: [{ op: 'del', key: 'item-0' }],
    },
    attacker.signing,
  );
  await hubClient.publishAsync(shareTopics.districtDelta('catalogue'), JSON.stringify(forged), { qos: 1 });
  assert.match(
    await refusedWith(/unknown key/, 'forged refused'),
    /version \d+ of catalogue: signed by unknown key [0-9a-f]+: not from central/,
  );

  const genuine = (await store.deltasAfter(catalogue, head.version - 1, 1))[0]!;
  const tampered = { ...genuine, version: head.version + 1, ops: [{ op: 'del', key: 'item-0' }] };
  await hubClient.publishAsync(shareTopics.districtDelta('catalogue'), JSON.stringify(tampered), { qos: 1 });
  assert.match(await refusedWith(/bad signature/, 'tampered refused'), /bad signature: not from central/);

  await hubClient.publishAsync(shareTopics.districtDelta('catalogue'), '{"v":1,', { qos: 1 });
  assert.match(await refusedWith(/not JSON/, 'garbage refused'), /^not JSON/);
  await hubClient.publishAsync(
    shareTopics.kioskDelta(KIOSK, 'progress'),
    JSON.stringify({ ...genuine, version: 'x' }),
    { qos: 1 },
  );
  assert.match(
    await refusedWith(/invalid DatasetDelta/, 'malformed refused'),
    /invalid DatasetDelta at \/version/,
  );

  // A genuine district delta replayed onto a kiosk topic is out of place.
  await hubClient.publishAsync(shareTopics.kioskDelta(KIOSK, 'catalogue'), JSON.stringify(genuine), {
    qos: 1,
  });
  assert.match(
    await refusedWith(/does not belong/, 'misplaced refused'),
    /district catalogue delta does not belong on/,
  );

  const held = running.appliance && (await reportedAt(catalogue, head.version, 'still at head'));
  assert.equal(held.streams.find((s) => s.dataset === 'catalogue')?.hash, head.hash, 'content unchanged');
});

test('the ACL: a kiosk reads only its own tree’s datasets and the district’s, and can write none', async () => {
  const other = await connectClient(broker.url, { ...login(OTHER), clientId: OTHER });
  try {
    // mosquitto 2.0 grants any subscription but checks read access on every delivery.
    const seen = recordMessages(other);
    await other.subscribeAsync([`v1/kiosks/${KIOSK}/share/#`, shareTopics.districtDelta('catalogue')], {
      qos: 1,
    });
    const c = running.appliance.desk.cases.list()[0]!;
    await recordProgress(hub, store, {
      kioskId: KIOSK,
      caseId: c.id,
      department: '区民政局',
      step: 'approved',
      at: Date.now(),
    });
    await importBatch(hub, catalogue, JSON.stringify({ key: 'item-7', value: item(7) }));
    // Central published the progress first: once the district's delta is here, the other would have been too.
    await seen.waitFor((m) => m.topic === shareTopics.districtDelta('catalogue'), 5000, 'the district delta');
    assert.deepEqual(
      seen.all.filter((m) => m.topic.startsWith(`v1/kiosks/${KIOSK}/`)).map((m) => m.topic),
      [],
      'nothing of another kiosk reaches it',
    );
    await assert.rejects(
      other.publishAsync(shareTopics.districtDelta('catalogue'), '{}', { qos: 1 }),
      /Not authorized|135/i,
    );
    await assert.rejects(
      other.publishAsync(shareTopics.kioskDelta(OTHER, 'progress'), '{}', { qos: 1 }),
      /Not authorized|135/i,
    );
    // Asking central for another kiosk's data through its own request topic: refused by name.
    const answers = recordMessages(other);
    await other.subscribeAsync(shareTopics.response(OTHER), { qos: 1 });
    await other.publishAsync(
      shareTopics.request(OTHER),
      JSON.stringify({
        requestId: '00112233445566778899',
        ...progressOf(KIOSK),
        haveVersion: 0,
        want: 'snapshot',
      }),
      { qos: 1 },
    );
    const answer = json(
      await answers.waitFor((m) => m.topic === shareTopics.response(OTHER), 5000, 'refusal'),
    ) as {
      kind: string;
      why: string;
    };
    assert.deepEqual(answer, {
      requestId: '00112233445566778899',
      kind: 'refused',
      why: `progress/kiosk/${KIOSK}: another kiosk’s data`,
    });
  } finally {
    await other.endAsync();
  }
});

test('reports gathered in one flush that repeat a stream are written once, the last one kept', async () => {
  const ref = { dataset: 'progress', scope: 'kiosk', scopeId: 'K-DUP' } as const;
  await store.recordReportedMany([
    { kioskId: 'K-DUP', streams: [{ ...ref, version: 1, hash: 'h1' }], at: 1 },
    { kioskId: 'K-DUP', streams: [{ ...ref, version: 2, hash: 'h2' }], at: 2 },
  ]);
  const rows = await db.query<{ version: string | number; hash: string }>(
    `SELECT version, hash FROM share_reported WHERE kiosk_id = 'K-DUP'`,
  );
  assert.deepEqual(
    rows.map((r) => [Number(r.version), r.hash]),
    [[2, 'h2']],
  );
});
