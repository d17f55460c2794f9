/**
 * Who may try a staff password now, decided before any hashing. Each client (a paired screen, or an
 * address) has its own allowance, so wrong passwords from one client never shut out another. An
 * account has an allowance too, but only clients that have never logged in to it spend from it: a
 * guesser spraying from many addresses is slowed down, while the clerk's own counter terminal
 * (which has logged in to that account before) always gets through on its own client allowance.
 * Nothing here locks an account. The allowances and the known terminals survive a restart (see
 * ThrottleFile), so restarting the appliance does not give a guesser a new allowance.
 */
import { KeyedBuckets, type Take } from './keyed-buckets.ts';

/** A client may try 10 passwords at once, then one every 30 seconds. */
const PER_CLIENT = { burst: 10, perMinute: 2 };
/** Clients new to an account may together try 30 at once, then six a minute. */
const PER_ACCOUNT = { burst: 30, perMinute: 6 };
/** Clients remembered per account as its own terminals. */
const KNOWN_PER_ACCOUNT = 32;
const MAX_ACCOUNTS = 1000;

/** What a restart keeps: the buckets that are not full, and each account's known terminals. */
export interface ThrottleSnapshot {
  version: 1;
  perClient: Array<[string, number, number]>;
  perAccount: Array<[string, number, number]>;
  known: Array<[string, string[]]>;
}

export type LoginAdmission = { ok: true } | { ok: false; retryAfterMs: number; scope: 'client' | 'account' };

export class LoginThrottle {
  private readonly perClient: KeyedBuckets;
  private readonly perAccount: KeyedBuckets;
  private readonly known = new Map<string, Set<string>>();

  constructor(
    now: () => number = Date.now,
    /** Called after every change, to save it. */
    private readonly changed: () => void = () => {},
  ) {
    this.perClient = new KeyedBuckets(PER_CLIENT, now);
    this.perAccount = new KeyedBuckets({ ...PER_ACCOUNT, maxKeys: MAX_ACCOUNTS }, now);
  }

  snapshot(): ThrottleSnapshot {
    return {
      version: 1,
      perClient: this.perClient.snapshot(),
      perAccount: this.perAccount.snapshot(),
      known: [...this.known].map(([account, clients]) => [account, [...clients]]),
    };
  }

  /** Takes back a saved snapshot; whatever in it does not make sense is left out. */
  restore(saved: Partial<ThrottleSnapshot>): void {
    this.perClient.restore(saved.perClient);
    this.perAccount.restore(saved.perAccount);
    if (!Array.isArray(saved.known)) return;
    for (const entry of saved.known.slice(-MAX_ACCOUNTS)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) continue;
      const clients = entry[1].filter((c): c is string => typeof c === 'string').slice(-KNOWN_PER_ACCOUNT);
      this.known.set(entry[0], new Set(clients));
    }
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
    this.changed();
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
    this.changed();
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
