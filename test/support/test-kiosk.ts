/**
 * A stand-in for a kiosk's outbox in central-side tests: publishes transactions on its tx topic,
 * keeps every one until central's application-level ack arrives, and republishes the unacked
 * ones (same txId) after a timeout, the way the real outbox does. Only the resend contract is
 * modelled; durability is the appliance's business.
 */
import type { MqttClient } from 'mqtt';
import { AckPayload, type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import { connectClient } from './mqtt.ts';
import { makeTx } from './tx.ts';

const ackDecoder = payloadDecoder(AckPayload, 'AckPayload');

export interface TestKiosk {
  kioskId: string;
  /** Publishes `count` new transactions and remembers them until acked. */
  send(count: number): Promise<TxEnvelope[]>;
  readonly unacked: number;
  readonly acked: Map<string, AckPayload['acks'][number]['r']>;
  /** How many times a transaction was published again because no ack came in time. */
  readonly resends: number;
  /** Time from first publish to ack, per acked transaction. */
  readonly ackLatenciesMs: number[];
  waitAllAcked(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestKiosk(
  brokerUrl: string,
  kioskId: string,
  opts: { resendAfterMs?: number; protocolVersion?: 4 | 5 } = {},
): Promise<TestKiosk> {
  const resendAfterMs = opts.resendAfterMs ?? 1000;
  const client: MqttClient = await connectClient(brokerUrl, {
    clientId: kioskId,
    protocolVersion: opts.protocolVersion ?? 5,
    reconnectPeriod: 500,
  });
  const pending = new Map<string, { tx: TxEnvelope; sentAt: number; firstSentAt: number }>();
  const ackLatenciesMs: number[] = [];
  const acked = new Map<string, AckPayload['acks'][number]['r']>();
  let seq = 0;
  let resends = 0;
  const settled = new Set<() => void>();

  client.on('message', (_topic, payload) => {
    const decoded = ackDecoder.decode(payload);
    if (!decoded.ok) return;
    for (const a of decoded.value.acks) {
      const entry = pending.get(a.txId);
      if (!entry) continue;
      pending.delete(a.txId);
      ackLatenciesMs.push(performance.now() - entry.firstSentAt);
      acked.set(a.txId, a.r);
    }
    if (pending.size === 0) for (const done of settled) done();
  });
  await client.subscribeAsync(topics.ack(kioskId), { qos: 1 });

  const publish = (tx: TxEnvelope) =>
    client.publishAsync(topics.tx(kioskId), JSON.stringify(tx), { qos: 1 }).catch(() => {
      // Lost with the connection; the resend timer tries again.
    });

  const resendTimer = setInterval(
    () => {
      const now = Date.now();
      for (const entry of pending.values()) {
        if (now - entry.sentAt < resendAfterMs) continue;
        entry.sentAt = now;
        resends++;
        void publish(entry.tx);
      }
    },
    Math.max(50, resendAfterMs / 4),
  );

  return {
    kioskId,
    async send(count) {
      const sent: TxEnvelope[] = [];
      for (let i = 0; i < count; i++) {
        const tx = makeTx(kioskId, ++seq);
        pending.set(tx.txId, { tx, sentAt: Date.now(), firstSentAt: performance.now() });
        sent.push(tx);
      }
      await Promise.all(sent.map(publish));
      return sent;
    },
    get unacked() {
      return pending.size;
    },
    acked,
    ackLatenciesMs,
    get resends() {
      return resends;
    },
    waitAllAcked(timeoutMs) {
      if (pending.size === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          settled.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          settled.delete(done);
          reject(new Error(`${kioskId}: ${pending.size} transactions still unacked after ${timeoutMs} ms`));
        }, timeoutMs);
        settled.add(done);
      });
    },
    async close() {
      clearInterval(resendTimer);
      await client.endAsync();
    },
  };
}
