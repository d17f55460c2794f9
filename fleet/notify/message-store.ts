/**
 * Every message the service made, with the reference that caused it (ticket, case, appointment,
 * rectification, alert), its recipient (masked and hashed, never the number), its text and its
 * delivery state, which moves: queued → (held | deferred) → sending → submitted → delivered, or ends
 * in undelivered, expired, rejected (by the SMSC), refused (opted out, number purged), failed
 * (retries spent) or cancelled.
 */
import type { SmsMessageState } from '../../contract/notify-lists.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { MessageKind, RefType, StaffRole } from './events.ts';
import type { Audience } from './policy.ts';
import { type DeliveryReceipt, FINAL_STATS } from './receipt.ts';

/** The states, as the console's lists carry them (contract/notify-lists.ts). */
export type MessageState = SmsMessageState;

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

export interface ClaimedMessage extends MessageRow {
  optedOut: boolean;
  phoneEnc: Buffer | null;
}

/**
 * Takes a batch of messages for sending, in one statement, with what the worker needs to decide on
 * each: whether its number opted out, and the number's ciphertext. A message left in 'sending' by a
 * worker that died is taken again only by a retry of its job (at-least-once for that narrow case;
 * see the SMPP gateway's note).
 */
export async function claimMessages(
  db: SqlRunner,
  jobs: Array<{ messageId: string; isRetry: boolean }>,
): Promise<ClaimedMessage[]> {
  const rows = await db.query<MessageRow & { opted_out: boolean; phone_enc: Buffer | null }>(
    `UPDATE notify_message m SET state = 'sending', attempts = m.attempts + 1
     FROM unnest($1::bigint[], $2::boolean[]) AS j(id, retry)
     WHERE m.id = j.id AND (m.state = ANY($3::text[]) OR (j.retry AND m.state = 'sending'))
     RETURNING m.id, m.kind, m.ref_type, m.ref_id, m.phone_hash, m.masked, m.body, m.state, m.attempts, m.expires_at,
       EXISTS (SELECT 1 FROM notify_optout o WHERE o.phone_hash = m.phone_hash) AS opted_out,
       (SELECT p.phone_enc FROM notify_phone p WHERE p.phone_hash = m.phone_hash) AS phone_enc`,
    [jobs.map((j) => j.messageId), jobs.map((j) => j.isRetry), SENDABLE],
  );
  return rows.map((r) => ({
    ...r,
    id: String(r.id),
    phone_hash: r.phone_hash ? Buffer.from(r.phone_hash) : null,
    optedOut: r.opted_out,
    phoneEnc: r.phone_enc ? Buffer.from(r.phone_enc) : null,
  }));
}

const OPEN_STATES: readonly MessageState[] = [
  'queued',
  'held',
  'deferred',
  'sending',
  'retrying',
  'submitted',
];

export interface StateChange {
  id: string;
  state: MessageState;
  reason?: string;
  notBefore?: number;
}

/** Moves many messages at once (one statement); final states get their final time. */
export async function setStates(db: SqlRunner, changes: StateChange[], at: number): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `UPDATE notify_message m SET state = u.state, reason = u.reason, not_before = COALESCE(u.not_before, m.not_before),
       final_at = CASE WHEN u.state = ANY($5::text[]) THEN m.final_at ELSE $6::bigint END
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(id, state, reason, not_before)
     WHERE m.id = u.id`,
    [
      changes.map((c) => c.id),
      changes.map((c) => c.state),
      changes.map((c) => c.reason ?? null),
      changes.map((c) => c.notBefore ?? null),
      OPEN_STATES,
      at,
    ],
  );
}

export async function setState(
  db: SqlRunner,
  id: string,
  state: MessageState,
  at: number,
  extra: { reason?: string; notBefore?: number } = {},
): Promise<void> {
  await setStates(db, [{ id, state, ...extra }], at);
}

