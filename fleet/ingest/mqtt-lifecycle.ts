/** Connecting and leaving: the parts of the worker's MQTT life that must not hang. */
import type { MqttClient } from 'mqtt';
import { type IngestState, topics } from '../../contract/mqtt.ts';
import { redactUrl } from '../redact-url.ts';

export class IngestConnectError extends Error {
  readonly code = 'INGEST_BROKER_UNREACHABLE';
}

export function ingestStatePayload(state: IngestState['state'], worker: string): string {
  const payload: IngestState = { state, worker, ts: Date.now() };
  return JSON.stringify(payload);
}

/** Resolves on the first CONNACK; rejects (and gives up the client) after `timeoutMs`. */
export function waitForConnect(client: MqttClient, timeoutMs: number, brokerUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError = '';
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const timer = setTimeout(() => {
      client.off('error', onError);
      client.end(true);
      const why = `no connection to ${redactUrl(brokerUrl)} within ${timeoutMs} ms ${lastError}`;
      reject(new IngestConnectError(why.trim()));
    }, timeoutMs);
    client.on('error', onError);
    client.once('connect', () => {
      clearTimeout(timer);
      client.off('error', onError);
      resolve();
    });
  });
}

/** A healthy broker answers an UNSUBSCRIBE or a PUBLISH in milliseconds; a dead one never does. */
const CLOSE_STEP_MS = 2000;
/** Acks still going out may be many after a big batch. */
const SETTLE_MS = 5000;

/** Resolves when `p` settles or after `ms`, whichever is first; never rejects. */
async function bounded(p: Promise<unknown>, ms = CLOSE_STEP_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settled = p.then(
    () => {},
    () => {},
  );
  await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Stops taking transactions, lets `drain` store what came, waits for `settle` (the acks going
 * out), says offline and leaves. Each broker step is bounded: with the broker down, MQTT.js
 * would queue it forever. `drain` is not: it ends when the database answers or fails.
 */
export async function leaveGracefully(
  client: MqttClient,
  opts: {
    txFilter: string;
    workerId: string;
    stopTaking: () => void;
    drain: () => Promise<void>;
    settle: () => Promise<unknown>;
  },
): Promise<void> {
  if (client.connected) await bounded(client.unsubscribeAsync(opts.txFilter));
  opts.stopTaking();
  await opts.drain();
  // With the broker gone, queued acks will not go out; the kiosks resend those transactions.
  if (client.connected) await bounded(opts.settle(), SETTLE_MS);
  if (client.connected) {
    const offline = ingestStatePayload('offline', opts.workerId);
    await bounded(client.publishAsync(topics.ingestState, offline, { qos: 1, retain: true }));
  }
  // `connected` can still be true for a moment after the broker died, hence the bounds.
  if (client.connected) await bounded(client.endAsync());
  // Disconnected (or the clean end timed out): drop the client and its reconnect timer now.
  client.end(true);
}
