/**
 * What central does to a 差评's rectification: record the centre's reply (by hand until replies
 * travel up from the admin panel), record the 回访 (follow-up) result, reassign, escalate. Every
 * act is an event in `rectification_events`; the row's state is those events applied in order,
 * so rebuilding the projections from the raw transactions replays them and loses nothing.
 */
import type { SqlRunner } from '../db/central-db.ts';
import {
  RECTIFICATION_FIGURES,
  type RectificationState,
  rectificationContribution,
} from '../projections/ratings.ts';
import { FigureDeltas, WriteStatement } from '../projections/sql-rows.ts';

export const RECTIFICATION_ACTIONS = ['reply', 'visit', 'reassign', 'escalate'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export interface ActionInput {
  action: RectificationAction;
  /** reply: the centre's answer; visit: the 回访 result; escalate: to whom and why. */
  text?: string;
  /** visit: was the resident satisfied after the rectification. */
  satisfied?: boolean;
  /** reassign: who is responsible now; escalate: the level it goes to. */
  to?: string;
}

export class RectificationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

type StateRow = RectificationState;

const STATE_COLUMNS = 'kiosk_id, opened_day, due_day, state, replied_day, visit_satisfied, escalated_day';

/** The SET clause and values one action applies, after checking it is allowed in `current`. */
function transition(current: StateRow, input: ActionInput, day: string): { set: string; values: unknown[] } {
  const text = input.text?.trim();
  switch (input.action) {
    case 'reply':
      if (!text) throw new RectificationError('rect.reply-empty', 'a reply needs its text', 422);
      if (current.state === 'visited')
        throw new RectificationError('rect.closed', 'the follow-up is already done');
      return { set: `state = 'replied', reply = $1, replied_day = $2`, values: [text, day] };
    case 'visit':
      if (!text) throw new RectificationError('rect.visit-empty', 'a follow-up needs its result', 422);
      if (current.state !== 'replied' && current.state !== 'escalated')
        throw new RectificationError('rect.not-replied', 'record the centre’s reply before the follow-up');
      return {
        set: `state = 'visited', visit_result = $1, visit_satisfied = $2, visited_day = $3`,
        values: [text, input.satisfied ?? null, day],
      };
    case 'reassign':
      if (!input.to?.trim())
        throw new RectificationError('rect.assignee-empty', 'say who takes it over', 422);
      if (current.state === 'visited')
        throw new RectificationError('rect.closed', 'the follow-up is already done');
      return { set: 'assignee = $1', values: [input.to.trim()] };
    case 'escalate':
      if (!input.to?.trim())
        throw new RectificationError('rect.escalate-empty', 'say where it is escalated to', 422);
      if (current.state === 'visited')
        throw new RectificationError('rect.closed', 'the follow-up is already done');
      return {
        set: `state = 'escalated', escalated_to = $1, escalated_day = $2`,
        values: [input.to.trim(), day],
      };
  }
}

async function applyTo(tx: SqlRunner, kioskId: string, ratingId: string, input: ActionInput, day: string) {
  const [row] = await tx.query<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM rectifications WHERE kiosk_id = $1 AND rating_id = $2 FOR UPDATE`,
    [kioskId, ratingId],
  );
  if (!row) throw new RectificationError('rect.unknown', 'no such rectification', 404);
  const { set, values } = transition(row, input, day);
  const n = values.length;
  const [after] = await tx.query<StateRow>(
    `UPDATE rectifications SET ${set}, updated_at = now() WHERE kiosk_id = $${n + 1} AND rating_id = $${n + 2}
     RETURNING ${STATE_COLUMNS}`,
    [...values, kioskId, ratingId],
  );
  // The KPIs move with the row: its old contribution out, the new one in.
  const kpis = new FigureDeltas(RECTIFICATION_FIGURES);
  const was = rectificationContribution(row);
  const now = rectificationContribution(after!);
  kpis.add(was.key, was.figures, -1);
  kpis.add(now.key, now.figures);
  const stmt = new WriteStatement();
  kpis.addTo(stmt, 'rectification_stats', ['kiosk_id', 'opened_day', 'due_day']);
  await stmt.run(tx);
}

/** Applies and records one act; throws RectificationError when it is not allowed now. */
export async function actOnRectification(
  tx: SqlRunner,
  key: { kioskId: string; ratingId: string },
  input: ActionInput,
  actor: string,
  day: string,
): Promise<void> {
  await applyTo(tx, key.kioskId, key.ratingId, input, day);
  await tx.query(
    `INSERT INTO rectification_events (kiosk_id, rating_id, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`,
    [key.kioskId, key.ratingId, actor, input.action, JSON.stringify({ ...input, day })],
  );
}

/** After a rebuild: every recorded act again, in the order it happened. */
export async function replayRectificationActs(tx: SqlRunner): Promise<number> {
  const events = await tx.query<{
    kiosk_id: string;
    rating_id: string;
    detail: ActionInput & { day: string };
  }>(
    'SELECT kiosk_id, rating_id, detail FROM rectification_events WHERE action = ANY ($1::text[]) ORDER BY id',
    [[...RECTIFICATION_ACTIONS]],
  );
  for (const e of events) await applyTo(tx, e.kiosk_id, e.rating_id, e.detail, e.detail.day).catch(() => {});
  return events.length;
}
