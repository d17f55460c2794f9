/**
 * Drain rate of a 10,000-transaction outbox backlog, acked at central (ingest into PGlite in the
 * same process), beside a bare MQTT.js QoS 1 publish loop with the same number in flight to the
 * same broker in the same run. Goal: at least half the bare rate. Measured on a mosquitto with
 * `set_tcp_nodelay true` (the configuration we ship) and on one with mosquitto's defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { type BenchResult, round } from '../../bench/types.ts';
import { openCentralDb, startIngest } from '../../fleet/index.ts';
import { startMosquitto } from '../../test/support/mosquitto.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { FleetAgent } from '../fleet-agent/agent.ts';
import { Outbox } from '../outbox/outbox.ts';
import { Store } from '../store/store.ts';

const BACKLOG = 10_000;
const WINDOW = Number(process.env.SHEQU_BENCH_WINDOW ?? 200);

async function bareLoopRate(url: string, count: number, window: number): Promise<number> {
  const client = await mqtt.connectAsync(url, { clientId: `bare-${Date.now()}`, protocolVersion: 5 });
  const payload = JSON.stringify({ v: 1, body: { n: 0, pad: 'x'.repeat(150) } });
  const t0 = performance.now();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let done = 0;
    const send = () => {
      if (next >= count) return;
      next++;
      client.publish('bench/bare', payload, { qos: 1 }, (err) => {
        if (err) return reject(err);
        if (++done === count) resolve();
        else send();
      });
    };
    for (let i = 0; i < window; i++) send();
  });
  const rate = count / ((performance.now() - t0) / 1000);
  await client.endAsync();
  return rate;
}

async function drainRate(url: string, dir: string): Promise<number> {
  const db = await openCentralDb();
  const ingest = await startIngest({ brokerUrl: url, db, workerId: 'bench', protocolVersion: 5 });
  const store = await Store.open(join(dir, 'log'));
  const outbox = await Outbox.open(dir, store);
  store.on('committed', (c) => c.tx && outbox.add(c.tx));
  for (let i = 0; i < BACKLOG; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, k) => store.commit([], sampleDraft('rating.given', i + k))),
    );
  }
  const agent = new FleetAgent({
    kioskId: `K-BENCH-${Date.now()}`,
    brokerUrl: url,
    protocolVersion: 5,
    dataDir: dir,
    outbox,
    version: 'bench',
    window: WINDOW,
  });
  const t0 = performance.now();
  await agent.start();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (outbox.depth === 0) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
  const rate = BACKLOG / ((performance.now() - t0) / 1000);
  await agent.close();
  await ingest.close();
  await db.close();
  return rate;
}

export async function bench(): Promise<BenchResult> {
  const metrics: Record<string, number> = {};
  const anchor: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  for (const [label, extra] of [
    ['nodelay', ''],
    ['mosquitto_defaults', 'set_tcp_nodelay false'],
  ] as const) {
    const broker = await startMosquitto({ extraConfig: extra });
    const dir = mkdtempSync(join(tmpdir(), 'shequ-bench-drain-'));
    try {
      const bare = await bareLoopRate(broker.url, label === 'nodelay' ? BACKLOG : 2_000, WINDOW);
      const drained = await drainRate(broker.url, dir);
      metrics[`drain_msg_per_s.${label}`] = round(drained, 0);
      anchor[`drain_msg_per_s.${label}`] = round(bare, 0);
      ratio[`drain_msg_per_s.${label}`] = round(drained / bare, 2);
    } finally {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: 'outbox-drain',
    metrics,
    anchor,
    ratio,
    notes: `shequ: ${BACKLOG} transactions drained from the durable outbox with ${WINDOW} in flight, each acked by central ingest (PGlite) after commit; anchor: bare MQTT.js QoS 1 loop, same window, same broker. ratio = shequ/anchor (goal ≥ 0.5).`,
  };
}