/** Records the gateway ids of sent messages (one per part) and moves them to 'submitted'. */
export async function markSubmitted(
  db: SqlRunner,
  sent: Array<{ id: string; gatewayIds: string[] }>,
  at: number,
) {
  if (sent.length === 0) return;
  const parts = sent.flatMap((m) => m.gatewayIds.map((smscId, i) => ({ smscId, id: m.id, seq: i + 1 })));
  await db.query(
    `INSERT INTO notify_segment (smsc_id, message_id, seq)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[]) ON CONFLICT (smsc_id) DO NOTHING`,
    [parts.map((p) => p.smscId), parts.map((p) => p.id), parts.map((p) => p.seq)],
  );
  await db.query(
    `UPDATE notify_message SET state = 'submitted', reason = NULL, submitted_at = $2
     WHERE id = ANY($1::bigint[]) AND state = 'sending'`,
    [sent.map((m) => m.id), at],
  );
  await settle(
    db,
    sent.map((m) => m.id),
    at,
  );
}

/**
 * Stores receipts (whether or not their submits are recorded yet: receipts can overtake the
 * submit_sm_resp bookkeeping) and settles the messages they complete.
 */
export async function recordReceipts(db: SqlRunner, receipts: DeliveryReceipt[], at: number): Promise<void> {
  const latest = new Map(receipts.map((r) => [r.smscId, r]));
  const list = [...latest.values()];
  if (list.length === 0) return;
  await db.query(
    `INSERT INTO notify_receipt (smsc_id, stat, err, done_at, received_at)
     SELECT u.smsc_id, u.stat, u.err, u.done_at, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       AS u(smsc_id, stat, err, done_at)
     ON CONFLICT (smsc_id) DO UPDATE SET stat = EXCLUDED.stat, err = EXCLUDED.err, done_at = EXCLUDED.done_at,
       received_at = EXCLUDED.received_at`,
    [
      list.map((r) => r.smscId),
      list.map((r) => r.stat),
      list.map((r) => r.err),
      list.map((r) => r.doneAt ?? null),
      at,
    ],
  );
  const owners = await db.query<{ message_id: string }>(
    'SELECT DISTINCT message_id FROM notify_segment WHERE smsc_id = ANY($1::text[])',
    [list.map((r) => r.smscId)],
  );
  await settle(
    db,
    owners.map((o) => String(o.message_id)),
    at,
  );
}

const STAT_STATE: Record<string, MessageState> = {
  EXPIRED: 'expired',
  DELETED: 'undelivered',
  UNDELIV: 'undelivered',
  REJECTD: 'undelivered',
  UNKNOWN: 'undelivered',
};

/** Once every part has a final receipt: delivered if all say DELIVRD, else the first failure's state. */
async function settle(db: SqlRunner, ids: string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.query<{ message_id: string; stat: string | null; err: string | null }>(
    `SELECT s.message_id, r.stat, r.err FROM notify_segment s LEFT JOIN notify_receipt r USING (smsc_id)
     WHERE s.message_id = ANY($1::bigint[]) ORDER BY s.message_id, s.seq`,
    [ids],
  );
  const byMessage = new Map<string, Array<{ stat: string | null; err: string | null }>>();
  for (const r of rows) {
    const id = String(r.message_id);
    byMessage.set(id, [...(byMessage.get(id) ?? []), r]);
  }
  const changes: StateChange[] = [];
  for (const [id, parts] of byMessage) {
    if (parts.some((p) => !p.stat || !(FINAL_STATS as readonly string[]).includes(p.stat))) continue;
    const failed = parts.find((p) => p.stat !== 'DELIVRD');
    changes.push(
      failed
        ? { id, state: STAT_STATE[failed.stat!] ?? 'undelivered', reason: `${failed.stat} err:${failed.err}` }
        : { id, state: 'delivered' },
    );
  }
  if (changes.length === 0) return;
  await db.query(
    `UPDATE notify_message m SET state = u.state, reason = u.reason, final_at = $3
     FROM unnest($1::bigint[], $2::text[], $4::text[]) AS u(id, state, reason)
     WHERE m.id = u.id AND m.state IN ('submitted', 'sending')`,
    [changes.map((c) => c.id), changes.map((c) => c.state), at, changes.map((c) => c.reason ?? null)],
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
