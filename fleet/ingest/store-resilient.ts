/**
 * storeBatch with the failure handling a long-running worker needs:
 * - deadlocks and serialization failures (two workers on one server) are retried;
 * - a batch the database refuses because of its data (e.g. a body string with a NUL, which
 *   jsonb cannot hold) is split, so one poison message cannot block the others, and that one
 *   message is rejected with the database's reason instead of being retried by the kiosk forever;
 * - anything else (database unreachable) is thrown: nothing is acked, the kiosks resend.
 */
import type { CentralDb } from '../db/central-db.ts';
import type { ProjectionOptions } from '../projections/project-batch.ts';
import {
  type AckEntry,
  type BatchOutcome,
  type IncomingTx,
  type OnStored,
  storeBatch,
} from './store-batch.ts';

const RETRYABLE_DB_CODES = new Set(['40P01', '40001']);

function sqlState(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** SQLSTATE class 22 is "data exception": the values are at fault, not the database. */
const isDataError = (err: unknown): boolean => sqlState(err).startsWith('22');

async function storeWithRetry(
  db: CentralDb,
  workerId: string,
  items: IncomingTx[],
  projection: ProjectionOptions | undefined,
  onStored: OnStored | undefined,
): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeBatch(db, workerId, items, projection, onStored);
    } catch (err) {
      if (attempt >= 3 || !RETRYABLE_DB_CODES.has(sqlState(err))) throw err;
    }
  }
}

function merge(outcomes: BatchOutcome[]): BatchOutcome {
  const acks = new Map<string, AckEntry[]>();
  for (const o of outcomes) {
    for (const [kiosk, list] of o.acks) acks.set(kiosk, [...(acks.get(kiosk) ?? []), ...list]);
  }
  return {
    acks,
    stored: outcomes.reduce((n, o) => n + o.stored, 0),
    rejected: outcomes.reduce((n, o) => n + o.rejected, 0),
  };
}

function asRejected(item: IncomingTx, err: unknown): IncomingTx {
  const { parsed } = item;
  if (parsed.kind === 'rejected') return item;
  const why = `database refused it: ${(err as Error).message}`;
  return { ...item, parsed: { kind: 'rejected', kioskId: parsed.tx.kiosk, txId: parsed.tx.txId, why } };
}

export async function storeResilient(
  db: CentralDb,
  workerId: string,
  items: IncomingTx[],
  projection?: ProjectionOptions,
  onStored?: OnStored,
): Promise<BatchOutcome> {
  try {
    return await storeWithRetry(db, workerId, items, projection, onStored);
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (items.length === 1)
      return storeWithRetry(db, workerId, [asRejected(items[0]!, err)], projection, onStored);
    const outcomes: BatchOutcome[] = [];
    for (const item of items) outcomes.push(await storeResilient(db, workerId, [item], projection, onStored));
    return merge(outcomes);
  }
}
