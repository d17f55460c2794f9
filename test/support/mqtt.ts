/** MQTT client helpers for tests: connect, and wait for the message a test expects. */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

export async function connectClient(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
}

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/**
 * Records every message a client receives so a test can wait for one that matches, including
 * messages that arrived before the test started waiting.
 */
export function recordMessages(client: MqttClient): {
  all: Received[];
  waitFor(match: (m: Received) => boolean, timeoutMs?: number, what?: string): Promise<Received>;
} {
  const all: Received[] = [];
  const waiters = new Set<{ match: (m: Received) => boolean; resolve: (m: Received) => void }>();
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload, retain: packet.retain };
    all.push(m);
    for (const w of waiters) {
      if (w.match(m)) {
        waiters.delete(w);
        w.resolve(m);
      }
    }
  });
  return {
    all,
    waitFor(match, timeoutMs = 5000, what = 'message') {
      const seen = all.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: Received) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

export function json(m: Received): unknown {
  return JSON.parse(m.payload.toString('utf8'));
}
