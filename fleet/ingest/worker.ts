/**
 * One central ingest worker. It takes kiosk transactions from the broker (a shared subscription,
 * so several workers split the stream), stores each one once, and only then acks it to the kiosk
 * on `v1/kiosks/{id}/ack`. It also keeps the `kiosks` table current from status and telemetry.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { type IngestState, topics } from '../../contract/mqtt.ts';
import type { CentralDb } from '../db/central-db.ts';
import { createBatcher } from './batcher.ts';
import { handleKioskMessage } from './kiosk-messages.ts';
import { parseTx } from './parse-tx.ts';
import type { IncomingTx } from './store-batch.ts';
import { storeResilient } from './store-resilient.ts';
import { watchIngestState } from './watch-ingest-state.ts';

export interface IngestOptions {
  brokerUrl: string;
  db: CentralDb;
  workerId?: string;
  /** Default true: `$share/ingest/v1/kiosks/+/tx`. The embedded aedes broker needs false. */
  shared?: boolean;
  protocolVersion?: 4 | 5;
  batchMaxItems?: number;
  batchMaxWaitMs?: number;
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface IngestWorker {
  workerId: string;
  /** Transactions this worker stored for the first time. */
  readonly stored: number;
  /** Messages this worker rejected (malformed or schema-invalid). */
  readonly rejected: number;
  close(): Promise<void>;
}

export class IngestConnectError extends Error {
  readonly code = 'INGEST_BROKER_UNREACHABLE';
}

function ingestState(state: IngestState['state'], worker: string): string {
  const payload: IngestState = { state, worker, ts: Date.now() };
  return JSON.stringify(payload);
}

function waitForConnect(client: MqttClient, timeoutMs: number, brokerUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError = '';
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const timer = setTimeout(() => {
      client.off('error', onError);
      client.end(true);
      reject(
        new IngestConnectError(`no connection to ${brokerUrl} within ${timeoutMs} ms ${lastError}`.trim()),
      );
    }, timeoutMs);
    client.on('error', onError);
    client.once('connect', () => {
      clearTimeout(timer);
      client.off('error', onError);
      resolve();
    });
  });
}

export async function startIngest(opts: IngestOptions): Promise<IngestWorker> {
  const workerId = opts.workerId ?? `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = opts.log ?? (() => {});
  const client = mqtt.connect(opts.brokerUrl, {
    clientId: `ingest-${workerId}`,
    protocolVersion: opts.protocolVersion ?? 5,
    clean: true,
    reconnectPeriod: 1000,
    will: {
      topic: topics.ingestState,
      payload: Buffer.from(ingestState('offline', workerId)),
      qos: 1,
      retain: true,
    },
  });
  client.on('error', (err) => log(`ingest ${workerId}: mqtt error: ${err.message}`));
  await waitForConnect(client, opts.connectTimeoutMs ?? 10_000, opts.brokerUrl);

  let stored = 0;
  let rejected = 0;
  let closing = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
  };

  const batcher = createBatcher<IncomingTx>({
    maxItems: opts.batchMaxItems ?? 500,
    maxWaitMs: opts.batchMaxWaitMs ?? 5,
    async flush(items) {
      const outcome = await storeResilient(opts.db, workerId, items);
      stored += outcome.stored;
      rejected += outcome.rejected;
      for (const [kioskId, acks] of outcome.acks) {
        track(client.publishAsync(topics.ack(kioskId), JSON.stringify({ acks }), { qos: 1 }));
      }
    },
    // Nothing is acked, so the kiosks keep these in their outboxes and send them again.
    onError: (err, items) =>
      log(`ingest ${workerId}: batch of ${items.length} not stored: ${(err as Error).message}`),
  });

  const publishOnline = () => {
    if (closing) return;
    track(client.publishAsync(topics.ingestState, ingestState('online', workerId), { qos: 1, retain: true }));
  };

  client.on('message', (topic, payload, packet) => {
    if (closing) return;
    if (topic === topics.ingestState) {
      watchIngestState(payload, workerId, publishOnline);
    } else if (topic.endsWith('/tx')) {
      batcher.push({ topic, payload, parsed: parseTx(topic, payload) });
    } else {
      track(handleKioskMessage(opts.db, topic, payload, packet.retain, log));
    }
  });

  const txFilter = opts.shared === false ? topics.allTx : topics.ingestSharedTx;
  await client.subscribeAsync({
    [txFilter]: { qos: 1 },
    [topics.allStatus]: { qos: 1 },
    [topics.allTelemetry]: { qos: 1 },
    [topics.ingestState]: { qos: 1 },
  });
  publishOnline();
  // MQTT.js resubscribes by itself after a reconnect; the retained online must be said again.
  client.on('connect', publishOnline);

  return {
    workerId,
    get stored() {
      return stored;
    },
    get rejected() {
      return rejected;
    },
    async close() {
      if (closing) return;
      await client.unsubscribeAsync(txFilter).catch(() => {});
      closing = true;
      await batcher.drain();
      await Promise.allSettled([...inFlight]);
      await client
        .publishAsync(topics.ingestState, ingestState('offline', workerId), { qos: 1, retain: true })
        .catch(() => {});
      await client.endAsync();
    },
  };
}
