/**
 * Durations (waits, handling times) and their count, mean and median, exactly. Values come one at
 * a time (live records) or as sorted runs with their sum (a past day's summary, archive's
 * day-summary files): a month report adds up thirty runs without copying or sorting them, the
 * median is found by a selection over the sorted runs (O(runs × log² n)).
 */

export interface DurationStats {
  count: number;
  meanMs: number;
  medianMs: number;
}

/** Values sorted ascending (kept as int32 when they are whole milliseconds). */
export type SortedRun = Float64Array | Int32Array;

export class Durations {
  private loose: number[] = [];
  private readonly runs: SortedRun[] = [];
  private runSum = 0;
  private runCount = 0;

  push(ms: number): void {
    this.loose.push(ms);
  }

  /** Adds a run of values sorted ascending, with their sum. */
  addSorted(run: SortedRun, sum: number): void {
    if (run.length === 0) return;
    this.runs.push(run);
    this.runSum += sum;
    this.runCount += run.length;
  }

  get count(): number {
    return this.loose.length + this.runCount;
  }

  get sum(): number {
    let s = this.runSum;
    for (const v of this.loose) s += v;
    return s;
  }

  /** Every value, sorted ascending (to keep as a run). */
  sorted(): Float64Array {
    const out = new Float64Array(this.count);
    let at = 0;
    for (const run of this.runs) {
      out.set(run, at);
      at += run.length;
    }
    out.set(this.loose, at);
    return out.sort();
  }

  stats(): DurationStats | null {
    const n = this.count;
    if (n === 0) return null;
    const runs = this.loose.length > 0 ? [...this.runs, Float64Array.from(this.loose).sort()] : this.runs;
    const mid = Math.floor(n / 2);
    const upper = kthOfSorted(runs, mid);
    const medianMs = n % 2 === 1 ? upper : (upper + kthOfSorted(runs, mid - 1)) / 2;
    return { count: n, meanMs: this.sum / n, medianMs };
  }
}

export function durationStats(values: readonly number[]): DurationStats | null {
  const d = new Durations();
  for (const v of values) d.push(v);
  return d.stats();
}

/** The k-th smallest value (0-based) of the union of runs each sorted ascending. */
export function kthOfSorted(runs: readonly SortedRun[], k: number): number {
  const lo = runs.map(() => 0);
  const hi = runs.map((r) => r.length);
  const below = runs.map(() => 0);
  const upTo = runs.map(() => 0);
  for (;;) {
    // The pivot: the middle of the widest window left, so that window at least halves each round.
    let widest = -1;
    for (let i = 0; i < runs.length; i++)
      if (hi[i]! > lo[i]! && (widest < 0 || hi[i]! - lo[i]! > hi[widest]! - lo[widest]!)) widest = i;
    if (widest < 0) throw new RangeError(`no value of rank ${k}`);
    const pivot = runs[widest]![(lo[widest]! + hi[widest]!) >> 1]!;
    let less = 0;
    let lessOrEqual = 0;
    for (let i = 0; i < runs.length; i++) {
      below[i] = bound(runs[i]!, pivot, lo[i]!, hi[i]!, false);
      upTo[i] = bound(runs[i]!, pivot, below[i]!, hi[i]!, true);
      less += below[i]! - lo[i]!;
      lessOrEqual += upTo[i]! - lo[i]!;
    }
    if (k < less) for (let i = 0; i < runs.length; i++) hi[i] = below[i]!;
    else if (k >= lessOrEqual) {
      k -= lessOrEqual;
      for (let i = 0; i < runs.length; i++) lo[i] = upTo[i]!;
    } else return pivot;
  }
}

/** The first index in [lo, hi) whose value is ≥ v (or > v when `after`). */
function bound(a: SortedRun, v: number, lo: number, hi: number, after: boolean): number {
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < v || (after && a[m] === v)) lo = m + 1;
    else hi = m;
  }
  return lo;
}
