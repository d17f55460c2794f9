/**
 * Residents' opt-ins: a phone tied to one ticket (today only), case or appointment. The number is
 * kept (encrypted, in notify_phone) only while a subscription needs it: `keep_until` is the end of
 * the ticket's day, or the case's retention (counted from the opt-in, and again from the decision,
 * as the appliance counts a closed case's personal data), after which purge() drops both.
 */
import type { SqlRunner } from '../db/central-db.ts';
import { type StoredPhone, savePhone } from './contacts.ts';
import type { RefType } from './events.ts';
import type { PhoneVault } from './phone-vault.ts';

export interface Subscriber {
  id: string;
  hash: Buffer;
  masked: string;
  ahead: number | null;
  number: string;
  firedAt: number | null;
}

export async function addSubscription(
  db: SqlRunner,
  vault: PhoneVault,
  s: {
    refType: RefType;
    refId: string;
    kioskId: string;
    phone: string;
    number: string;
    ahead?: number;
    keepUntil: number;
  },
  now: number,
): Promise<StoredPhone> {
  const stored = await savePhone(db, vault, s.phone, now);
  await db.query(
    `INSERT INTO notify_subscription (ref_type, ref_id, kiosk_id, phone_hash, ahead, number, keep_until, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (ref_type, ref_id, phone_hash)
     DO UPDATE SET ahead = EXCLUDED.ahead, keep_until = GREATEST(notify_subscription.keep_until, EXCLUDED.keep_until)`,
    [s.refType, s.refId, s.kioskId, stored.hash, s.ahead ?? null, s.number, s.keepUntil, now],
  );
  return stored;
}

export async function subscribersOf(
  db: SqlRunner,
  refType: RefType,
  refId: string,
  now: number,
): Promise<Subscriber[]> {
  const rows = await db.query<{
    id: string;
    phone_hash: Buffer;
    masked: string;
    ahead: number | null;
    number: string;
    fired_at: string | null;
  }>(
    `SELECT s.id, s.phone_hash, p.masked, s.ahead, s.number, s.fired_at
     FROM notify_subscription s JOIN notify_phone p USING (phone_hash)
     WHERE s.ref_type = $1 AND s.ref_id = $2 AND s.keep_until > $3 ORDER BY s.id`,
    [refType, refId, now],
  );
  return rows.map((r) => ({
    id: String(r.id),
    hash: Buffer.from(r.phone_hash),
    masked: r.masked,
    ahead: r.ahead,
    number: r.number,
    firedAt: r.fired_at === null ? null : Number(r.fired_at),
  }));
}

/** Marks a 'turn near' subscription used, so it fires once; false if another call got there first. */
export async function markFired(db: SqlRunner, id: string, now: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE notify_subscription SET fired_at = $2 WHERE id = $1 AND fired_at IS NULL RETURNING id',
    [id, now],
  );
  return rows.length > 0;
}

/** The case was decided: its subscriptions are kept until the retention counted from now. */
export async function keepSubscriptionsUntil(
  db: SqlRunner,
  refType: RefType,
  refId: string,
  until: number,
): Promise<void> {
  await db.query(
    'UPDATE notify_subscription SET keep_until = GREATEST(keep_until, $3) WHERE ref_type = $1 AND ref_id = $2',
    [refType, refId, until],
  );
}

export async function dropSubscriptions(
  db: SqlRunner,
  where: { refType: RefType; refId: string } | { before: number },
) {
  const rows =
    'before' in where
      ? await db.query('DELETE FROM notify_subscription WHERE keep_until <= $1 RETURNING id', [where.before])
      : await db.query('DELETE FROM notify_subscription WHERE ref_type = $1 AND ref_id = $2 RETURNING id', [
          where.refType,
          where.refId,
        ]);
  return rows.length;
}
