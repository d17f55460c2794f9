/**
 * The kiosks' delivery feed on real parts: PostgreSQL (two connections, so transactions really
 * overlap), mosquitto, the notification worker sending to the test SMSC, and a kiosk's MQTT client
 * on its answer topic. A text whose row committed after a later id's still reaches the kiosk; a
 * broker that goes away while the feed publishes loses nothing, and once it is back the feed says
 * each state once and then has nothing more to say.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MqttClient } from 'mqtt';
import { type NotifyDeliveryUpdate, notifyTopics } from '../../contract/notify.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { type NotifyHarness, startNotifyHarness } from './testing/harness.ts';
import { testPhone } from './testing/phones.ts';
import { startTicketDeliveryFeed, type TicketDeliveryFeed } from './ticket-delivery-feed.ts';

const MORNING = Date.UTC(2026, 2, 10, 2, 0, 0);
const KIOSK = 'K-FEED-1';
let pg: PostgresServer;
let broker: MosquittoBroker;
let h: NotifyHarness;
let central: MqttClient;
let kiosk: MqttClient;
let inbox: ReturnType<typeof recordMessages>;
let feed: TicketDeliveryFeed;

before(async () => {
  pg = await startPostgres();
  broker = await startMosquitto();
  h = await startNotifyHarness({ dbUrl: pg.url, now: MORNING });
  const reconnecting = { reconnectPeriod: 100, protocolVersion: 5 as const };
  central = await connectClient(broker.url, { clientId: 'notify-feed', ...reconnecting });
  kiosk = await connectClient(broker.url, { clientId: KIOSK, ...reconnecting });
  inbox = recordMessages(kiosk);
  await kiosk.subscribeAsync(notifyTopics.result(KIOSK), { qos: 1 });
  feed = startTicketDeliveryFeed({
    db: h.db,
    client: central,
    now: () => h.clock.now,
    intervalMs: 0,
    publishTimeoutMs: 500,
  });
});
after(async () => {
  await feed?.close();
  await kiosk?.endAsync(true);
  await central?.endAsync(true);
  await h?.close();
  await broker?.stop();
  await pg?.stop();
});

type Delivery = NotifyDeliveryUpdate['deliveries'][number];

/** Every delivery the kiosk received for a ticket, in arrival order. */
function received(ticketId: string): Delivery[] {
  return inbox.all
    .filter((m) => m.topic === notifyTopics.result(KIOSK))
    .map((m) => json(m) as Partial<NotifyDeliveryUpdate>)
    .flatMap((u) => u.deliveries ?? [])
    .filter((d) => d.ticketId === ticketId);
}

async function subscribed(ticketId: string, n: number): Promise<void> {
  const outcome = await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'queue.ahead', ticketId, number: `A${n}`, ahead: 3 },
    phone: testPhone(8100 + n),
  });
  assert.equal(outcome.status, 'subscribed');
}

/** Polls the feed until the kiosk has heard `state` for every ticket (bounded). */
async function untilKioskHears(ticketIds: string[], state: Delivery['state']): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ticketIds.every((t) => received(t).some((d) => d.state === state))) {
    if (Date.now() > deadline)
      throw new Error(`kiosk heard ${JSON.stringify(ticketIds.map((t) => received(t).map((d) => d.state)))}`);
    await feed.poll().catch(() => 0);
    await sleep(50);
  }
}

test('a text whose row commits after a higher id still reaches the kiosk', async () => {
  await subscribed('T-EARLY', 1);
  await subscribed('T-LATE', 2);
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  let earlyInserted!: () => void;
  const inserted = new Promise<void>((r) => {
    earlyInserted = r;
  });
  // The first transaction takes the lower id and stays open; the second takes a higher one and commits.
  const early = h.db.transaction(async (tx) => {
    await h.notifier.notifyOn(
      { kind: 'queue.ahead', kioskId: KIOSK, ticketId: 'T-EARLY', number: 'A1', ahead: 3 },
      { tx },
    );
    earlyInserted();
    await held;
  });
  await inserted;
  await h.db.transaction((tx) =>
    h.notifier.notifyOn(
      { kind: 'queue.ahead', kioskId: KIOSK, ticketId: 'T-LATE', number: 'A2', ahead: 3 },
      { tx },
    ),
  );
  const ids = await h.db.query<{ id: string; ref_id: string }>(
    `SELECT id, ref_id FROM notify_message WHERE ref_id IN ('T-EARLY', 'T-LATE')`,
  );
  assert.deepEqual(
    ids.map((r) => r.ref_id),
    ['T-LATE'],
    'only the later transaction is visible yet',
  );
  await untilKioskHears(['T-LATE'], 'delivered');
  release();
  await early;
  const [earlyRow, lateRow] = await h.db.query<{ id: string }>(
    `SELECT id FROM notify_message WHERE ref_id IN ('T-EARLY', 'T-LATE') ORDER BY ref_id`,
  );
  assert.ok(BigInt(earlyRow!.id) < BigInt(lateRow!.id), 'the early row has the lower id');
  await untilKioskHears(['T-EARLY'], 'delivered');
  assert.equal(await feed.poll(), 0, 'nothing left to tell');
});

