/**
 * A rectification as it is shared down to its centre (the `rectifications` dataset): its state at
 * central, read from the projection row and the acts recorded on it, in the caller's transaction.
 */
import type { RectificationEntry } from '../../contract/sharing.ts';
import type { SqlRunner } from '../db/central-db.ts';

interface Row {
  rating_id: string;
  service_id: string | null;
  score: number;
  opened_day: string;
  due_day: string;
  state: string;
  assignee: string | null;
  reply: string | null;
  replied_day: string | null;
  visit_result: string | null;
  visit_satisfied: boolean | null;
  visited_day: string | null;
  escalated_to: string | null;
  escalated_day: string | null;
}

interface ActRow {
  rating_id: string;
  actor: string;
  action: string;
  detail: { text?: string; to?: string; satisfied?: boolean; day?: string } | null;
}

const STATES = new Set<string>(['open', 'replied', 'visited', 'escalated']);

/** The entries of `ratingIds` at `kioskId` (a rating central does not know is left out). */
export async function rectificationEntries(
  tx: SqlRunner,
  kioskId: string,
  ratingIds: readonly string[],
): Promise<RectificationEntry[]> {
  if (ratingIds.length === 0) return [];
  const rows = await tx.query<Row>(
    `SELECT x.rating_id, coalesce(x.service_id, r.service_id) AS service_id, r.score, x.opened_day::text AS opened_day,
            x.due_day::text AS due_day, x.state, x.assignee, x.reply, x.replied_day::text AS replied_day,
            x.visit_result, x.visit_satisfied, x.visited_day::text AS visited_day, x.escalated_to,
            x.escalated_day::text AS escalated_day
       FROM rectifications x JOIN ratings r USING (kiosk_id, rating_id)
      WHERE x.kiosk_id = $1 AND x.rating_id = ANY ($2::text[])`,
    [kioskId, [...ratingIds]],
  );
  const acts = await tx.query<ActRow>(
    `SELECT rating_id, actor, action, detail FROM rectification_events
      WHERE kiosk_id = $1 AND rating_id = ANY ($2::text[]) ORDER BY id`,
    [kioskId, [...ratingIds]],
  );
  return rows.map((r) => {
    const own = acts.filter((a) => a.rating_id === r.rating_id);
    const lastReply = own.filter((a) => a.action === 'reply').at(-1);
    return {
      ratingId: r.rating_id,
      serviceId: r.service_id ?? '',
      score: Number(r.score),
      openedDay: r.opened_day,
      dueDay: r.due_day,
      state: (STATES.has(r.state) ? r.state : 'open') as RectificationEntry['state'],
      ...(r.assignee ? { assignee: r.assignee } : {}),
      ...(r.reply && r.replied_day
        ? { reply: { text: r.reply, day: r.replied_day, by: lastReply?.actor ?? 'central' } }
        : {}),
      ...(r.visit_result && r.visited_day
        ? {
            visit: {
              result: r.visit_result,
              day: r.visited_day,
              ...(r.visit_satisfied === null ? {} : { satisfied: r.visit_satisfied }),
            },
          }
        : {}),
      ...(r.escalated_to && r.escalated_day
        ? { escalated: { to: r.escalated_to, day: r.escalated_day } }
        : {}),
      acts: own.map((a) => ({
        action: a.action,
        day: a.detail?.day ?? r.opened_day,
        by: a.actor,
        ...(a.detail?.text ? { text: a.detail.text } : {}),
        ...(a.detail?.to ? { to: a.detail.to } : {}),
        ...(typeof a.detail?.satisfied === 'boolean' ? { satisfied: a.detail.satisfied } : {}),
      })),
    };
  });
}
