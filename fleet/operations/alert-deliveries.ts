/**
 * The SMS each alert caused (fleet/notify's `notify_message`, ref 'alert'), for the alerts page:
 * to whom (role and masked number), how far delivery got. One query for the whole list; none where
 * the notification service was never set up on this database.
 */
import type { SqlRunner } from '../db/central-db.ts';

export interface AlertDelivery {
  role: string;
  to: string;
  state: string;
  reason: string | null;
  text: string;
  finalAt: number | null;
}

export async function alertDeliveries(
  db: SqlRunner,
  alertIds: readonly number[],
): Promise<Record<string, AlertDelivery[]>> {
  const out: Record<string, AlertDelivery[]> = {};
  if (alertIds.length === 0) return out;
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('notify_message')::text AS t`);
  if (!table?.t) return out;
  const rows = await db.query<{
    ref_id: string;
    role: string;
    masked: string;
    state: string;
    reason: string | null;
    body: string;
    final_at: string | null;
  }>(
    `SELECT ref_id, role, masked, state, reason, body, final_at FROM notify_message
      WHERE ref_type = 'alert' AND ref_id = ANY($1::text[]) ORDER BY id`,
    [alertIds.map(String)],
  );
  for (const r of rows) {
    const list = out[r.ref_id] ?? [];
    out[r.ref_id] = list;
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
