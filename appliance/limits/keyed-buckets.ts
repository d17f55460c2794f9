/**
 * Token buckets by key (a client address, a paired screen, an account): each key may spend up to
 * `burst` at once and regains `perMinute` a minute. The number of keys held is bounded, so a client
 * that sprays new keys cannot grow memory: a full bucket carries no state and is the first dropped.
 */
export interface BucketLimits {
  burst: number;
  perMinute: number;
  /** Keys held at most (default 10 000). */
  maxKeys?: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class KeyedBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly limits: BucketLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = limits.perMinute / 60_000;
  }

  private level(key: string, at: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.limits.burst;
    return Math.min(this.limits.burst, b.tokens + (at - b.at) * this.perMs);
  }

  /** Spends `cost` for `key` when it has that much; otherwise says when it will. */
  take(key: string, cost = 1): Take {
    const at = this.now();
    const tokens = this.level(key, at);
    if (tokens < cost) return { ok: false, retryAfterMs: Math.ceil((cost - tokens) / this.perMs) };
    this.set(key, tokens - cost, at);
    return { ok: true };
  }

  /** Whether `key` could spend `cost` now, without spending it. */
  check(key: string, cost = 1): Take {
    const at = this.now();
    const tokens = this.level(key, at);
    return tokens >= cost
      ? { ok: true }
      : { ok: false, retryAfterMs: Math.ceil((cost - tokens) / this.perMs) };
  }

  /** Gives a key its full allowance again (a successful login, for instance). */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The buckets that carry state (not full), least recently used first: `[key, tokens, at]`. */
  snapshot(): Array<[string, number, number]> {
    const at = this.now();
    return [...this.buckets]
      .filter(([, b]) => b.tokens + (at - b.at) * this.perMs < this.limits.burst)
      .map(([k, b]) => [k, b.tokens, b.at]);
  }

  /** Takes back what `snapshot` gave (after a restart); entries that do not make sense are left out. */
  restore(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    const at = this.now();
    for (const entry of entries) {
      if (!Array.isArray(entry)) continue;
      const [key, tokens, when] = entry as unknown[];
      if (typeof key !== 'string' || typeof tokens !== 'number' || typeof when !== 'number') continue;
      if (!Number.isFinite(tokens) || !Number.isFinite(when)) continue;
      // A clock set back must not leave a bucket empty for ever: never later than now.
      this.set(key, Math.max(0, Math.min(tokens, this.limits.burst)), Math.min(when, at));
    }
  }

  private set(key: string, tokens: number, at: number): void {
    this.buckets.delete(key); // re-insert: Map order is then least recently used first
    this.buckets.set(key, { tokens, at });
    const max = this.limits.maxKeys ?? 10_000;
    if (this.buckets.size <= max) return;
    // A refilled bucket carries no state: drop those first, then the least recently used.
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= max) return;
      if (b.tokens + (at - b.at) * this.perMs >= this.limits.burst) this.buckets.delete(k);
    }
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= max) return;
      this.buckets.delete(k);
    }
  }
}
