/** Token buckets: `capacity` requests at once, refilled at `perMs / capacity` each. In memory, per process. */
export interface RateLimit {
  capacity: number;
  perMs: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateVerdict {
    const now = this.now();
    const rate = this.limit.capacity / this.limit.perMs;
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.capacity, at: now };
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    if (this.buckets.size > 10_000) this.forgetFull(now, rate);
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
  }

  /** Keeps memory bounded under a flood of made-up serials: full buckets carry no information. */
  private forgetFull(now: number, rate: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * rate >= this.limit.capacity) this.buckets.delete(key);
    }
  }
}
