/**
 * Phone numbers and consent: the one table holding numbers (encrypted), the opt-out list (keyed
 * hashes only, kept after the numbers are purged so a purged number that replied TD stays opted out),
 * and the consent log (every opt-out and opt-in, with how it came).
 */
import type { SqlRunner } from '../db/central-db.ts';
import { maskPhone } from './phone.ts';
import type { PhoneVault } from './phone-vault.ts';

export interface StoredPhone {
  hash: Buffer;
  masked: string;
}

export async function savePhone(
  db: SqlRunner,
  vault: PhoneVault,
  phone: string,
  now: number,
): Promise<StoredPhone> {
  const hash = vault.hash(phone);
  const masked = maskPhone(phone);
  await db.query(
    `INSERT INTO notify_phone (phone_hash, phone_enc, masked, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (phone_hash) DO NOTHING`,
    [hash, vault.encrypt(phone), masked, now],
  );
  return { hash, masked };
}

export async function loadPhone(db: SqlRunner, vault: PhoneVault, hash: Buffer): Promise<string | undefined> {
  const [row] = await db.query<{ phone_enc: Buffer }>(
    'SELECT phone_enc FROM notify_phone WHERE phone_hash = $1',
    [hash],
  );
  return row ? vault.decrypt(Buffer.from(row.phone_enc), hash) : undefined;
}

export async function isOptedOut(db: SqlRunner, hash: Buffer): Promise<boolean> {
  return (await db.query('SELECT 1 FROM notify_optout WHERE phone_hash = $1', [hash])).length > 0;
}

export async function optOut(db: SqlRunner, stored: StoredPhone, via: string, now: number): Promise<void> {
  await db.query(
    `INSERT INTO notify_optout (phone_hash, masked, at, via) VALUES ($1, $2, $3, $4)
     ON CONFLICT (phone_hash) DO NOTHING`,
    [stored.hash, stored.masked, now, via],
  );
  await db.query('INSERT INTO notify_consent (phone_hash, change, via, at) VALUES ($1, $2, $3, $4)', [
    stored.hash,
    'opt-out',
    via,
    now,
  ]);
}

/** A resident who asks again at the kiosk has given fresh consent: the opt-out is lifted, and logged. */
export async function optIn(db: SqlRunner, hash: Buffer, via: string, now: number): Promise<boolean> {
  const lifted = await db.query('DELETE FROM notify_optout WHERE phone_hash = $1 RETURNING phone_hash', [
    hash,
  ]);
  if (lifted.length === 0) return false;
  await db.query('INSERT INTO notify_consent (phone_hash, change, via, at) VALUES ($1, $2, $3, $4)', [
    hash,
    'opt-in',
    via,
    now,
  ]);
  return true;
}

/** Drops every number no subscription, staff entry or unsent message still needs. */
export async function purgeUnusedPhones(db: SqlRunner): Promise<number> {
  const rows = await db.query(
    `DELETE FROM notify_phone p
     WHERE NOT EXISTS (SELECT 1 FROM notify_subscription s WHERE s.phone_hash = p.phone_hash)
       AND NOT EXISTS (SELECT 1 FROM notify_staff t WHERE t.phone_hash = p.phone_hash)
       AND NOT EXISTS (SELECT 1 FROM notify_message m WHERE m.phone_hash = p.phone_hash
                       AND m.state IN ('queued', 'held', 'deferred', 'sending', 'retrying'))
     RETURNING phone_hash`,
  );
  return rows.length;
}
