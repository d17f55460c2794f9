/**
 * The SMS a list of tickets or alerts caused, in one query, for the console's list pages: to whom
 * (role and masked number) and how far delivery got. Nothing where the notification service was
 * never set up on this database.
 */
import type { SmsByRef, SmsMessageState } from '../../contract/notify-lists.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { RefType } from './events.ts';

/** Keyed by `ref_id`, or by `kiosk|ref_id` when kiosks are given (ticket IDs are per kiosk). */
export async function deliveryStates(
  db: SqlRunner,
  refType: RefType,
  refIds: readonly string[],
  kioskIds?: readonly string[],
): Promise<SmsByRef> {
  const out: SmsByRef = {};
  if (refIds.length === 0) return out;
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('notify_message')::text AS t`);
  if (!table?.t) return out;
  const rows = await db.query<{
    ref_id: string;
    kiosk_id: string | null;
    role: string;
    masked: string;
    state: SmsMessageState;
    reason: string | null;
    body: string;
    final_at: string | null;
  }>(
    `SELECT ref_id, kiosk_id, role, masked, state, reason, body, final_at FROM notify_message
      WHERE ref_type = $1 AND ref_id = ANY($2::text[]) ${kioskIds ? 'AND kiosk_id = ANY($3::text[])' : ''}
      ORDER BY id`,
    kioskIds ? [refType, [...refIds], [...new Set(kioskIds)]] : [refType, [...refIds]],
  );
  for (const r of rows) {
    const key = kioskIds ? `${r.kiosk_id}|${r.ref_id}` : r.ref_id;
    const list = out[key] ?? [];
    out[key] = list;
    list.push({
      role: r.role,
      to: r.masked,
      state: r.state,
      reason: r.reason,
      text: r.body,
      finalAt: r.final_at === null ? null : Number(r.final_at),
    });
  }
  return out;
}
