/**
 * Console sessions and login throttling, both in the database so any console server behind the
 * same address knows them. The cookie holds a random token; the table holds only its hash, with
 * the CSRF token the browser must echo in a header on every change.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlRunner } from '../db/central-db.ts';
import type { Role } from './roles.ts';

export const SESSION_COOKIE = 'shequ_central';
const IDLE_MS = 30 * 60_000;
const MAX_AGE_MS = 12 * 3600_000;

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface Session {
  username: string;
  display_name: string;
  role: Role;
  csrf_token: string;
}

export async function createSession(db: SqlRunner, username: string, client: string) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO console_sessions (token_hash, username, csrf_token, client, expires_at)
     VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')`,
    [tokenHash(token), username, csrf, client, MAX_AGE_MS],
  );
  return { token, csrf };
}

/** The live session for a cookie token; touching it extends the idle timeout. */
export async function lookupSession(db: SqlRunner, token: string): Promise<Session | undefined> {
  const [row] = await db.query<Session>(
    `UPDATE console_sessions s SET last_seen_at = now()
       FROM console_users u
      WHERE s.token_hash = $1 AND u.username = s.username AND NOT u.disabled
        AND s.expires_at > now() AND s.last_seen_at > now() - $2 * interval '1 millisecond'
     RETURNING u.username, u.display_name, u.role, s.csrf_token`,
    [tokenHash(token), IDLE_MS],
  );
  return row;
}

export async function endSession(db: SqlRunner, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Failed logins from one client within the window before it is locked out for LOCK_MS. */
export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

/** Milliseconds the client must still wait, or 0. */
export async function lockedFor(db: SqlRunner, client: string): Promise<number> {
  const [row] = await db.query<{ ms: number }>(
    `SELECT greatest(0, extract(epoch FROM locked_until - now()) * 1000)::bigint AS ms
       FROM login_throttle WHERE client = $1 AND locked_until IS NOT NULL`,
    [client],
  );
  return row ? Number(row.ms) : 0;
}

export async function recordFailure(db: SqlRunner, client: string): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle AS t (client, failures, window_start) VALUES ($1, 1, now())
     ON CONFLICT (client) DO UPDATE SET
       failures = CASE WHEN t.window_start < now() - $2 * interval '1 millisecond' THEN 1 ELSE t.failures + 1 END,
       window_start = CASE WHEN t.window_start < now() - $2 * interval '1 millisecond' THEN now() ELSE t.window_start END`,
    [client, WINDOW_MS],
  );
  await db.query(
    `UPDATE login_throttle SET locked_until = now() + $3 * interval '1 millisecond', failures = 0, window_start = now()
     WHERE client = $1 AND failures >= $2`,
    [client, MAX_FAILURES, LOCK_MS],
  );
}

export async function clearFailures(db: SqlRunner, client: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE client = $1', [client]);
}
