/**
 * A signed bundle from central changes the running appliance; a bundle that the appliance cannot
 * run with is rolled back and the kiosk keeps serving; bad bundles change nothing. Real mosquitto.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import mqtt from 'mqtt';
import { topics } from '../contract/mqtt.ts';
import { generateSigningKey, signBundle } from '../firmware-config/bundles/index.ts';
import { simulationConfig } from '../firmware-config/sim-config.ts';
import { fetchJson, stateWithGuide } from '../test/support/guide-state.ts';
import { type MosquittoBroker, startMosquitto } from '../test/support/mosquitto.ts';
import { assembleAppliance, type RunningAppliance } from './assemble.ts';
import { openHardware } from './bindings/hardware.ts';
import { desiredConfigLink } from './config-sync.ts';

const KIOSK = 'K-SIM-0001';
let dir: string;
let broker: MosquittoBroker;
let running: RunningAppliance;
let central: mqtt.MqttClient;
const reports: Array<{ status: string; appliedVersion: number; reason?: string }> = [];
const key = generateSigningKey();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-config-sync-'));
  broker = await startMosquitto();
  const link = desiredConfigLink({ dataDir: dir, kioskId: KIOSK, trustedKeys: [key.trusted] });
  running = await assembleAppliance(
    simulationConfig({
      http: { host: '127.0.0.1', port: 0 },
      broker: { url: broker.url, protocolVersion: 5 },
    }),
    openHardware({}, { url: broker.url, protocolVersion: 5, onConnected: link.onConnected }),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  link.bind(running.appliance);
  central = await mqtt.connectAsync(broker.url, { clientId: 'central-ops', protocolVersion: 5 });
  await central.subscribeAsync(topics.configReported(KIOSK), { qos: 1 });
  central.on('message', (_t, payload) => {
    if (payload.length > 0) reports.push(JSON.parse(payload.toString()));
  });
});
after(async () => {
  await central?.endAsync();
  await running?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

async function push(bundle: unknown): Promise<{ status: string; appliedVersion: number; reason?: string }> {
  const before = reports.length;
  await central.publishAsync(topics.configDesired(KIOSK), JSON.stringify(bundle), { qos: 1, retain: true });
  const deadline = Date.now() + 10_000;
  while (reports.length === before) {
    if (Date.now() > deadline) throw new Error('no config/reported from the kiosk');
    await new Promise((r) => setTimeout(r, 20));
  }
  return reports.at(-1)!;
}

function bundle(version: number, config: unknown, over: Record<string, unknown> = {}) {
  const now = Date.now();
  return signBundle(
    {
      kiosk: KIOSK,
      version,
      issuedAt: now,
      expiresAt: now + 3_600_000,
      config: config as Record<string, unknown>,
      ...over,
    },
    key.signing,
  );
}

test('a signed bundle is applied to the running appliance and reported', async () => {
  const config = simulationConfig({ http: { host: '127.0.0.1', port: 0 } });
  config.services.push({
    id: 'legal-aid',
    prefix: 'F',
    name: '法律援助',
    nameEn: 'Legal aid',
    firstNumber: 1,
    lastNumber: 999,
    requiresCard: false,
    typicalHandlingMin: 10,
    caseItems: [],
  });
  config.counters[0]!.serviceIds.push('legal-aid');
  const report = await push(bundle(1, config));
  assert.equal(report.status, 'applied');
  assert.equal(report.appliedVersion, 1);
  const state = (await (await fetch(`${running.url}/api/state`)).json()) as {
    services: Array<{ id: string }>;
  };
  assert.ok(
    state.services.some((s) => s.id === 'legal-aid'),
    'the kiosk offers the new service at once',
  );
  const ticket = await fetch(`${running.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'legal-aid', withCard: false }),
  });
  assert.equal(ticket.status, 201);
});

test('a bundle that breaks the health check is rolled back and the kiosk keeps serving', async () => {
  // Dropping 法律援助 while a resident holds an F ticket would strand them: the appliance refuses it.
  const broken = simulationConfig();
  const report = await push(bundle(2, broken));
  assert.equal(report.status, 'rolled-back', JSON.stringify(report));
  assert.equal(report.appliedVersion, 1);
  assert.match(JSON.stringify(report), /legal-aid/);
  assert.ok(
    running.appliance.config.services.some((s) => s.id === 'legal-aid'),
    'the last good configuration stays',
  );
  const ticket = await fetch(`${running.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  assert.equal(ticket.status, 201, 'still serving');
});

test('unsigned, foreign-key, other-kiosk, future-dated, expired and old bundles are refused with their reason and change nothing', async () => {
  const config = running.appliance.config;
  assert.equal((await push(bundle(7, config))).appliedVersion, 7);
  const other = generateSigningKey();
  const now = Date.now();
  const cases: Array<[unknown, string]> = [
    [{ kiosk: KIOSK, version: 8, issuedAt: now, expiresAt: now + 60_000, config }, 'unsigned'],
    [
      signBundle({ kiosk: KIOSK, version: 8, issuedAt: now, expiresAt: now + 60_000, config }, other.signing),
      'unknown-key',
    ],
    [bundle(8, config, { kiosk: 'K-OTHER-0002' }), 'wrong-kiosk'],
    [
      bundle(8, config, { issuedAt: now + 365 * 86_400_000, expiresAt: now + 366 * 86_400_000 }),
      'issued-in-future',
    ],
    [bundle(8, config, { issuedAt: now - 7_200_000, expiresAt: now - 3_600_000 }), 'expired'],
    [bundle(6, config), 'stale-version'],
  ];
  for (const [b, reason] of cases) {
    const report = await push(b);
    assert.equal(report.status, 'rejected', reason);
    assert.equal(report.reason, reason);
    assert.equal(report.appliedVersion, 7);
  }
  assert.ok(
    running.appliance.config.services.some((s) => s.id === 'legal-aid'),
    'nothing changed',
  );
});

test('a bundle that renames a case item is honoured by the case routes at once; the removed item is refused', async () => {
  await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
  const login = await fetch(`${running.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: 'counter-pass-1' }),
  });
  const h = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
  };
  const renamed = structuredClone(running.appliance.config);
  const ssc = renamed.services.find((s) => s.id === 'social-security')!;
  ssc.caseItems = [{ ...ssc.caseItems[0]!, id: 'ssc-first', name: '社保卡首次申领（新）' }];
  assert.equal((await push(bundle(9, renamed))).status, 'applied');

  const vault = running.appliance.vault;
  const served = async (idNumber: string) => {
    const ticket = await running.appliance.queue.issue({
      serviceId: 'social-security',
      priority: false,
      holder: {
        ref: vault.lookupRef(idNumber),
        sealed: vault.seal({ name: '测试', number: idNumber }),
        maskedName: '测*',
        maskedNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      },
    });
    // Earlier tests left residents waiting at counter 1: call until ours is at the counter.
    for (;;) {
      const called = await fetch(`${running.url}/api/staff/counters/w1/call-next`, {
        method: 'POST',
        headers: h,
      });
      const id = ((await called.json()) as { ticket: { id: string } | null }).ticket?.id;
      if (!id) throw new Error('our ticket was never called');
      if (id === ticket.id) return id;
    }
  };
  const accept = (ticketId: string, itemId: string) =>
    fetch(`${running.url}/api/staff/cases`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId, itemId, materials: ['居民身份证'] }),
    });
  const removed = await accept(await served('110105195003150019'), 'ssc-new');
  assert.equal(removed.status, 404, 'the item the bundle removed is refused');
  assert.match(JSON.stringify(await removed.json()), /case\.item-unknown/);
  const fresh = await accept(await served('110105196002290016'), 'ssc-first');
  assert.equal(fresh.status, 201, 'the renamed item is accepted');
  assert.equal(
    ((await fresh.json()) as { case: { itemName: string } }).case.itemName,
    '社保卡首次申领（新）',
  );

  // The other routes read the same configuration: the service guide on the kiosk, the day report.
  const state = await stateWithGuide(fetchJson(running.url));
  assert.deepEqual(
    state.services.find((s) => s.id === 'social-security')!.caseItems.map((i) => i.id),
    ['ssc-first'],
  );
  const day = running.appliance.queue.today();
  const report = await fetch(`${running.url}/api/staff/report?day=${day}`, { headers: h });
  assert.equal(((await report.json()) as { overall: { casesAccepted: number } }).overall.casesAccepted, 1);
});
