/**
 * The whole "turn near" leg, kiosk to SMSC, on the system the SMS opt-in e2e test runs
 * (test/support/sms-optin-system.ts): per sample, tickets taken at the kiosk's HTTP API, a number
 * opted in for the last one (as the kiosk's keypad does), then the counter's calls (staff HTTP API)
 * until it has N ahead; timed from that call's HTTP response to the submit_sm accepted at the SMSC
 * (the SMSC's own clock, same process). The queue is emptied after each sample. Anchors on the same
 * broker and SMSC: a bare MQTT QoS 1 publish → receive (a kiosk login's tx topic to an svc-ingest
 * client) and a bare submit_sm → submit_sm_resp.
 * Normal draining: the ingest stand-in acks each transaction once the notifier has taken it, as
 * real ingest does after its commit, so the kiosk's outbox (window of 200 unacked,
 * appliance/fleet-agent/tx-window.ts) empties as it goes; its depth is sampled at every call and
 * must be back at 0 at the end, or the leg is not measured with the outbox draining.
 */
import type { MqttClient } from 'mqtt';
import smpp from 'smpp';
import { notifyApiPaths } from '../../../contract/notify-api.ts';
import { simulationConfig } from '../../../firmware-config/sim-config.ts';
import { connectClient } from '../../../test/support/mqtt.ts';
import { type SmsOptInSystem, startSmsOptInSystem } from '../../../test/support/sms-optin-system.ts';
import { encodeParts } from '../segments.ts';
import { testPhone } from '../testing/phones.ts';

const ANCHOR_KIOSK = 'K-BENCH-ANCHOR';
const AHEAD = 2;

export interface KioskLegResult {
  /** Call response → submit_sm at the SMSC, ms. */
  fromResponseMs: number[];
  /** Call request sent → submit_sm at the SMSC, ms. */
  fromRequestMs: number[];
  mqttRttMs: number[];
  submitRttMs: number[];
  /** The kiosk's outbox depth when each sample's call was answered, and after the last sample. */
  outboxDepthAtCall: number[];
  outboxDepthAfter: number;
}

async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function turnNear(sys: SmsOptInSystem, samples: number, budgetMs: number, out: KioskLegResult) {
  const { api, h } = sys;
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const s = await api('GET', notifyApiPaths.status);
    if (s.json.available === true) break;
    if (Date.now() > deadline) throw new Error('SMS never on offer at the kiosk');
    await new Promise((r) => setTimeout(r, 50));
  }
  const clerk = await sys.clerkSession();
  const call = () => api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
  for (let i = 0; i < samples && Date.now() < deadline; i++) {
    const tickets: Array<{ id: string; number: string }> = [];
    for (let k = 0; k <= AHEAD + 1; k++) {
      const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
      if (taken.status !== 201) throw new Error(`ticket: ${taken.status} ${taken.text}`);
      tickets.push(taken.json.ticket as { id: string; number: string });
    }
    const mine = tickets.at(-1)!;
    const phone = testPhone(700_000 + i);
    const subscribed = await api('POST', notifyApiPaths.ticket(mine.id), { phone, ahead: AHEAD });
    if (subscribed.status !== 200) throw new Error(`opt-in: ${subscribed.status} ${subscribed.text}`);
    const seen = h.smsc.accepted.length;
    // AHEAD + 1 ahead: one call brings it to N.
    const sentAt = Date.now();
    const called = await call();
    const answeredAt = Date.now();
    const depthAtCall = sys.sim.running.appliance.outbox.depth;
    if (called.status !== 200) throw new Error(`call: ${called.status} ${called.text}`);
    const part = await waitUntil(
      () => h.smsc.accepted.slice(seen).find((p) => p.dest === phone),
      30_000,
      `the turn-near text for sample ${i}`,
    ).catch(async (err: Error) => {
      const waiting = await h.db.query<{ number: string }>(
        'SELECT number FROM notify_queue_ticket WHERE waiting',
      );
      throw new Error(`${err.message}: ${mine.number}; waiting at central: ${waiting.map((w) => w.number)}`);
    });
    // The SMSC stamps Date.now() in this process: the same clock, to the millisecond.
    out.fromResponseMs.push(part.at - answeredAt);
    out.fromRequestMs.push(part.at - sentAt);
    out.outboxDepthAtCall.push(depthAtCall);
    for (let k = 0; k <= AHEAD + 1; k++) await call();
  }
  // Acked transactions leave the outbox: with the stand-in acking, it empties.
  const outbox = sys.sim.running.appliance.outbox;
  await waitUntil(() => (outbox.depth === 0 ? true : undefined), 30_000, 'the kiosk outbox to drain').catch(
    () => {},
  );
  out.outboxDepthAfter = outbox.depth;
}

