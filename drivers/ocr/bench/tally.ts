/** Counting for the OCR benchmarks: numbers and names scored separately, overall and per group. */
import { median, percentile, round } from '../../../bench/types.ts';

export interface Printed {
  /** What the document carries; `valid` false when its check digit was printed wrong on purpose. */
  number: string;
  valid: boolean;
  /** The name as printed ('' when the card prints none: the right answer is then no name). */
  name: string;
}

export interface Outcome {
  /** The number the OCR vouched for (check digits valid), if any. */
  number: string | null;
  /** The name it returned, if any. */
  name: string | null;
  ms: number;
}

export class Tally {
  images = 0;
  times: number[] = [];
  validPrinted = 0;
  numberExact = 0;
  numberWrongAccepted = 0;
  invalidAccepted = 0;
  names = 0;
  nameExact = 0;
  nameWrong = 0;
  nameWithheld = 0;

  add(printed: Printed, got: Outcome): void {
    this.images++;
    this.times.push(got.ms);
    if (printed.valid) this.validPrinted++;
    if (got.number !== null) {
      if (!printed.valid) this.invalidAccepted++;
      else if (got.number === printed.number) this.numberExact++;
      else this.numberWrongAccepted++;
    }
    // A card that prints no Chinese name counts only if a name was invented for it (a wrong name).
    if (printed.name === '' && got.name === null) return;
    this.names++;
    if (got.name === null) this.nameWithheld++;
    else if (got.name === printed.name) this.nameExact++;
    else this.nameWrong++;
  }

  metrics(prefix = ''): Record<string, number> {
    const share = (n: number, of: number) => round(n / Math.max(1, of), 4);
    const out: Record<string, number> = {
      [`${prefix}images`]: this.images,
      [`${prefix}number_exact`]: share(this.numberExact, this.validPrinted),
      [`${prefix}number_wrong_accepted`]: this.numberWrongAccepted,
      [`${prefix}name_exact`]: share(this.nameExact, this.names),
      [`${prefix}name_wrong_returned`]: share(this.nameWrong, this.names),
      [`${prefix}name_withheld`]: share(this.nameWithheld, this.names),
    };
    if (prefix === '') {
      out.invalid_check_digit_accepted = this.invalidAccepted;
      out.median_ms_per_image = round(median(this.times), 1);
      out.p95_ms_per_image = round(percentile(this.times, 95), 1);
    }
    return out;
  }
}

/** One tally overall and one per value of each grouping (condition, card type, …). */
export class GroupedTally {
  readonly all = new Tally();
  private readonly groups = new Map<string, Tally>();

  add(groups: Record<string, string>, printed: Printed, got: Outcome): void {
    this.all.add(printed, got);
    for (const [dimension, value] of Object.entries(groups)) {
      const key = `${dimension}.${value}.`;
      let t = this.groups.get(key);
      if (!t) {
        t = new Tally();
        this.groups.set(key, t);
      }
      t.add(printed, got);
    }
  }

  metrics(): Record<string, number> {
    const out = this.all.metrics();
    for (const [key, t] of [...this.groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      Object.assign(out, t.metrics(key));
    }
    return out;
  }
}

/** ours / anchor for every metric both have and the anchor's is non-zero. */
export function ratios(ours: Record<string, number>, anchor: Record<string, number>, keys: string[]) {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const a = anchor[k];
    const m = ours[k];
    if (a !== undefined && m !== undefined && a !== 0) out[k] = round(m / a, 3);
  }
  return out;
}
