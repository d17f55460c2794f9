import type { SqlRunner } from '../db/central-db.ts';

export interface TxSummary {
  count: number;
  minSeq: number;
  maxSeq: number;
  lastReceivedAt: number;
  /** Messages from this kiosk that central refused, and the latest reason. */
  rejected: number;
  lastRejectedWhy: string | undefined;
}

/** How much of a kiosk's transaction stream central holds; a gap in seq means some are still on the way. */
export async function summariseTransactions(db: SqlRunner, kioskId: string): Promise<TxSummary | undefined> {
  const [row] = await db.query<{
    n: string | number;
    lo: string | null;
    hi: string | null;
    last: string | null;
  }>(
    `SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi,
            (extract(epoch FROM max(received_at)) * 1000)::bigint AS last
       FROM transactions WHERE kiosk_id = $1`,
    [kioskId],
  );
  const [bad] = await db.query<{ n: string | number; why: string | null }>(
    `SELECT count(*) AS n, (SELECT why FROM rejected_tx WHERE kiosk_id = $1 ORDER BY id DESC LIMIT 1) AS why
       FROM rejected_tx WHERE kiosk_id = $1`,
    [kioskId],
  );
  const rejected = Number(bad?.n ?? 0);
  if ((!row || Number(row.n) === 0) && rejected === 0) return undefined;
  const count = Number(row?.n ?? 0);
  return {
    count,
    minSeq: count ? Number(row?.lo) : 0,
    maxSeq: count ? Number(row?.hi) : 0,
    lastReceivedAt: count ? Number(row?.last) : 0,
    rejected,
    lastRejectedWhy: bad?.why ?? undefined,
  };
}
