/**
 * Writes one batch of incoming transactions in one database transaction and decides each
 * message's ack: 'ok' (stored now), 'dup' (stored before, or twice in this batch) or 'rejected'.
 */
import type { AckPayload, TxEnvelope } from '../../contract/mqtt.ts';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import { projectionOptions } from '../projections/options.ts';
import { lockCentres, type ProjectionOptions, projectTransactions } from '../projections/project-batch.ts';
import type { ParsedTx } from './parse-tx.ts';

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

async function insertValid(tx: SqlRunner, workerId: string, rows: TxEnvelope[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // Sorted so two workers inserting overlapping keys lock them in the same order (no deadlock).
  const sorted = [...rows].sort((a, b) => (keyOf(a.kiosk, a.txId) < keyOf(b.kiosk, b.txId) ? -1 : 1));
  const inserted = await tx.query<{ kiosk_id: string; tx_id: string }>(
    `INSERT INTO transactions (kiosk_id, tx_id, seq, type, ts, body, worker)
     SELECT k, t, s, ty, ts, b::jsonb, $7
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[]) AS u(k, t, s, ty, ts, b)
     ON CONFLICT (kiosk_id, tx_id) DO NOTHING
     RETURNING kiosk_id, tx_id`,
    [
      sorted.map((r) => r.kiosk),
      sorted.map((r) => r.txId),
      sorted.map((r) => r.seq),
      sorted.map((r) => r.type),
      sorted.map((r) => r.ts),
      sorted.map((r) => JSON.stringify(r.body)),
      workerId,
    ],
  );
  return new Set(inserted.map((r) => keyOf(r.kiosk_id, r.tx_id)));
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
): Promise<BatchOutcome> {
  const valid = items.flatMap((i) => (i.parsed.kind === 'valid' ? [i.parsed.tx] : []));
  const firstSeen = new Map<string, TxEnvelope>();
  for (const tx of valid)
    if (!firstSeen.has(keyOf(tx.kiosk, tx.txId))) firstSeen.set(keyOf(tx.kiosk, tx.txId), tx);

  const inserted = await db.transaction(async (tx) => {
    await lockCentres(
      tx,
      [...firstSeen.values()].map((t) => t.kiosk),
    );
    const keys = await insertValid(tx, workerId, [...firstSeen.values()]);
    if (projection)
      await projectTransactions(
        tx,
        [...firstSeen.entries()].filter(([k]) => keys.has(k)).map(([, t]) => t),
        projection,
      );
    await insertRejected(tx, workerId, items);
    return keys;
  });

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
