/**
 * Staff accounts and sessions. Passwords are scrypt hashes, computed on a thread of their own; tries
 * are throttled per client before any hashing (see LoginThrottle) and never lock an account. A session is an
 * HttpOnly, SameSite=Strict cookie plus a CSRF token the page must echo in a header on every write.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { Role, SessionView } from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { LoginThrottle } from '../limits/login-throttle.ts';
import type { ThrottleFile } from '../limits/throttle-file.ts';
import { ThrottledError } from '../limits/throttled.ts';
import type { UserRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'shequ_sid';
const SESSION_IDLE_MS = 8 * 60 * 60_000;

interface Session {
  userId: string;
  username: string;
  role: Role;
  csrfToken: string;
  lastSeen: number;
}

/** A staff account as versions before the per-client throttle stored it. */
type LegacyUserRecord = UserRecord & { failedLogins?: number; lockedUntil?: number };

const ROLE_RANK: Record<Role, number> = { staff: 1, supervisor: 2, admin: 3 };

export class StaffAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly throttle: LoginThrottle;

  private readonly throttleFile: ThrottleFile | null;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    /** Where the throttle is kept across restarts (none: in memory only). */
    opts: { throttleFile?: ThrottleFile } = {},
  ) {
    this.throttleFile = opts.throttleFile ?? null;
    const file = this.throttleFile;
    this.throttle = new LoginThrottle(now, file ? () => file.changed() : undefined);
  }

  /**
   * Reads back the throttle saved before a restart, and drops the per-account failure count and
   * lock an older version kept in each account (nothing reads them: the throttle is per client).
   */
  async open(): Promise<void> {
    await this.throttleFile?.load(this.throttle);
    const legacy = this.store
      .all('user')
      .filter((u) => 'failedLogins' in u || 'lockedUntil' in u) as LegacyUserRecord[];
    if (legacy.length > 0)
      await this.store.commit(legacy.map(({ failedLogins: _f, lockedUntil: _l, ...user }) => user));
  }

  /** Saves the throttle (at close). */
  async close(): Promise<void> {
    await this.throttleFile?.save();
  }

  private findUser(username: string): UserRecord | undefined {
    return this.store.all('user').find((u) => u.username === username);
  }

  async addUser(
    username: string,
    password: string,
    role: Role,
    profile: Pick<UserRecord, 'displayName' | 'staffNumber'> = {},
  ): Promise<void> {
    if (this.findUser(username)) throw new ApplianceError('user.exists', `user '${username}' already exists`);
    if (password.length < 8)
      throw new ApplianceError('user.weak-password', 'a password needs at least 8 characters', 422);
    const user: UserRecord = {
      kind: 'user',
      id: ulid(),
      username,
      role,
      ...(profile.displayName ? { displayName: profile.displayName } : {}),
      ...(profile.staffNumber ? { staffNumber: profile.staffNumber } : {}),
      passwordHash: await hashPassword(password),
    };
    await this.store.commit([user]);
  }

  users(): readonly UserRecord[] {
    return this.store.all('user');
  }

  /** Sets (or, with an empty string, clears) the name and 工号 shown for a clerk; false for an unknown id. */
  async setProfile(id: string, profile: { displayName: string; staffNumber: string }): Promise<boolean> {
    const user = this.store.all('user').find((u) => u.id === id);
    if (!user) return false;
    const { displayName: _n, staffNumber: _s, ...rest } = user;
    await this.store.commit([
      {
        ...rest,
        ...(profile.displayName ? { displayName: profile.displayName } : {}),
        ...(profile.staffNumber ? { staffNumber: profile.staffNumber } : {}),
      },
    ]);
    return true;
  }

  hasUsers(): boolean {
    return this.store.all('user').length > 0;
  }

  /**
   * Returns the session token and its view; throws one message for unknown user and wrong password
   * alike. `client` (a paired screen's or an address's key) is throttled before any hashing.
   */
  async login(
    username: string,
    password: string,
    client: string,
  ): Promise<{ token: string; view: SessionView }> {
    const admitted = this.throttle.admit(username, client);
    if (!admitted.ok) {
      const seconds = Math.ceil(admitted.retryAfterMs / 1000);
      throw new ThrottledError(
        'auth.throttled',
        admitted.scope === 'client'
          ? `too many wrong passwords from this terminal; try again in ${seconds} s`
          : `too many wrong passwords for this account from new terminals; try again in ${seconds} s, or from your usual counter terminal`,
        admitted.retryAfterMs,
      );
    }
    const user = this.findUser(username);
    const refused = new ApplianceError('auth.refused', 'wrong user name or password', 401);
    // A terminal staff have logged in from before has its own lane in the hashing queue, and a
    // login naming an existing account the next one (passwords.ts).
    const from = { client, trusted: this.throttle.isKnownTerminal(client) };
    if (!user) {
      await hashPassword(password, from); // same work as a real check, so timing does not reveal names
      throw refused;
    }
    if (!(await verifyPassword(password, user.passwordHash, { ...from, account: user.id }))) throw refused;
    this.throttle.succeeded(username, client);
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      userId: user.id,
      username: user.username,
      role: user.role,
      csrfToken: randomBytes(24).toString('base64url'),
      lastSeen: this.now(),
    };
    this.sessions.set(token, session);
    return { token, view: { username: session.username, role: session.role, csrfToken: session.csrfToken } };
  }

  logout(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** The session behind a cookie token, or a 401. Writes also need the CSRF header to match. */
  authorize(
    token: string | undefined,
    opts: { csrf?: string | undefined; write: boolean; role?: Role },
  ): SessionView {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || this.now() - session.lastSeen > SESSION_IDLE_MS) {
      if (token) this.sessions.delete(token);
      throw new ApplianceError('auth.required', 'please log in', 401);
    }
    if (opts.write) {
      const given = Buffer.from(opts.csrf ?? '');
      const expected = Buffer.from(session.csrfToken);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ApplianceError('auth.csrf', 'missing or wrong CSRF token', 403);
      }
    }
    if (opts.role && ROLE_RANK[session.role] < ROLE_RANK[opts.role]) {
      throw new ApplianceError('auth.forbidden', `this needs the ${opts.role} role`, 403);
    }
    session.lastSeen = this.now();
    return { username: session.username, role: session.role, csrfToken: session.csrfToken };
  }
}
