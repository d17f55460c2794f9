/**
 * Who may try a staff password now, decided before any hashing. Each client (a paired screen, or an
 * address) has its own allowance, so wrong passwords from one client never shut out another. An
 * account has an allowance too, but only clients that have never logged in to it spend from it: a
 * guesser spraying from many addresses is slowed down, while the clerk's own counter terminal
 * (which has logged in to that account before) always gets through on its own client allowance.
 * Nothing here locks an account.
 */
import { KeyedBuckets, type Take } from './keyed-buckets.ts';

/** A client may try 10 passwords at once, then one every 30 seconds. */
const PER_CLIENT = { burst: 10, perMinute: 2 };
/** Clients new to an account may together try 30 at once, then six a minute. */
const PER_ACCOUNT = { burst: 30, perMinute: 6 };
/** Clients remembered per account as its own terminals. */
const KNOWN_PER_ACCOUNT = 32;
const MAX_ACCOUNTS = 1000;

export type LoginAdmission = { ok: true } | { ok: false; retryAfterMs: number; scope: 'client' | 'account' };

export class LoginThrottle {
  private readonly perClient: KeyedBuckets;
  private readonly perAccount: KeyedBuckets;
  private readonly known = new Map<string, Set<string>>();

  constructor(now: () => number = Date.now) {
    this.perClient = new KeyedBuckets(PER_CLIENT, now);
    this.perAccount = new KeyedBuckets({ ...PER_ACCOUNT, maxKeys: MAX_ACCOUNTS }, now);
  }

  /**
   * Spends one try for this client (and for the account when the client is new to it). Spent up
   * front, so concurrent tries from one client cannot all slip past before the first one fails.
   */
  admit(account: string, client: string): LoginAdmission {
    const own = this.perClient.check(client);
    if (!own.ok) return { ...own, scope: 'client' };
    if (!this.isKnown(account, client)) {
      const shared: Take = this.perAccount.take(account);
      if (!shared.ok) return { ...shared, scope: 'account' };
    }
    this.perClient.take(client);
    return { ok: true };
  }

  /** A right password: the client's allowance is whole again and it is one of the account's terminals. */
  succeeded(account: string, client: string): void {
    this.perClient.reset(client);
    let clients = this.known.get(account);
    if (!clients) {
      if (this.known.size >= MAX_ACCOUNTS) this.known.delete(this.known.keys().next().value as string);
      clients = new Set();
      this.known.set(account, clients);
    }
    clients.delete(client);
    clients.add(client);
    if (clients.size > KNOWN_PER_ACCOUNT) clients.delete(clients.values().next().value as string);
  }

  /** A client that has logged in to some account before: a counter terminal. */
  isKnownTerminal(client: string): boolean {
    for (const clients of this.known.values()) if (clients.has(client)) return true;
    return false;
  }

  private isKnown(account: string, client: string): boolean {
    return this.known.get(account)?.has(client) === true;
  }
}
