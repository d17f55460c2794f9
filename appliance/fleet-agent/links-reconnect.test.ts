/**
 * The uplink links (SMS opt-in, panel certificate) listen on the MQTT client the fleet agent hands
 * them at every connect. A flaky uplink must not make them listen twice: after several broker
 * restarts (a real mosquitto killed and started again) one delivery update central sends reaches
 * the ticket page once, and a client connected again (what an auto-reconnecting client would do)
 * keeps one set of listeners.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type MqttClient } from 'mqtt';
import { type NotifyDeliveryUpdate, notifyTopics } from '../../contract/notify.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { NotifyOptInLink, type TicketDelivery } from '../notify-optin/optin-link.ts';
import { Outbox } from '../outbox/outbox.ts';
import { Store } from '../store/store.ts';
import { FleetAgent } from './agent.ts';
import { PanelCertLink } from './panel-cert-link.ts';

const KIOSK = 'K-LINKS-0001';
let broker: MosquittoBroker;
let dir: string;

before(async () => {
  broker = await startMosquitto();
  dir = mkdtempSync(join(tmpdir(), 'shequ-links-'));
});
after(async () => {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const update = (ticketId: string): NotifyDeliveryUpdate => ({
  v: 1,
  deliveries: [{ ticketId, masked: '138****1234', state: 'delivered', at: Date.now() }],
});

function panelLink(): PanelCertLink {
  return new PanelCertLink({
    kioskId: KIOSK,
    dataDir: dir,
    caPem: '',
    names: ['localhost'],
    // A current certificate far from due: the link must not start a renewal of its own.
    current: {
      certPem: '',
      keyPem: '',
      names: ['localhost'],
      notBefore: Date.now() - 1_000,
      notAfter: Date.now() + 365 * 86_400_000,
    },
    health: { state: 'ok', since: Date.now() },
    swap: () => {},
    log: () => {},
  });
}

test('after broker restarts, one delivery update is handled once and each client has one set of listeners', async () => {
  const optin = new NotifyOptInLink(KIOSK);
  const panel = panelLink();
  const deliveries: TicketDelivery[] = [];
  optin.onDelivery((d) => deliveries.push(d));
  const clients: MqttClient[] = [];
  const store = await Store.open(join(dir, 'log'));
  const outbox = await Outbox.open(dir, store);
  const agent = new FleetAgent({
    kioskId: KIOSK,
    brokerUrl: broker.url,
    protocolVersion: 5,
    dataDir: dir,
    outbox,
    version: 'test',
    reconnectBaseMs: 50,
    reconnectCapMs: 200,
    onConnected: async (client) => {
      clients.push(client);
      await optin.onConnected(client);
      await panel.onConnected(client);
    },
  });
  await agent.start();
  const central = await mqtt.connectAsync(broker.url, { clientId: 'central-links', protocolVersion: 5 });
  try {
    await until('first connect', () => agent.uplink.connected && clients.length === 1);
    const baseline = clients[0]!.listenerCount('message');
    for (let i = 0; i < 3; i++) {
      await broker.kill();
      await until('uplink down', () => !agent.uplink.connected);
      await broker.start();
      await until(`connect ${i + 2}`, () => agent.uplink.connected && clients.length === i + 2);
    }
    const live = clients.at(-1)!;
    assert.equal(
      live.listenerCount('message'),
      baseline,
      'a fresh client per connection, one set of listeners',
    );
    await central.publishAsync(notifyTopics.result(KIOSK), JSON.stringify(update('T-1')), { qos: 1 });
    await until('the delivery update', () => deliveries.length > 0);

    // The same client connecting again (mqtt.js reconnecting it in place) must not add listeners.
    await optin.onConnected(live);
    await panel.onConnected(live);
    assert.equal(live.listenerCount('message'), baseline, 'links listen once per client');
    assert.equal(live.listenerCount('close'), clients[0]!.listenerCount('close'));
    await central.publishAsync(notifyTopics.result(KIOSK), JSON.stringify(update('T-2')), { qos: 1 });
    await until('the second delivery update', () => deliveries.some((d) => d.ticketId === 'T-2'));
    // A marker published after both updates: once it arrived, any duplicate would have too.
    await central.publishAsync(notifyTopics.result(KIOSK), JSON.stringify(update('T-3')), { qos: 1 });
    await until('the marker update', () => deliveries.some((d) => d.ticketId === 'T-3'));
    assert.deepEqual(
      deliveries.map((d) => d.ticketId),
      ['T-1', 'T-2', 'T-3'],
    );
  } finally {
    panel.close();
    await central.endAsync(true);
    await agent.close();
  }
});
