/** Console users: created and changed by admins (console or `shequ central users`), passwords hashed. */
import type { SqlRunner } from '../db/central-db.ts';
import type { PasswordHasher } from './passwords.ts';
import { isRole, type Role } from './roles.ts';

export interface ConsoleUser {
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
}

export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;
export const MIN_PASSWORD = 10;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD)
    throw new UserError('user.weak-password', `a password has at least ${MIN_PASSWORD} characters`);
}

export async function addUser(
  db: SqlRunner,
  hasher: PasswordHasher,
  u: { username: string; displayName?: string; role: string; password: string },
): Promise<ConsoleUser> {
  if (!USERNAME.test(u.username))
    throw new UserError(
      'user.bad-name',
      'a user name is 2–32 lower-case letters, digits, dot, dash or underscore',
    );
  if (!isRole(u.role))
    throw new UserError('user.bad-role', `role must be supervisor, operator, viewer or admin`);
  checkPassword(u.password);
  const hash = await hasher.hash(u.password);
  const rows = await db.query<ConsoleUser>(
    `INSERT INTO console_users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING username, display_name, role, disabled`,
    [u.username, u.displayName?.trim() || u.username, u.role, hash],
  );
  if (!rows[0]) throw new UserError('user.exists', `user '${u.username}' already exists`, 409);
  return rows[0];
}

export async function setPassword(db: SqlRunner, hasher: PasswordHasher, username: string, password: string) {
  checkPassword(password);
  const hash = await hasher.hash(password);
  const rows = await db.query(
    `UPDATE console_users SET password_hash = $2, password_changed_at = now() WHERE username = $1 RETURNING username`,
    [username, hash],
  );
  if (rows.length === 0) throw new UserError('user.unknown', `no user '${username}'`, 404);
  // A changed password ends every session of that user.
  await db.query('DELETE FROM console_sessions WHERE username = $1', [username]);
}

export async function updateUser(
  db: SqlRunner,
  username: string,
  change: { role?: string; disabled?: boolean },
) {
  if (change.role !== undefined && !isRole(change.role)) throw new UserError('user.bad-role', 'unknown role');
  const rows = await db.query(
    `UPDATE console_users SET role = coalesce($2, role), disabled = coalesce($3, disabled)
     WHERE username = $1 RETURNING username`,
    [username, change.role ?? null, change.disabled ?? null],
  );
  if (rows.length === 0) throw new UserError('user.unknown', `no user '${username}'`, 404);
  if (change.disabled || change.role)
    await db.query('DELETE FROM console_sessions WHERE username = $1', [username]);
}

export function listUsers(db: SqlRunner): Promise<ConsoleUser[]> {
  return db.query<ConsoleUser>(
    'SELECT username, display_name, role, disabled FROM console_users ORDER BY username',
  );
}

export async function findUserForLogin(
  db: SqlRunner,
  username: string,
): Promise<(ConsoleUser & { password_hash: string }) | undefined> {
  const [row] = await db.query<ConsoleUser & { password_hash: string }>(
    'SELECT username, display_name, role, disabled, password_hash FROM console_users WHERE username = $1',
    [username],
  );
  return row;
}
