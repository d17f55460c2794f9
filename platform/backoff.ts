/** Reconnect and retry delays: exponential, capped, with jitter so many clients do not retry in step. */

/** Full jitter: a random delay in [0, min(cap, base·2^attempt)] (the uplink, enrolment retries). */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * A device link's reconnect delay: starts at `initialMs`, doubles after each failure up to `maxMs`,
 * each delay spread by ±`spread` (0.1 = ±10 %). `reset()` after a connection that worked.
 */
export class CappedBackoff {
  private currentMs: number;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly spread = 0.1,
    private readonly random: () => number = Math.random,
  ) {
    this.currentMs = initialMs;
  }

  /** The delay to wait now; the one after it is twice as long (up to the cap). */
  next(): number {
    const delay = Math.round(this.currentMs * (1 + (this.random() * 2 - 1) * this.spread));
    this.currentMs = Math.min(this.maxMs, this.currentMs * 2);
    return delay;
  }

  reset(): void {
    this.currentMs = this.initialMs;
  }
}
