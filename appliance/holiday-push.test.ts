/**
 * The 2027 holiday arrangement arrives in a signed configuration bundle while cases accepted in
 * early December 2026 are open: their deadlines are recounted, stop being provisional, and each move
 * reaches central as a case change. Real mosquitto, the HTTP API a clerk uses; the appliance's clock
 * is set to 2026-12-03 10:00 Beijing (only Date is mocked: timers and sockets run for real).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, mock, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { ApplianceConfig } from '../contract/config/schema.ts';
import { type TxBody, type TxEnvelope, topics } from '../contract/mqtt.ts';
import { maskIdNumber, maskName, mod11CheckChar } from '../drivers/idcard/index.ts';
import { generateSigningKey, signBundle } from '../firmware-config/bundles/index.ts';
import { simulationConfig } from '../firmware-config/sim-config.ts';
import { ARRANGEMENT_2027 } from '../platform/calendar/test-support.ts';
import { type MosquittoBroker, startMosquitto } from '../test/support/mosquitto.ts';
import { connectClient, json, type Received, recordMessages } from '../test/support/mqtt.ts';
import { assembleAppliance, type RunningAppliance } from './assemble.ts';
import { openHardware } from './bindings/hardware.ts';
import { desiredConfigLink } from './config-sync.ts';

const KIOSK = 'K-SIM-0001';
const DEC_3_2026_10H_BEIJING = Date.UTC(2026, 11, 3, 2);
const key = generateSigningKey();

let dir: string;
let broker: MosquittoBroker;
let running: RunningAppliance;
let central: MqttClient;
let inbox: ReturnType<typeof recordMessages>;
let staff: Record<string, string>;

function config(holidays?: unknown): ApplianceConfig {
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
  return holidays === undefined ? c : { ...c, holidays };
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(running.url + path, {
    method,
    headers: { ...staff, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

let residents = 0;

/** A resident (a generated, check-digit-valid identity) with a card is served, and the clerk accepts the 60/45-day item. */
async function acceptCase(): Promise<{ id: string; promisedDeadline: string; legalDeadline: string }> {
  const vault = running.appliance.vault;
  const body = `11010519500315${String(++residents).padStart(3, '0')}`;
  const number = body + mod11CheckChar(body);
  await running.appliance.queue.issue({
    serviceId: 'social-security',
    priority: false,
    holder: {
      ref: vault.lookupRef(number),
      sealed: vault.seal({ name: '测试', number }),
      maskedName: maskName('测试'),
      maskedNumber: maskIdNumber(number),
    },
  });
  const called = await api('POST', '/api/staff/counters/w1/call-next');
  assert.equal(called.status, 200, JSON.stringify(called.json));
  const ticketId = (called.json as { ticket: { id: string } }).ticket.id;
  const accepted = await api('POST', '/api/staff/cases', {
    ticketId,
    itemId: 'tekun',
    materials: ['居民身份证'],
  });
  assert.equal(accepted.status, 201, JSON.stringify(accepted.json));
  return (accepted.json as { case: { id: string; promisedDeadline: string; legalDeadline: string } }).case;
}

const txOf = (m: Received) => json(m) as TxEnvelope;
/** The body of a case transaction ('case.accepted' and 'case.changed' share one). */
const caseBody = (m: Received) => txOf(m).body as TxBody<'case.changed'>;
const caseTx = (m: Received) => ({ ...txOf(m), body: caseBody(m) });
const isCaseTx = (caseId: string, type: string, change?: string) => (m: Received) =>
  m.topic === topics.tx(KIOSK) &&
  txOf(m).type === type &&
  caseBody(m).caseId === caseId &&
  (change === undefined || caseBody(m).change === change);

before(async () => {
  broker = await startMosquitto();
  mock.timers.enable({ apis: ['Date'], now: DEC_3_2026_10H_BEIJING });
  dir = mkdtempSync(join(tmpdir(), 'shequ-holiday-push-'));
  central = await connectClient(broker.url, { clientId: 'central-test', protocolVersion: 5 });
  inbox = recordMessages(central);
  await central.subscribeAsync([topics.tx(KIOSK), topics.configReported(KIOSK)], { qos: 1 });
  const link = desiredConfigLink({ dataDir: dir, kioskId: KIOSK, trustedKeys: [key.trusted] });
  running = await assembleAppliance(
    config(),
    openHardware({}, { url: broker.url, protocolVersion: 5, onConnected: link.onConnected }),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  link.bind(running.appliance);
  await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
  const login = await fetch(`${running.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: 'counter-pass-1' }),
  });
  staff = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(((await login.json()) as { csrfToken: string }).csrfToken),
  };
});
after(async () => {
  mock.timers.reset();
  await central?.endAsync();
  await running?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

test('the 2027 arrangement arrives by configuration: open cases are recounted and central sees each move', async () => {
  // No 2027 arrangement yet: 元旦 and 春节 2027 (statutory days and the weekdays making up for the
  // weekend ones) are skipped, and the deadline is provisional.
  const c = await acceptCase();
  assert.equal(c.promisedDeadline, '2027-02-11');
  assert.equal(c.legalDeadline, '2027-03-04');
  const accepted = caseTx(await inbox.waitFor(isCaseTx(c.id, 'case.accepted'), 10_000, 'case.accepted'));
  assert.equal(accepted.body.provisional, true);
  assert.deepEqual(
    (accepted.body.provisionalBecause as Array<{ holiday: string }>).map((w) => w.holiday),
    ['元旦', '春节'],
  );

  const now = Date.now();
  const bundle = signBundle(
    {
      kiosk: KIOSK,
      version: 1,
      issuedAt: now,
      expiresAt: now + 3_600_000,
      config: config({ years: { '2027': ARRANGEMENT_2027 } }) as unknown as Record<string, unknown>,
    },
    key.signing,
  );
  await central.publishAsync(topics.configDesired(KIOSK), JSON.stringify(bundle), { qos: 1, retain: true });
  const report = json(await inbox.waitFor((m) => m.topic === topics.configReported(KIOSK), 10_000, 'report'));
  assert.equal((report as { status: string }).status, 'applied', JSON.stringify(report));

  const moved = caseTx(await inbox.waitFor(isCaseTx(c.id, 'case.changed', 'deadline'), 10_000, 'deadline'));
  // the notice's make-up Sunday 1/31 comes before 春节: the promised deadline is a week earlier
  assert.equal(moved.body.promisedDeadline, '2027-02-04');
  assert.equal(moved.body.previousPromisedDeadline, '2027-02-11');
  assert.equal(moved.body.legalDeadline, '2027-03-04');
  assert.equal(moved.body.provisional, false);
  assert.equal(moved.body.previousProvisional, true);

  const board = await api('GET', '/api/staff/cases');
  const onBoard = (board.json as { cases: Array<{ id: string; promisedDeadline: string }> }).cases;
  assert.equal(onBoard.find((x) => x.id === c.id)?.promisedDeadline, '2027-02-04', 'the clerk sees it');
  const record = running.appliance.desk.cases.get(c.id)!;
  assert.equal(record.history.at(-1)?.what, 'deadline');
  assert.equal(record.history.at(-1)?.previous?.promisedDeadline, '2027-02-11');

  // A case accepted now is counted on the new calendar at once.
  const next = await acceptCase();
  assert.equal(next.promisedDeadline, '2027-02-04');
  const nextTx = caseTx(
    await inbox.waitFor(isCaseTx(next.id, 'case.accepted'), 10_000, 'second case.accepted'),
  );
  assert.equal(nextTx.body.provisional, false);
});
