/**
 * storeBatch with the failure handling a long-running worker needs:
 * - deadlocks and serialization failures (two workers on one server) are retried;
 * - a batch the database refuses because of its data (e.g. a body string with a NUL, which
 *   jsonb cannot hold) is split, so one poison message cannot block the others, and that one
 *   message is rejected with the database's reason instead of being retried by the kiosk forever;
 * - anything else (database unreachable) is thrown: nothing is acked, the kiosks resend.
 * On a PostgreSQL server a batch is stored as one database transaction per group of centres,
 * side by side on their own connections: projection work is serialised per centre (an advisory
 * lock), so one transaction over every centre would make all writers queue behind each other.
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
  projection: ProjectionOptions | null | undefined,
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

async function storeOneGroup(
  db: CentralDb,
  workerId: string,
  items: IncomingTx[],
  projection?: ProjectionOptions | null,
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

/** Transactions of one centre always land in the same group (FNV-1a of the kiosk ID), whichever worker has them. */
function groupOf(item: IncomingTx, groups: number): number {
  const kiosk = item.parsed.kind === 'valid' ? item.parsed.tx.kiosk : (item.parsed.kioskId ?? '');
  let h = 0x811c9dc5;
  for (let i = 0; i < kiosk.length; i++) h = Math.imul(h ^ kiosk.charCodeAt(i), 0x01000193);
  return (h >>> 0) % groups;
}

/** Groups stored side by side on a server; PGlite has one connection, so one group there. */
export const storeGroups = (db: CentralDb): number => (db.kind === 'postgres' ? 2 : 1);

export async function storeResilient(
  db: CentralDb,
  workerId: string,
  items: IncomingTx[],
  projection?: ProjectionOptions | null,
  onStored?: OnStored,
  groups = storeGroups(db),
): Promise<BatchOutcome> {
  if (groups <= 1) return storeOneGroup(db, workerId, items, projection, onStored);
  const byGroup = Array.from({ length: groups }, (): IncomingTx[] => []);
  for (const item of items) byGroup[groupOf(item, groups)]!.push(item);
  const settled = await Promise.allSettled(
    byGroup.filter((g) => g.length > 0).map((g) => storeOneGroup(db, workerId, g, projection, onStored)),
  );
  // A group that failed is not acked (its kiosks resend); the groups that committed are acked as
  // 'dup' on that resend, which a kiosk takes as stored too. All have settled, so none is left running.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return merge(settled.map((s) => (s as PromiseFulfilledResult<BatchOutcome>).value));
}
