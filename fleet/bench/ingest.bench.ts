/**
 * Ingest throughput: 10,000 transactions from 10 kiosks through a real mosquitto into PGlite and
 * into PostgreSQL 15, with one and with two workers on the shared subscription, timed from the
 * first publish to the last application-level ack. Anchor, in the same run and on the same
 * broker: the same 10 clients doing a bare MQTT.js QoS 1 publish loop (PUBACK only, no ingest),
 * the ceiling any ingest on this broker and machine could reach.
 */
import { percentile, round } from '../../bench/types.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { makeTx } from '../../test/support/tx.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from '../ingest/query-transactions.ts';
import { startIngest } from '../ingest/worker.ts';

const TOTAL = 10_000;
const KIOSKS = 10;

interface RunResult {
  txPerS: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

async function runIngest(
  broker: MosquittoBroker,
  db: CentralDb,
  workers: number,
  tag: string,
): Promise<RunResult> {
  const ingest = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      startIngest({ brokerUrl: broker.url, db, workerId: `${tag}-${i}` }),
    ),
  );
  const kiosks = await Promise.all(
    Array.from({ length: KIOSKS }, (_, i) =>
      startTestKiosk(broker.url, `B${tag}${String(i).padStart(3, '0')}`, { resendAfterMs: 120_000 }),
    ),
  );
  try {
    const t0 = performance.now();
    await Promise.all(kiosks.map((k) => k.send(TOTAL / KIOSKS)));
    await Promise.all(kiosks.map((k) => k.waitAllAcked(300_000)));
    const seconds = (performance.now() - t0) / 1000;
    const stored = (await queryTransactions(db)).length;
    if (stored !== TOTAL) throw new Error(`${tag}: stored ${stored} of ${TOTAL}`);
    const latencies = kiosks.flatMap((k) => k.ackLatenciesMs);
    return {
      txPerS: round(TOTAL / seconds, 0),
      ackP50Ms: round(percentile(latencies, 50), 1),
      ackP99Ms: round(percentile(latencies, 99), 1),
    };
  } finally {
    await Promise.all(kiosks.map((k) => k.close()));
    await Promise.all(ingest.map((w) => w.close()));
  }
}

/** The same 10 clients publishing the same payloads at QoS 1 with nobody consuming. */
async function bareQos1PublishRate(broker: MosquittoBroker): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: KIOSKS }, (_, i) =>
      connectClient(broker.url, { clientId: `anchor-${i}`, protocolVersion: 5 }),
    ),
  );
  try {
    const payloads = clients.map((_, i) =>
      Array.from({ length: TOTAL / KIOSKS }, (_, s) => JSON.stringify(makeTx(`anchor-${i}`, s + 1))),
    );
    const t0 = performance.now();
    await Promise.all(
      clients.map((c, i) =>
        Promise.all(payloads[i]!.map((p) => c.publishAsync(`v1/kiosks/anchor-${i}/tx`, p, { qos: 1 }))),
      ),
    );
    return round(TOTAL / ((performance.now() - t0) / 1000), 0);
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

async function emptyTables(db: CentralDb): Promise<void> {
  await db.query('TRUNCATE transactions, rejected_tx, kiosks');
}

export async function bench() {
  const broker = await startMosquitto();
  const pgServer = await startPostgres();
  const metrics: Record<string, number> = {};
  const anchor: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  try {
    const anchorRate = await bareQos1PublishRate(broker);
    for (const backend of ['pglite', 'postgres'] as const) {
      for (const workers of [1, 2]) {
        const db = await openCentralDb(backend === 'postgres' ? pgServer.url : undefined);
        try {
          await emptyTables(db);
          const key = `${backend}_${workers}w`;
          const r = await runIngest(broker, db, workers, `${backend[0]}${workers}`);
          metrics[`${key}_tx_per_s`] = r.txPerS;
          metrics[`${key}_ack_p50_ms`] = r.ackP50Ms;
          metrics[`${key}_ack_p99_ms`] = r.ackP99Ms;
          anchor[`${key}_tx_per_s`] = anchorRate;
          ratio[`${key}_tx_per_s`] = round(r.txPerS / anchorRate, 3);
        } finally {
          await db.close();
        }
      }
    }
  } finally {
    await pgServer.stop();
    await broker.stop();
  }
  return {
    name: 'fleet-ingest',
    metrics,
    anchor,
    ratio,
    notes:
      `${TOTAL} tx from ${KIOSKS} kiosks, first publish to last app-level ack; anchor = bare MQTT.js QoS 1 publish ` +
      'loop (PUBACK only) by the same clients on the same broker. Two PGlite workers share one in-process ' +
      'PGlite (single connection), so a second worker cannot add database throughput there; PostgreSQL fsync on.',
  };
}
