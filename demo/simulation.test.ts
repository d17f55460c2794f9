/**
 * The demo composition as `npm start` runs it: embedded aedes broker, embedded ingest in PGlite,
 * the notification service (log-only gateway), virtual printer — here with the reader served
 * in-process, the path a machine without socat takes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pairScreen } from '../appliance/http/test-appliance.ts';
import { notifyApiPaths } from '../contract/notify-api.ts';
import type { DecodedJob } from '../drivers/printer/index.ts';
import { queryTransactions } from '../fleet/index.ts';
import { testPhone } from '../fleet/notify/testing/phones.ts';
import { connectClient, recordMessages } from '../test/support/mqtt.ts';
import { type Simulation, startSimulation } from './simulation.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-simulation-'));
let sim: Simulation | undefined;
after(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('simulation mode without socat: card, ticket with card, print, embedded ingest acks', async () => {
  sim = await startSimulation({
    dataDir: dir,
    httpPort: 0,
    inProcessReader: true,
    uiDistDir: join(dir, 'ui'),
  });
  assert.match(sim.reader.devicePath, /apt-get install socat/);
  const base = sim.running.url;
  const kiosk = await pairScreen(sim.running, 'kiosk');
  const placed = await fetch(`${base}/api/sim/card`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: 'resident-zhang' }),
  });
  assert.equal(placed.status, 204);
  const card = await until('the card on the reader', () => sim!.running.appliance.cardView() ?? undefined);
  assert.equal(card.elderly, true, 'born 1950: offered priority');

  const job = new Promise<DecodedJob>((r) => sim!.printer.once('job', r));
  const res = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...kiosk },
    body: JSON.stringify({ serviceId: 'assistance', withCard: true, priority: true }),
  });
  assert.equal(res.status, 201);
  const { ticket, printed } = (await res.json()) as {
    ticket: { number: string; priority: boolean; holderMasked: string };
    printed: boolean;
  };
  assert.equal(ticket.number, 'B001');
  assert.equal(ticket.priority, true);
  assert.match(ticket.holderMasked, /\*/);
  assert.equal(printed, true);
  assert.ok((await job).text.includes('B001'));

  const again = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...kiosk },
    body: JSON.stringify({ serviceId: 'assistance', withCard: true }),
  });
  assert.equal(again.status, 409);
  assert.match(((await again.json()) as { error: { message: string } }).error.message, /B001/);

  await until(
    'the outbox to drain through aedes and the embedded ingest',
    () => sim!.running.appliance.outbox.depth === 0,
  );
  const stored = await queryTransactions(sim.centralDb!, 'K-SIM-0001');
  assert.ok(
    stored.some((t) => t.type === 'ticket.issued' && (t.body as { number: string }).number === 'B001'),
  );

  // `shequ fleet` finds the embedded broker and the console's login in <data>/broker.json (0600).
  assert.equal(sim.brokerFile, join(dir, 'broker.json'));
  assert.equal(statSync(sim.brokerFile).mode & 0o777, 0o600);
  const file = JSON.parse(readFileSync(sim.brokerFile, 'utf8')) as {
    url: string;
    protocolVersion: number;
    console: { username: string; password: string };
  };
  assert.equal(file.url, sim.brokerUrl);
  assert.equal(file.protocolVersion, 4);
  const operator = await connectClient(file.url, {
    ...file.console,
    protocolVersion: 4,
    clientId: 'console.fleet-test',
  });
  const statuses = recordMessages(operator);
  await operator.subscribeAsync('v1/kiosks/+/status', { qos: 1 });
  const birth = await statuses.waitFor(
    (m) => m.topic === 'v1/kiosks/K-SIM-0001/status',
    5000,
    'the kiosk’s status',
  );
  assert.equal((JSON.parse(birth.payload.toString()) as { state: string }).state, 'online');
  await operator.endAsync();
  await assert.rejects(
    connectClient(file.url, { protocolVersion: 4, clientId: 'anon' }),
    /Bad username or password/i,
  );

  await fetch(`${base}/api/sim/card`, { method: 'DELETE' });
  await until('the card to leave', () => sim!.running.appliance.cardView() === null);
});

test('the demo runs the notification service: SMS is on offer with the link up, and an opt-in is answered masked', async () => {
  assert.ok(sim, 'started by the first test');
  const base = sim.running.url;
  const status = await until('SMS on offer', async () => {
    const s = (await (await fetch(`${base}${notifyApiPaths.status}`)).json()) as { available: boolean };
    return s.available && s;
  });
  assert.deepEqual(status, { available: true });
  const kiosk = await pairScreen(sim.running, 'kiosk');
  const take = async () => {
    const res = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...kiosk },
      body: JSON.stringify({ serviceId: 'consult', withCard: false }),
    });
    return ((await res.json()) as { ticket: { id: string } }).ticket;
  };
  for (let i = 0; i < 3; i++) await take();
  const mine = await take();
  const phone = testPhone(77);
  const res = await fetch(`${base}${notifyApiPaths.ticket(mine.id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...kiosk },
    body: JSON.stringify({ phone, ahead: 1 }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { masked } = (await res.json()) as { masked: string };
  assert.equal(masked, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  const rows = await sim.centralDb!.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notify_subscription',
  );
  assert.ok((rows[0]?.n ?? 0) >= 1, 'central stored the subscription');
  assert.equal(statSync(join(dir, 'notify', 'notify.key')).mode & 0o777, 0o600);
});
