/**
 * Every message the service made, with the reference that caused it (ticket, case, appointment,
 * rectification, alert), its recipient (masked and hashed, never the number), its text and its
 * delivery state, which moves: queued → (held | deferred) → sending → submitted → delivered, or ends
 * in undelivered, expired, rejected (by the SMSC), refused (opted out, number purged), failed
 * (retries spent) or cancelled.
 */
import type { SqlRunner } from '../db/central-db.ts';
import type { MessageKind, RefType, StaffRole } from './events.ts';
import type { Audience } from './policy.ts';
import { type DeliveryReceipt, FINAL_STATS } from './receipt.ts';

export type MessageState =
  | 'queued'
  | 'held'
  | 'deferred'
  | 'sending'
  | 'retrying'
  | 'submitted'
  | 'delivered'
  | 'undelivered'
  | 'expired'
  | 'rejected'
  | 'refused'
  | 'failed'
  | 'cancelled';

/** States a message can still leave by being sent. */
export const SENDABLE: readonly MessageState[] = ['queued', 'held', 'deferred', 'retrying'];

export interface NewMessage {
  dedupeKey: string;
  kind: MessageKind;
  refType: RefType;
  refId: string;
  kioskId?: string;
  audience: Audience;
  role: StaffRole | 'resident';
  phoneHash: Buffer;
  masked: string;
  body: string;
  segments: number;
  urgent: boolean;
  state: MessageState;
  reason?: string;
  notBefore: number;
  expiresAt?: number;
  createdAt: number;
}

export interface MessageRow {
  id: string;
  kind: MessageKind;
  ref_type: RefType;
  ref_id: string;
  phone_hash: Buffer | null;
  masked: string;
  body: string;
  state: MessageState;
  attempts: number;
  expires_at: string | null;
}

/** Inserts unless a message with the same dedupe key exists; returns the new id, or undefined. */
export async function insertMessage(db: SqlRunner, m: NewMessage): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO notify_message (dedupe_key, kind, ref_type, ref_id, kiosk_id, audience, role, phone_hash, masked,
       body, segments, urgent, state, reason, not_before, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      m.dedupeKey,
      m.kind,
      m.refType,
      m.refId,
      m.kioskId ?? null,
      m.audience,
      m.role,
      m.phoneHash,
      m.masked,
      m.body,
      m.segments,
      m.urgent,
      m.state,
      m.reason ?? null,
      m.notBefore,
      m.expiresAt ?? null,
      m.createdAt,
    ],
  );
  return row?.id;
}

/**
 * Takes a message for sending. A message left in 'sending' by a worker that died is taken again
 * only by a retry of its job (at-least-once for that narrow case; see the SMPP gateway's note).
 */
export async function claimMessage(
  db: SqlRunner,
  id: string,
  isRetry: boolean,
): Promise<MessageRow | undefined> {
  const states = isRetry ? [...SENDABLE, 'sending'] : SENDABLE;
  const [row] = await db.query<MessageRow>(
    `UPDATE notify_message SET state = 'sending', attempts = attempts + 1
     WHERE id = $1 AND state = ANY($2::text[])
     RETURNING id, kind, ref_type, ref_id, phone_hash, masked, body, state, attempts, expires_at`,
    [id, states],
  );
  return row ? { ...row, phone_hash: row.phone_hash ? Buffer.from(row.phone_hash) : null } : undefined;
}

export async function setState(
  db: SqlRunner,
  id: string,
  state: MessageState,
  at: number,
  extra: { reason?: string; notBefore?: number } = {},
): Promise<void> {
  const final = !['queued', 'held', 'deferred', 'sending', 'retrying', 'submitted'].includes(state);
  await db.query(
    `UPDATE notify_message SET state = $2, reason = $3, not_before = COALESCE($4, not_before),
       final_at = CASE WHEN $5 THEN $6::bigint ELSE final_at END
     WHERE id = $1`,
    [id, state, extra.reason ?? null, extra.notBefore ?? null, final, at],
  );
}

