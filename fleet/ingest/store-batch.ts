/**
 * Writes one batch of incoming transactions in one database transaction and decides each
 * message's ack: 'ok' (stored now), 'dup' (stored before, or twice in this batch) or 'rejected'.
 */
import type { AckPayload, TxEnvelope } from '../../contract/mqtt.ts';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import { ensureMonths, monthsOf, partitionCutoff, ulidTime } from '../db/partitions.ts';
import { projectionOptions } from '../projections/options.ts';
import {
  addProjectionReads,
  foldTransactions,
  lockCentres,
  type ProjectionOptions,
  type ProjectionReads,
} from '../projections/project-batch.ts';
import { ReadStatement, WriteStatement } from '../projections/sql-rows.ts';
import { applyCentreAnswers } from './centre-answers.ts';
import type { ParsedTx } from './parse-tx.ts';

/**
 * Called with the transactions a batch stored for the first time, inside the batch's database
 * transaction (so what it writes, e.g. notifications queued, commits or rolls back with them).
 */
/** Runs in the batch's transaction; what it returns runs once that has committed (e.g. a publish). */
export type OnStored = (tx: SqlRunner, stored: TxEnvelope[]) => Promise<(() => void) | undefined>;

export interface IncomingTx {
  topic: string;
  payload: Buffer;
  parsed: ParsedTx;
}

export type AckEntry = AckPayload['acks'][number];

export interface BatchOutcome {
  /** Acks to publish, grouped by kiosk, in arrival order. */
  acks: Map<string, AckEntry[]>;
  stored: number;
  rejected: number;
}

/** PostgreSQL text cannot hold NUL, and a bad payload (or the parse error quoting it) may contain one. */
const dbText = (s: string): string => s.replaceAll('\u0000', '\\u0000');

const keyOf = (kioskId: string, txId: string): string => `${kioskId}\u0000${txId}`;

/**
 * Inserts the new raw rows and, in the same statement, reads the projection rows the batch
 * touches (their state before this batch; the insert does not change them). One round trip.
 */
