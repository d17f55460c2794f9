import type { SqlRunner } from '../db/central-db.ts';

export interface StoredTx {
  kioskId: string;
  txId: string;
  seq: number;
  type: string;
  ts: number;
  body: unknown;
}

interface TxDbRow {
  kiosk_id: string;
  tx_id: string;
  seq: string | number;
  type: string;
  ts: string | number;
  body: unknown;
}

/** Stored transactions, for one kiosk or all, ordered by kiosk then the kiosk's sequence number. */
export async function queryTransactions(db: SqlRunner, kioskId?: string): Promise<StoredTx[]> {
  const rows = await db.query<TxDbRow>(
    `SELECT kiosk_id, tx_id, seq, type, ts, body FROM transactions
     WHERE $1::text IS NULL OR kiosk_id = $1 ORDER BY kiosk_id, seq, tx_id`,
    [kioskId ?? null],
  );
  return rows.map((r) => ({
    kioskId: r.kiosk_id,
    txId: r.tx_id,
    seq: Number(r.seq),
    type: r.type,
    ts: Number(r.ts),
    body: r.body,
  }));
}
