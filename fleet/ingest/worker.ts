/**
 * One central ingest worker. It takes kiosk transactions from the broker (a shared subscription,
 * so several workers split the stream), stores each one once, and only then acks it to the kiosk
 * on `v1/kiosks/{id}/ack`. It also keeps the `kiosks` table current from status and telemetry.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { serviceClientId } from '../broker/client-id.ts';
import type { CentralDb } from '../db/central-db.ts';
import { projectionOptions } from '../projections/options.ts';
import type { ProjectionOptions } from '../projections/project-batch.ts';
import type { ClientTls } from '../tls-files.ts';
import { createBatcher } from './batcher.ts';
import { createFlowGate } from './flow-gate.ts';
import { handleKioskMessage } from './kiosk-messages.ts';
import { IngestConnectError, ingestStatePayload, leaveGracefully, waitForConnect } from './mqtt-lifecycle.ts';
import { parseTx } from './parse-tx.ts';
import type { IncomingTx, OnStored } from './store-batch.ts';
import { storeResilient } from './store-resilient.ts';
import { watchIngestState } from './watch-ingest-state.ts';

export { IngestConnectError };

export interface IngestOptions {
  brokerUrl: string;
  db: CentralDb;
  workerId?: string;
  /** Default true: `$share/ingest/v1/kiosks/+/tx`. The embedded aedes broker needs false. */
  shared?: boolean;
  protocolVersion?: 4 | 5;
  batchMaxItems?: number;
  batchMaxWaitMs?: number;
  /** Transactions waiting for the database before the worker stops reading from the broker. */
  maxPending?: number;
  connectTimeoutMs?: number;
  /** Mutual TLS for an mqtts:// broker; credentials for a password listener go in the URL. */
  tls?: ClientTls;
  log?: (line: string) => void;
  /** Time zone, working-day calendar and 差评 deadline the projections use (defaults: see options.ts). */
  projection?: ProjectionOptions;
  /** Every newly stored transaction, in the batch's database transaction (notifications). */
  onStored?: OnStored;
}

export interface IngestWorker {
  workerId: string;
  /** Transactions this worker stored for the first time. */
  readonly stored: number;
  /** Messages this worker rejected (malformed or schema-invalid). */
  readonly rejected: number;
  /** Transactions received and not yet written (the worker's queue depth). */
  readonly pending: number;
  close(): Promise<void>;
}

export async function startIngest(opts: IngestOptions): Promise<IngestWorker> {
  const workerId = opts.workerId ?? `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = opts.log ?? (() => {});
  const client = mqtt.connect(opts.brokerUrl, {
    clientId: serviceClientId(opts.brokerUrl, opts.tls, 'ingest', workerId),
    protocolVersion: opts.protocolVersion ?? 5,
    clean: true,
    reconnectPeriod: 1000,
    will: {
      topic: topics.ingestState,
      payload: Buffer.from(ingestStatePayload('offline', workerId)),
      qos: 1,
      retain: true,
    },
    ...(opts.tls
      ? { ca: opts.tls.ca, cert: opts.tls.cert, key: opts.tls.key, rejectUnauthorized: true }
      : {}),
  });
  client.on('error', (err) => log(`ingest ${workerId}: mqtt error: ${err.message}`));
  await waitForConnect(client, opts.connectTimeoutMs ?? 10_000, opts.brokerUrl);

  let stored = 0;
  let rejected = 0;
  let closing = false;
  let closed: Promise<void> | undefined;
  const inFlight = new Set<Promise<void>>();
  /** Keeps a background publish or write for close() to wait on; its failure is logged, never thrown. */
  const track = (p: Promise<unknown>) => {
    const settled = p.then(
      () => {},
      (err: unknown) => log(`ingest ${workerId}: ${(err as Error).message}`),
    );
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  };

  // Built once: a working calendar per batch would redo its holiday tables every time.
  const projection = opts.projection ?? projectionOptions();
  const batcher = createBatcher<IncomingTx>({
    maxItems: opts.batchMaxItems ?? 500,
    // Messages that came in one read are batched anyway; waiting longer only adds to every kiosk's round trip.
    maxWaitMs: opts.batchMaxWaitMs ?? 1,
    async flush(items) {
      gate.check();
      const outcome = await storeResilient(opts.db, workerId, items, projection, opts.onStored);
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

  const maxPending = opts.maxPending ?? 20_000;
  const gate = createFlowGate({ high: maxPending, low: maxPending / 2, level: () => batcher.pending });
  client.handleMessage = (_packet, done) => {
    void gate.pass().then(() => done());
  };

  const publishOnline = () => {
    if (closing) return;
    track(
      client.publishAsync(topics.ingestState, ingestStatePayload('online', workerId), {
        qos: 1,
        retain: true,
      }),
    );
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
  // Acks are small packets that kiosks wait on: with Nagle on, each window of a kiosk's drain
  // stalls until the broker's delayed ACK (~40 ms).
  const noDelay = () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  noDelay();
  client.on('connect', noDelay);

  return {
    workerId,
    get stored() {
      return stored;
    },
    get rejected() {
      return rejected;
    },
    get pending() {
      return batcher.pending;
    },
    close() {
      closed ??= leaveGracefully(client, {
        txFilter,
        workerId,
        stopTaking: () => {
          closing = true;
        },
        drain: () => batcher.drain(),
        settle: () => Promise.all([...inFlight]),
      });
      return closed;
    },
  };
}
