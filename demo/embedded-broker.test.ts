/**
 * The demo's embedded broker is not open to anyone: without a generated login nothing connects, and
 * a kiosk's login publishes nothing the kiosk or central acts on outside its own tree (no acks, no
 * commands, no desired configuration, no other kiosk's topics). Real aedes, real MQTT.js clients.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { connectClient, recordMessages } from '../test/support/mqtt.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';

let broker: EmbeddedBroker;
let watcher: MqttClient;
let seen: ReturnType<typeof recordMessages>;
const clients: MqttClient[] = [];

before(async () => {
  broker = await startEmbeddedBroker();
  // The console reads everything under v1/: what any client manages to publish shows up here.
  watcher = await connectClient(broker.url, {
    ...broker.console,
    clientId: 'console.watcher',
    protocolVersion: 4,
  });
  clients.push(watcher);
  seen = recordMessages(watcher);
  await watcher.subscribeAsync(['v1/kiosks/#', 'v1/fleet/#'], { qos: 1 });
});
after(async () => {
  for (const c of clients) await c.endAsync(true).catch(() => {});
  await broker?.close();
});

const login = (kioskId: string) => ({
  ...broker.kiosk(kioskId),
  clientId: kioskId,
  protocolVersion: 4 as const,
});

/** Publishes once on a fresh connection; resolves when the broker has answered it (ack or disconnect). */
async function tryPublish(
  opts: Parameters<typeof connectClient>[1],
  topic: string,
): Promise<'delivered' | 'refused'> {
  const c = await connectClient(broker.url, opts);
  clients.push(c);
  const closed = new Promise<'refused'>((resolve) => c.once('close', () => resolve('refused')));
  const acked = c.publishAsync(topic, 'payload', { qos: 1 }).then(() => 'delivered' as const);
  const verdict = await Promise.race([acked, closed]);
  await c.endAsync(true).catch(() => {});
  return verdict;
}

test('no login, a wrong password and another kiosk’s password are refused at CONNECT', async () => {
  await assert.rejects(
    connectClient(broker.url, { clientId: 'anon', protocolVersion: 4 }),
    /Bad username or password|Not authorized/i,
  );
  await assert.rejects(
    connectClient(broker.url, {
      clientId: 'K-A-001',
      username: 'K-A-001',
      password: 'guess',
      protocolVersion: 4,
    }),
    /Bad username or password/i,
  );
  const a = broker.kiosk('K-A-001');
  await assert.rejects(
    connectClient(broker.url, {
      clientId: 'K-B-002',
      username: 'K-B-002',
      password: a.password,
      protocolVersion: 4,
    }),
    /Bad username or password/i,
  );
});

test('a kiosk publishes in its own tree only: no acks, commands, desired config, ingest state or other kiosks', async () => {
  const forbidden = [
    'v1/kiosks/K-A-001/ack',
    'v1/kiosks/K-A-001/cmd/reprint',
    'v1/kiosks/K-A-001/config/desired',
    'v1/kiosks/K-B-002/tx',
    'v1/kiosks/K-B-002/status',
    'v1/kiosks/K-B-002/ack',
    'v1/fleet/ingest/state',
  ];
  for (const topic of forbidden) assert.equal(await tryPublish(login('K-A-001'), topic), 'refused', topic);
  assert.equal(await tryPublish(login('K-A-001'), 'v1/kiosks/K-A-001/tx'), 'delivered');
  await seen.waitFor((m) => m.topic === 'v1/kiosks/K-A-001/tx', 5000, 'the kiosk’s own transaction');
  assert.deepEqual(
    seen.all.map((m) => m.topic).filter((t) => forbidden.includes(t)),
    [],
    'nothing forbidden reached central',
  );
});

test('a client ID is bound to its login: no one takes over a kiosk’s or a service’s session', async () => {
  const a = broker.kiosk('K-A-001');
  await assert.rejects(
    connectClient(broker.url, { ...broker.console, clientId: 'K-A-001', protocolVersion: 4 }),
    /Identifier rejected/i,
  );
  await assert.rejects(
    connectClient(broker.url, { ...a, clientId: 'console.x', protocolVersion: 4 }),
    /Identifier rejected/i,
  );
  await assert.rejects(
    connectClient(broker.url, { ...a, clientId: 'K-A-001.second', protocolVersion: 4 }),
    /Identifier rejected/i,
    'a kiosk connects under its own ID only',
  );
});

test('only ingest acks, only the console commands and configures; a kiosk cannot read other kiosks', async () => {
  const ingest = { ...broker.ingest, clientId: 'ingest.w1', protocolVersion: 4 as const };
  const consoleLogin = { ...broker.console, clientId: 'console.1', protocolVersion: 4 as const };
  assert.equal(await tryPublish(ingest, 'v1/kiosks/K-A-001/ack'), 'delivered');
  assert.equal(await tryPublish(ingest, 'v1/kiosks/K-A-001/cmd/reprint'), 'refused');
  assert.equal(await tryPublish(ingest, 'v1/kiosks/K-A-001/config/desired'), 'refused');
  assert.equal(await tryPublish(consoleLogin, 'v1/kiosks/K-A-001/cmd/reprint'), 'delivered');
  assert.equal(await tryPublish(consoleLogin, 'v1/kiosks/K-A-001/config/desired'), 'delivered');
  assert.equal(await tryPublish(consoleLogin, 'v1/kiosks/K-A-001/ack'), 'refused');

  const kiosk = await connectClient(broker.url, login('K-A-001'));
  clients.push(kiosk);
  for (const own of ['v1/kiosks/K-A-001/ack', 'v1/kiosks/K-A-001/cmd/+']) {
    assert.equal((await kiosk.subscribeAsync(own, { qos: 1 }))[0]?.qos, 1, own);
  }
  for (const other of ['v1/kiosks/#', 'v1/kiosks/K-B-002/ack', 'v1/kiosks/+/tx', 'v1/fleet/#']) {
    await assert.rejects(kiosk.subscribeAsync(other, { qos: 1 }), /Subscribe error/, other);
  }
  assert.equal(kiosk.connected, true, 'a refused subscription is answered, not a disconnect');
});
