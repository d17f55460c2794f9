/**
 * How the central-console benchmark puts transactions into a database: through ingest's own batch
 * writer (with or without projections), and the anchor every writer is measured against — a bare
 * multi-row INSERT of the same rows into a table with no key, no index and no partitions, the
 * cheapest way those bytes reach the same server in the same batches and transactions.
 */
import { round } from '../../bench/types.ts';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { CentralDb } from '../db/central-db.ts';
import type { IncomingTx } from '../ingest/store-batch.ts';
import { storeResilient } from '../ingest/store-resilient.ts';
import { projectionOptions } from '../projections/options.ts';

export const BATCH = 500;
export const WRITERS = 2;

const item = (tx: TxEnvelope): IncomingTx => ({
  topic: '',
  payload: Buffer.alloc(0),
  parsed: { kind: 'valid', tx },
});

export type Writer = (batch: TxEnvelope[]) => Promise<unknown>;

/** Ingest's path: retries, and one transaction per group of centres side by side. */
export function ingestWriter(db: CentralDb, project: boolean): Writer {
  const projection = project ? projectionOptions() : null;
  return (batch) => storeResilient(db, 'bench', batch.map(item), projection);
}

/** The anchor: one INSERT … SELECT FROM unnest(…) per batch into a bare table, one transaction each. */
export async function bareInsertWriter(db: CentralDb): Promise<Writer> {
  await db.query(`CREATE TABLE IF NOT EXISTS bare_transactions (
    kiosk_id text, tx_id text, seq bigint, type text, ts bigint, body jsonb, worker text)`);
  return (batch) =>
    db.transaction((tx) =>
      tx.query(
        `INSERT INTO bare_transactions SELECT k, t, s, ty, ts, b, 'bench'
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::jsonb[]) AS u(k, t, s, ty, ts, b)`,
        [
          batch.map((t) => t.kiosk),
          batch.map((t) => t.txId),
          batch.map((t) => t.seq),
          batch.map((t) => t.type),
          batch.map((t) => t.ts),
          batch.map((t) => JSON.stringify(t.body)),
        ],
      ),
    );
}

/** Streams `txs` through `write` in batches, `writers` at a time; returns transactions per second. */
export async function load(
  write: Writer,
  txs: Iterable<TxEnvelope>,
  writers = WRITERS,
): Promise<{ n: number; perS: number }> {
  const inFlight = new Set<Promise<unknown>>();
  let batch: TxEnvelope[] = [];
  let n = 0;
  const t0 = performance.now();
  const flush = async () => {
    const p = write(batch);
    batch = [];
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= writers) await Promise.race(inFlight);
  };
  for (const tx of txs) {
    batch.push(tx);
    n++;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(inFlight);
  return { n, perS: round(n / ((performance.now() - t0) / 1000), 0) };
}

export function* take(it: Iterator<TxEnvelope>, n: number): Generator<TxEnvelope> {
  for (let i = 0; i < n; i++) {
    const next = it.next();
    if (next.done) return;
    yield next.value;
  }
}
