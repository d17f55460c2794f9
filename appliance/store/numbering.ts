/**
 * Durable high-water marks of every number the appliance hands out (commit positions, transaction
 * sequence numbers, ticket numbers per day and prefix, receipt numbers per day, uplink sessions),
 * kept in `numbering.json`, apart from the log. A number is acknowledged only once a reservation
 * at or above it is on disk; reservations run a lease ahead (renewed in the background at half
 * way), so the file is written once every few hundred commits, not on every commit.
 *
 * When the log is found damaged at start, each count resumes above its reservation: whatever the
 * lost part held was at most that, so no acknowledged number is handed out again; the numbers
 * skipped are reported.
 */
import { join } from 'node:path';
import { Low } from 'lowdb';
import { CorruptFileError } from '../../platform/durable-file.ts';
import { ChecksummedJsonFile } from './checksummed-file.ts';
import type { IssuedNumber } from './records.ts';

/** Scopes every commit or transaction uses: a large lease, since they move fast. */
export const COMMIT_SCOPE = 'commit';
export const TX_SCOPE = 'tx';
const FAST_SCOPES = new Set([COMMIT_SCOPE, TX_SCOPE]);
const FAST_LEASE = 1024;
const LEASE = 16;

interface Mark {
  n: number;
  day?: string;
}

interface NumberingData {
  v: 1;
  reserved: Record<string, Mark>;
  writtenAt: number;
}

const isNumbering = (d: unknown): d is NumberingData =>
  typeof d === 'object' &&
  d !== null &&
  (d as NumberingData).v === 1 &&
  typeof (d as NumberingData).reserved === 'object';

export interface NumberSkip {
  scope: string;
  /** The first and last number skipped (they may or may not have been handed out before the damage). */
  from: number;
  to: number;
  day?: string;
}

export class Numbering {
  private readonly file: Low<NumberingData>;
  /** What is on disk. */
  private durable = new Map<string, Mark>();
  /** What the next write will hold. */
  private wanted = new Map<string, Mark>();
  private writing: Promise<void> | null = null;
  private again = false;
  /** Set when the file could not be read at start: it was written afresh from the store. */
  rebuiltBecause: string | null = null;

  private constructor(path: string) {
    this.file = new Low(new ChecksummedJsonFile<NumberingData>(path, isNumbering), {
      v: 1,
      reserved: {},
      writtenAt: 0,
    });
  }

  static async open(dir: string): Promise<Numbering> {
    const numbering = new Numbering(join(dir, 'numbering.json'));
    try {
      await numbering.file.read();
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      numbering.rebuiltBecause = err.message;
    }
    for (const [scope, mark] of Object.entries(numbering.file.data.reserved)) {
      numbering.durable.set(scope, mark);
      numbering.wanted.set(scope, mark);
    }
    return numbering;
  }

  /** The reservation on disk for a scope (0 when there is none). */
  reserved(scope: string): number {
    return this.durable.get(scope)?.n ?? 0;
  }

  scopes(): IterableIterator<[string, Mark]> {
    return this.durable.entries();
  }

  /**
   * Resolves once reservations on disk cover every number given; returns null when they already
   * do (the common case: nothing to wait for). Renews a reservation past half its lease early,
   * in the background.
   */
  cover(numbers: readonly IssuedNumber[]): Promise<void> | null {
    let mustWait = false;
    let renew = false;
    for (const { scope, n, day } of numbers) {
      const lease = FAST_SCOPES.has(scope) ? FAST_LEASE : LEASE;
      const durable = this.durable.get(scope)?.n ?? 0;
      if (n > durable) mustWait = true;
      if (n > durable - lease / 2 && n + lease > (this.wanted.get(scope)?.n ?? 0)) {
        this.wanted.set(scope, { n: n + lease, ...(day ? { day } : {}) });
        renew = true;
      }
    }
    if (!renew && !mustWait) return null;
    const written = this.write();
    if (mustWait) return this.waitUntilCovered(numbers, written);
    // A renewal ahead of need: a failure shows on the next write that must be waited for.
    written.catch(() => {});
    return null;
  }

  private async waitUntilCovered(numbers: readonly IssuedNumber[], written: Promise<void>): Promise<void> {
    await written;
    // A write that started before these numbers were wanted does not cover them: wait for the next.
    while (numbers.some(({ scope, n }) => n > (this.durable.get(scope)?.n ?? 0))) await this.write();
  }

  /** Drops per-day scopes of days before `day`: no number of a past day is handed out again. */
  forgetDaysBefore(day: string): Promise<void> {
    let dropped = false;
    for (const [scope, mark] of this.wanted) {
      if (mark.day !== undefined && mark.day < day) {
        this.wanted.delete(scope);
        dropped = true;
      }
    }
    return dropped ? this.write() : Promise.resolve();
  }

  /** Resolves once no write is in flight (a background renewal included), whatever its outcome. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing.catch(() => {});
  }

  /** Writes what is wanted now; writes asked for meanwhile are coalesced into one more. */
  write(): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    const run = async () => {
      do {
        this.again = false;
        const snapshot = new Map(this.wanted);
        this.file.data = { v: 1, reserved: Object.fromEntries(snapshot), writtenAt: Date.now() };
        await this.file.write();
        this.durable = snapshot;
      } while (this.again);
    };
    this.writing = run().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }
}
