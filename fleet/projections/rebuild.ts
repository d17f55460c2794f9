/**
 * Rebuilds every projection from the raw `transactions`: empties the projection tables and folds
 * the stored transactions through the same code ingest uses, in chunks, then replays central's
 * own acts on rectifications. Run it with ingest stopped: a transaction stored meanwhile would be
 * folded twice.
 */
import type { TxEnvelope, TxType } from '../../contract/mqtt.ts';
import type { CentralDb } from '../db/central-db.ts';
import { PROJECTION_TABLES } from '../db/projection-schema.ts';
import { markProjectionsCurrent } from '../db/schema.ts';
import { replayRectificationActs } from '../rectifications/actions.ts';
import { type ProjectionOptions, projectTransactions } from './project-batch.ts';

interface RawRow {
  kiosk_id: string;
  tx_id: string;
  seq: number;
  type: string;
  ts: number;
  body: Record<string, unknown>;
}

export async function rebuildProjections(
  db: CentralDb,
  opts: ProjectionOptions,
  chunk = 5000,
): Promise<{ transactions: number }> {
  await db.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    // Unmarked until the last chunk is in: a rebuild cut short is started again on the next start.
    await tx.query(`DELETE FROM central_meta WHERE key = 'projection_version'`);
  });
  let count = 0;
  let after: [string, number] = ['', 0];
  for (;;) {
    const rows = await db.query<RawRow>(
      `SELECT kiosk_id, tx_id, seq, type, ts, body FROM transactions
       WHERE (kiosk_id, seq) > ($1, $2) ORDER BY kiosk_id, seq LIMIT $3`,
      [after[0], after[1], chunk],
    );
    if (rows.length === 0) break;
    const txs: TxEnvelope[] = rows.map((r) => ({
      v: 1,
      kiosk: r.kiosk_id,
      txId: r.tx_id,
      seq: Number(r.seq),
      type: r.type as TxType,
      ts: Number(r.ts),
      body: r.body,
    }));
    await db.transaction(async (tx) => {
      // A chunk lost to a crash is rebuilt anyway (the mark above comes last, durably), so its
      // commit need not wait for the disk.
      if (db.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit = off');
      await projectTransactions(tx, txs, opts);
    });
    count += rows.length;
    const last = rows.at(-1)!;
    after = [last.kiosk_id, Number(last.seq)];
  }
  await db.transaction(async (tx) => {
    await replayRectificationActs(tx);
    await markProjectionsCurrent(tx);
  });
  return { transactions: count };
}