async function mqttAnchor(sys: SmsOptInSystem, samples: number, out: number[]) {
  const pub: MqttClient = await connectClient(sys.urlFor(ANCHOR_KIOSK), {
    clientId: ANCHOR_KIOSK,
    protocolVersion: 5,
  });
  const sub: MqttClient = await connectClient(sys.urlFor('svc-ingest'), {
    clientId: 'svc-ingest.bench-anchor',
    protocolVersion: 5,
  });
  const topic = `v1/kiosks/${ANCHOR_KIOSK}/tx`;
  try {
    await sub.subscribeAsync(topic, { qos: 1 });
    for (let i = 0; i < samples; i++) {
      const got = new Promise<void>((resolve) => sub.once('message', () => resolve()));
      const t = performance.now();
      await pub.publishAsync(topic, JSON.stringify({ i }), { qos: 1 });
      await got;
      out.push(performance.now() - t);
    }
  } finally {
    await pub.endAsync(true);
    await sub.endAsync(true);
  }
}

async function submitAnchor(port: number, samples: number, out: number[]) {
  const session = smpp.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () =>
      session.bind_transceiver({ system_id: 'shequ', password: 'test-pw' }, (pdu) =>
        pdu.command_status === 0 ? resolve() : reject(new Error('bind')),
      ),
    );
  });
  session.on('deliver_sm', (pdu) => session.send(pdu.response()));
  const [part] = encodeParts('【社区服务】您的A023号前面还有2人，请回到大厅留意叫号。回TD退订', 1);
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) =>
      session.submit_sm(
        {
          destination_addr: `86${testPhone(750_000 + i)}`,
          source_addr: '106900000001',
          registered_delivery: 1,
          data_coding: 8,
          short_message: part!.shortMessage,
        },
        () => resolve(),
      ),
    );
    out.push(performance.now() - t);
  }
  await new Promise<void>((resolve) => session.unbind({}, () => resolve()));
  session.close();
}

/** Up to `samples` kiosk-to-SMSC samples within `budgetMs`, and the anchors beside them. */
export async function kioskTurnNear(samples: number, budgetMs: number): Promise<KioskLegResult> {
  const out: KioskLegResult = {
    fromResponseMs: [],
    fromRequestMs: [],
    mqttRttMs: [],
    submitRttMs: [],
    outboxDepthAtCall: [],
    outboxDepthAfter: -1,
  };
  // Tickets at bench pace, not a person's: the card-less rates (a person per 10 s) would refuse them.
  const limits = simulationConfig().limits;
  const rate = { burst: 10_000, perMinute: 10_000 };
  const sys = await startSmsOptInSystem({
    extraUsers: [ANCHOR_KIOSK],
    configOverrides: {
      limits: {
        ...limits,
        cardless: { ...limits.cardless, perScreen: rate, perService: rate, unpairedDailyShare: 1 },
      },
    },
  });
  try {
    await turnNear(sys, samples, budgetMs, out);
    await mqttAnchor(sys, samples, out.mqttRttMs);
    await submitAnchor(sys.h.smsc.port, samples, out.submitRttMs);
  } finally {
    await sys.close();
  }
  return out;
}
