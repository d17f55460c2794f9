/** The fleet agent against a real mosquitto: birth and will with a session counter, held drain, clean offline. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';
import { type KioskStatus, type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { Outbox } from '../outbox/outbox.ts';
import { Store } from '../store/store.ts';
import { FleetAgent } from './agent.ts';

const KIOSK = 'K-AGENT-0001';
let broker: MosquittoBroker;
let central: mqtt.MqttClient;
const dirs: string[] = [];
const statuses: KioskStatus[] = [];
const txs: TxEnvelope[] = [];
const MARKER = 'test/agent-marker';
let markers = 0;

before(async () => {
  broker = await startMosquitto();
  central = await mqtt.connectAsync(broker.url, { clientId: 'central-test', protocolVersion: 5 });
  await central.subscribeAsync([topics.status(KIOSK), topics.tx(KIOSK), MARKER], { qos: 1 });
  central.on('message', (topic, payload) => {
    if (topic === MARKER) {
      markers += 1;
      return;
    }
    if (payload.length === 0) return;
    const json = JSON.parse(payload.toString());
    if (topic === topics.tx(KIOSK)) txs.push(json);
    else statuses.push(json);
  });
});
after(async () => {
  await central.publishAsync(topics.ingestState, '', { retain: true, qos: 1 });
  await central.endAsync();
  await broker.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function kiosk(dir?: string) {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'shequ-agent-'));
  if (!dir) dirs.push(dataDir);
  const store = await Store.open(join(dataDir, 'log'));
  const outbox = await Outbox.open(dataDir, store);
  store.on('committed', (c) => c.tx && outbox.add(c.tx));
  const agent = new FleetAgent({
    kioskId: KIOSK,
    brokerUrl: broker.url,
    protocolVersion: 5,
    dataDir,
    outbox,
    version: 'test',
    reconnectBaseMs: 50,
    reconnectCapMs: 200,
  });
  await agent.start();
  return { agent, store, outbox, dataDir };
}

async function until(what: string, probe: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('birth is retained with a session counter that grows across restarts; clean shutdown says offline', async () => {
  const first = await kiosk();
  await until('online', () => first.agent.uplink.connected);
  await until('birth', () => statuses.some((s) => s.state === 'online'));
  const sess1 = statuses.findLast((s) => s.state === 'online')!.sess;
  await first.agent.close();
  await until('explicit offline', () => statuses.at(-1)?.state === 'offline');
  // A will published for a dropped socket would arrive after the shutdown status: a round trip
  // through the broker after close() lets it show.
  const seen = markers;
  await central.publishAsync(MARKER, 'x', { qos: 1 });
  await until('marker', () => markers > seen);
  assert.equal(statuses.at(-1)!.reason, 'shutdown');
  assert.equal(statuses.at(-1)!.sess, sess1);

  const second = await kiosk(first.dataDir);
  await until('second birth', () => statuses.at(-1)?.state === 'online');
  assert.ok(statuses.at(-1)!.sess > sess1, 'a new connection gets a higher session number');
  await second.agent.close();
});

test('the drain is held while central ingest says it is offline, and resumes when it is back', async () => {
  await central.publishAsync(
    topics.ingestState,
    JSON.stringify({ state: 'offline', worker: 'w1', ts: Date.now() }),
    { qos: 1, retain: true },
  );
  const k = await kiosk();
  await until(
    'connected and told ingest is offline',
    () => k.agent.uplink.connected && k.agent.uplink.ingestOnline === false,
  );
  const before = txs.length;
  const c = await k.store.commit([], sampleDraft('rating.given', 5));
  await sleep(700);
  assert.equal(txs.length, before, 'nothing is published while ingest is offline');
  await central.publishAsync(
    topics.ingestState,
    JSON.stringify({ state: 'online', worker: 'w1', ts: Date.now() }),
    { qos: 1, retain: true },
  );
  await until('the held transaction goes out', () => txs.some((t) => t.txId === c.tx!.txId));
  assert.ok(k.outbox.has(c.tx!.txId), 'and it stays in the outbox until central acks it');
  await k.agent.close();
});