async function insertAndRead(
  tx: SqlRunner,
  workerId: string,
  rows: TxEnvelope[],
  projection: boolean,
): Promise<{ inserted: Set<string>; reads: ProjectionReads | null }> {
  if (rows.length === 0) return { inserted: new Set(), reads: null };
  // Sorted so two workers inserting overlapping keys lock them in the same order (no deadlock).
  const sorted = rows
    .map((tx) => ({ tx, key: keyOf(tx.kiosk, tx.txId) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((r) => r.tx);
  const read = new ReadStatement();
  let insert = '';
  read.column((param) => {
    insert = `WITH ins AS (
      INSERT INTO transactions (kiosk_id, tx_id, seq, type, ts, body, worker)
      SELECT kiosk, "txId", seq, type, ts, body, ${param(workerId)}
        FROM jsonb_to_recordset(${param(JSON.stringify(sorted))}::jsonb)
             AS u(kiosk text, "txId" text, seq bigint, type text, ts bigint, body jsonb)
      ON CONFLICT (kiosk_id, tx_id) DO NOTHING
      RETURNING kiosk_id, tx_id)`;
    return `(SELECT coalesce(json_agg(json_build_array(kiosk_id, tx_id)), '[]'::json) FROM ins) AS inserted`;
  });
  if (projection) addProjectionReads(read, sorted);
  const row = await read.run<{ inserted: Array<[string, string]> } & Partial<ProjectionReads>>(tx, insert);
  return {
    inserted: new Set(row.inserted.map(([k, t]) => keyOf(k, t))),
    reads: projection
      ? { tickets: row.tickets ?? [], cases: row.cases ?? [], ratings: row.ratings ?? [] }
      : null,
  };
}

/**
 * A tx dated after the partition window (a kiosk's clock far ahead) is rejected with its reason,
 * alone: the rest of its batch is stored and acked as usual.
 */
function rejectAfterWindow(item: IncomingTx, cutoff: number): IncomingTx {
  if (item.parsed.kind !== 'valid') return item;
  const time = ulidTime(item.parsed.tx.txId);
  if (time === null || time < cutoff) return item;
  const { kiosk, txId } = item.parsed.tx;
  return {
    ...item,
    parsed: {
      kind: 'rejected',
      kioskId: kiosk,
      txId,
      why: 'txId time is after next month (kiosk clock ahead?)',
    },
  };
}

async function insertRejected(tx: SqlRunner, workerId: string, items: IncomingTx[]): Promise<void> {
  const rejected = items.flatMap((item) =>
    item.parsed.kind === 'rejected' ? [{ item, r: item.parsed }] : [],
  );
  if (rejected.length === 0) return;
  await tx.query(
    `INSERT INTO rejected_tx (kiosk_id, tx_id, topic, why, payload, worker)
     SELECT k, t, tp, w, p, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, t, tp, w, p)`,
    [
      rejected.map(({ r }) => r.kioskId ?? null),
      rejected.map(({ r }) => r.txId ?? null),
      rejected.map(({ item }) => item.topic),
      rejected.map(({ r }) => dbText(r.why)),
      // Stored as text so a payload that is not even JSON is kept for inspection.
      rejected.map(({ item }) => dbText(item.payload.toString('utf8'))),
      workerId,
    ],
  );
}

function pushAck(acks: Map<string, AckEntry[]>, kioskId: string, entry: AckEntry): void {
  const list = acks.get(kioskId);
  if (list) list.push(entry);
  else acks.set(kioskId, [entry]);
}

/**
 * The raw rows and their projections are written in one database transaction: a batch is either
 * stored and projected, or neither (and then not acked, so the kiosks resend it).
 */
export async function storeBatch(
  db: CentralDb,
  workerId: string,
  items: IncomingTx[],
  /** null: the raw rows only (the benchmark's anchor: ingest as it was before projections). */
  projection: ProjectionOptions | null = projectionOptions(),
  onStored?: OnStored,
  now = Date.now(),
): Promise<BatchOutcome> {
  const cutoff = partitionCutoff(now);
  items = items.map((item) => rejectAfterWindow(item, cutoff));
  const valid = items.flatMap((i) => (i.parsed.kind === 'valid' ? [i.parsed.tx] : []));
  const firstSeen = new Map<string, TxEnvelope>();
  for (const tx of valid)
    if (!firstSeen.has(keyOf(tx.kiosk, tx.txId))) firstSeen.set(keyOf(tx.kiosk, tx.txId), tx);

  // The months the batch writes into exist before its transaction starts (partitions.ts).
  await ensureMonths(
    db,
    monthsOf(
      [...firstSeen.values()].map((t) => t.txId),
      now,
    ),
  );
  const afterCommit: Array<() => void> = [];
  const inserted = await db.transaction(async (tx) => {
    afterCommit.length = 0;
    await lockCentres(
      tx,
      [...firstSeen.values()].map((t) => t.kiosk),
    );
    const { inserted: keys, reads } = await insertAndRead(
      tx,
      workerId,
      [...firstSeen.values()],
      projection !== null,
    );
    if (projection && reads) {
      const write = new WriteStatement(true);
      foldTransactions(
        write,
        [...firstSeen.entries()].filter(([k]) => keys.has(k)).map(([, t]) => t),
        reads,
        projection,
      );
      await write.run(tx);
    }
    const stored = [...firstSeen.entries()].filter(([k]) => keys.has(k)).map(([, t]) => t);
    // Centre answers are raw facts, not a projection: applied whether or not projections run.
    await applyCentreAnswers(tx, stored);
    if (onStored && keys.size > 0) {
      const step = await onStored(tx, stored);
      if (step) afterCommit.push(step);
    }
    await insertRejected(tx, workerId, items);
    return keys;
  });
  for (const step of afterCommit) step();

  const acks = new Map<string, AckEntry[]>();
  const ackedOk = new Set<string>();
  let rejected = 0;
  for (const { parsed } of items) {
    if (parsed.kind === 'rejected') {
      rejected++;
      if (parsed.kioskId && parsed.txId)
        pushAck(acks, parsed.kioskId, { txId: parsed.txId, r: 'rejected', why: parsed.why });
      continue;
    }
    const key = keyOf(parsed.tx.kiosk, parsed.tx.txId);
    const isNew = inserted.has(key) && !ackedOk.has(key);
    if (isNew) ackedOk.add(key);
    pushAck(acks, parsed.tx.kiosk, { txId: parsed.tx.txId, r: isNew ? 'ok' : 'dup' });
  }
  return { acks, stored: inserted.size, rejected };
}