export async function markSubmitted(
  db: SqlRunner,
  id: string,
  gatewayIds: string[],
  at: number,
): Promise<void> {
  for (const [seq, smscId] of gatewayIds.entries()) {
    await db.query(
      'INSERT INTO notify_segment (smsc_id, message_id, seq) VALUES ($1, $2, $3) ON CONFLICT (smsc_id) DO NOTHING',
      [smscId, id, seq + 1],
    );
  }
  await db.query(
    `UPDATE notify_message SET state = 'submitted', reason = NULL, submitted_at = $2 WHERE id = $1 AND state = 'sending'`,
    [id, at],
  );
  await settle(db, id, at);
}

/** Stores a receipt (whether or not its submit has been recorded yet) and settles its message. */
export async function recordReceipt(db: SqlRunner, r: DeliveryReceipt, at: number): Promise<void> {
  await db.query(
    `INSERT INTO notify_receipt (smsc_id, stat, err, done_at, received_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (smsc_id) DO UPDATE SET stat = EXCLUDED.stat, err = EXCLUDED.err, done_at = EXCLUDED.done_at,
       received_at = EXCLUDED.received_at`,
    [r.smscId, r.stat, r.err, r.doneAt ?? null, at],
  );
  const [seg] = await db.query<{ message_id: string }>(
    'SELECT message_id FROM notify_segment WHERE smsc_id = $1',
    [r.smscId],
  );
  if (seg) await settle(db, seg.message_id, at);
}

const STAT_STATE: Record<string, MessageState> = {
  EXPIRED: 'expired',
  DELETED: 'undelivered',
  UNDELIV: 'undelivered',
  REJECTD: 'undelivered',
  UNKNOWN: 'undelivered',
};

/** Once every part has a final receipt: delivered if all say DELIVRD, else the first failure's state. */
async function settle(db: SqlRunner, id: string, at: number): Promise<void> {
  const rows = await db.query<{ stat: string | null; err: string | null }>(
    `SELECT r.stat, r.err FROM notify_segment s LEFT JOIN notify_receipt r USING (smsc_id)
     WHERE s.message_id = $1 ORDER BY s.seq`,
    [id],
  );
  if (rows.length === 0 || rows.some((r) => !r.stat || !(FINAL_STATS as readonly string[]).includes(r.stat)))
    return;
  const failed = rows.find((r) => r.stat !== 'DELIVRD');
  const state = failed ? (STAT_STATE[failed.stat!] ?? 'undelivered') : 'delivered';
  await db.query(
    `UPDATE notify_message SET state = $2, reason = $3, final_at = $4 WHERE id = $1 AND state IN ('submitted', 'sending')`,
    [id, state, failed ? `${failed.stat} err:${failed.err}` : null, at],
  );
}

export interface DeliveryView {
  id: string;
  kind: MessageKind;
  role: string;
  to: string;
  state: MessageState;
  reason: string | null;
  segments: number;
  attempts: number;
  createdAt: number;
  submittedAt: number | null;
  finalAt: number | null;
  text: string;
}

export async function messageState(
  db: SqlRunner,
  id: string,
): Promise<{ state: MessageState; reason: string | null } | undefined> {
  const [row] = await db.query<{ state: MessageState; reason: string | null }>(
    'SELECT state, reason FROM notify_message WHERE id = $1',
    [id],
  );
  return row;
}

/** What the console shows on a ticket's, case's or alert's page: every message it caused. */
export async function deliveryFor(db: SqlRunner, refType: RefType, refId: string): Promise<DeliveryView[]> {
  const rows = await db.query<{
    id: string;
    kind: MessageKind;
    role: string;
    masked: string;
    state: MessageState;
    reason: string | null;
    segments: number;
    attempts: number;
    created_at: string;
    submitted_at: string | null;
    final_at: string | null;
    body: string;
  }>(
    `SELECT id, kind, role, masked, state, reason, segments, attempts, created_at, submitted_at, final_at, body
     FROM notify_message WHERE ref_type = $1 AND ref_id = $2 ORDER BY id`,
    [refType, refId],
  );
  const num = (v: string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    role: r.role,
    to: r.masked,
    state: r.state,
    reason: r.reason,
    segments: r.segments,
    attempts: r.attempts,
    createdAt: Number(r.created_at),
    submittedAt: num(r.submitted_at),
    finalAt: num(r.final_at),
    text: r.body,
  }));
}