test('a broker gone while the feed publishes loses nothing; back, each state is said once', async () => {
  await subscribed('T-DROP', 3);
  await h.notifier.notifyOn({
    kind: 'queue.ahead',
    kioskId: KIOSK,
    ticketId: 'T-DROP',
    number: 'A3',
    ahead: 3,
  });
  await h.settled('ticket', 'T-DROP', 1, ['delivered']);
  await broker.kill();
  // The publish gets no PUBACK (or the client has seen the broker go and none is tried): the feed
  // fails the poll and keeps the row untold.
  await assert.rejects(feed.poll(), /no PUBACK|not connected/);
  const [row] = await h.db.query<{ kiosk_told: string | null }>(
    `SELECT kiosk_told FROM notify_message WHERE ref_id = 'T-DROP'`,
  );
  assert.equal(row?.kiosk_told, null, 'not marked told without the broker’s acknowledgement');
  await broker.start();
  const deadline = Date.now() + 20_000;
  while (!(central.connected && kiosk.connected)) {
    if (Date.now() > deadline) throw new Error('clients did not reconnect');
    await sleep(50);
  }
  await kiosk.subscribeAsync(notifyTopics.result(KIOSK), { qos: 1 });
  await untilKioskHears(['T-DROP'], 'delivered');
  // The kiosk may hear it first from the publish mqtt.js kept queued while the broker was gone;
  // the row is told only once the feed's own publish is acknowledged.
  const toldBy = Date.now() + 20_000;
  for (;;) {
    const [told] = await h.db.query<{ kiosk_told: string | null }>(
      `SELECT kiosk_told FROM notify_message WHERE ref_id = 'T-DROP'`,
    );
    if (told?.kiosk_told === 'delivered') break;
    if (Date.now() > toldBy) throw new Error(`the feed never marked the row told (${told?.kiosk_told})`);
    await sleep(50);
  }
  assert.equal(await feed.poll(), 0, 'once acknowledged it is not sent again');
  await sleep(300);
  const heard = received('T-DROP');
  const distinct = new Set(heard.map((d) => JSON.stringify(d)));
  assert.equal(distinct.size, 1, `one state, one time: ${[...distinct].join(' ')}`);
  assert.equal(heard[0]?.state, 'delivered');
});

test('with the broker down a poll tries one publish at most, however many kiosks wait; back, each hears once', async () => {
  const kiosks = ['K-FEED-2', 'K-FEED-3', 'K-FEED-4'];
  const topicOf = new Map(kiosks.map((k) => [notifyTopics.result(k), k]));
  const heardBy = (k: string, ticketId: string) =>
    inbox.all
      .filter((m) => topicOf.get(m.topic) === k)
      .map((m) => json(m) as Partial<NotifyDeliveryUpdate>)
      .flatMap((u) => u.deliveries ?? [])
      .filter((d) => d.ticketId === ticketId);
  for (const [i, k] of kiosks.entries()) {
    const ticketId = `T-DOWN-${i}`;
    const outcome = await h.notifier.subscribe({
      kioskId: k,
      topic: { kind: 'queue.ahead', ticketId, number: `B${i}`, ahead: 3 },
      phone: testPhone(8200 + i),
    });
    assert.equal(outcome.status, 'subscribed');
    await h.notifier.notifyOn({ kind: 'queue.ahead', kioskId: k, ticketId, number: `B${i}`, ahead: 3 });
    await h.settled('ticket', ticketId, 1, ['delivered']);
  }
  // Count the feed's publishes on its real client.
  let attempts = 0;
  const publishAsync = central.publishAsync.bind(central);
  central.publishAsync = ((...args: Parameters<typeof publishAsync>) => {
    attempts++;
    return publishAsync(...args);
  }) as typeof central.publishAsync;
  try {
    await broker.kill();
    await assert.rejects(feed.poll());
    await assert.rejects(feed.poll(), /not connected/);
    await assert.rejects(feed.poll(), /not connected/);
    assert.ok(attempts <= 1, `${attempts} publishes tried with the broker down`);
    await broker.start();
    const deadline = Date.now() + 20_000;
    while (!(central.connected && kiosk.connected)) {
      if (Date.now() > deadline) throw new Error('clients did not reconnect');
      await sleep(50);
    }
    await kiosk.subscribeAsync([...topicOf.keys()], { qos: 1 });
    const allHeard = () =>
      kiosks.every((k, i) => heardBy(k, `T-DOWN-${i}`).some((d) => d.state === 'delivered'));
    while (!allHeard()) {
      if (Date.now() > deadline) throw new Error('the kiosks did not hear');
      await feed.poll().catch(() => 0);
      await sleep(50);
    }
    assert.equal(await feed.poll(), 0, 'nothing left to tell');
    await sleep(300);
    for (const [i, k] of kiosks.entries()) {
      const distinct = new Set(heardBy(k, `T-DOWN-${i}`).map((d) => JSON.stringify(d)));
      assert.equal(distinct.size, 1, `${k}: one state, one time`);
    }
  } finally {
    central.publishAsync = publishAsync;
  }
});
