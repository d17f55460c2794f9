/**
 * The live state: the records the appliance works on, the transactions central has not yet
 * acknowledged, and the high-water marks of the numbers handed out. Built by folding commits in
 * order, both in the running store and in compaction (which folds the sealed segments into the
 * snapshot on disk, apart from the store's own copy).
 */
import type { Commit, IssuedNumber, RecordKind, StoredRecord, TxEntry } from './records.ts';

export type RecordOf<K extends RecordKind> = Extract<StoredRecord, { kind: K }>;

export interface Mark {
  n: number;
  day?: string;
}

/** The live state as the snapshot file holds it. */
export interface LiveSnapshot {
  v: 1;
  /** Every commit up to this number is folded in. */
  through: number;
  /** Segments of a lower index are folded in: they are not replayed. */
  segmentsBelow: number;
  /**
   * Segments from this index up are kept on disk: those folded into the previous snapshot
   * (live.prev.json) too, so that a damaged live.json is replaced by the previous one and the log
   * after it. Lower ones are removed.
   */
  segmentsKeptFrom: number;
  /** Days before this one are in the archive (reports read their facts); '' before any compaction. */
  archivedBefore: string;
  lastTxSeq: number;
  newestDay: string;
  highWater: Record<string, Mark>;
  records: StoredRecord[];
  /** Transactions central has not acknowledged, in sequence order. */
  transactions: TxEntry[];
}

export const EMPTY_SNAPSHOT: LiveSnapshot = {
  v: 1,
  through: 0,
  segmentsBelow: 0,
  segmentsKeptFrom: 0,
  archivedBefore: '',
  lastTxSeq: 0,
  newestDay: '',
  highWater: {},
  records: [],
  transactions: [],
};

export const isLiveSnapshot = (d: unknown): d is LiveSnapshot =>
  typeof d === 'object' &&
  d !== null &&
  (d as LiveSnapshot).v === 1 &&
  Array.isArray((d as LiveSnapshot).records) &&
  Array.isArray((d as LiveSnapshot).transactions);

export const recordKey = (r: { kind: string; id: string }) => `${r.kind}:${r.id}`;

export class LiveState {
  readonly records = new Map<RecordKind, Map<string, StoredRecord>>();
  /** Tickets by centre day: the queue works on one day, and must not scan every day ever kept. */
  readonly ticketsByDay = new Map<string, Map<string, RecordOf<'ticket'>>>();
  readonly transactions = new Map<number, TxEntry>();
  /** The number of the last commit that put each record (by recordKey), so compaction never evicts a newer version. */
  readonly putBy = new Map<string, number>();
  /** The highest number of each scope handed out (IssuedNumber). */
  readonly highWater = new Map<string, Mark>();
  lastTxSeq = 0;
  newestDay = '';
  through = 0;

  static fromSnapshot(s: LiveSnapshot): LiveState {
    const state = new LiveState();
    state.through = s.through;
    state.lastTxSeq = s.lastTxSeq;
    state.newestDay = s.newestDay;
    for (const [scope, mark] of Object.entries(s.highWater)) state.highWater.set(scope, mark);
    for (const r of s.records) state.put(r, s.through);
    for (const tx of s.transactions) state.transactions.set(tx.seq, tx);
    return state;
  }

  toSnapshot(segmentsBelow: number, segmentsKeptFrom: number, archivedBefore: string): LiveSnapshot {
    return {
      v: 1,
      through: this.through,
      segmentsBelow,
      segmentsKeptFrom,
      archivedBefore,
      lastTxSeq: this.lastTxSeq,
      newestDay: this.newestDay,
      highWater: Object.fromEntries(this.highWater),
      records: [...this.records.values()].flatMap((byId) => [...byId.values()]),
      transactions: [...this.transactions.values()].sort((a, b) => a.seq - b.seq),
    };
  }

  get<K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined {
    return this.records.get(kind)?.get(id) as RecordOf<K> | undefined;
  }

  all<K extends RecordKind>(kind: K): RecordOf<K>[] {
    return [...(this.records.get(kind)?.values() ?? [])] as RecordOf<K>[];
  }

  *every(): IterableIterator<StoredRecord> {
    for (const byId of this.records.values()) yield* byId.values();
  }

  apply(commit: Commit): void {
    if (commit.issued) this.noteIssued(commit.issued);
    // Private copies: the commit object is also the log's, and must never change after it is written.
    for (const record of commit.puts) this.put(structuredClone(record), commit.n);
    if (commit.tx) {
      this.transactions.set(commit.tx.seq, commit.tx);
      this.lastTxSeq = Math.max(this.lastTxSeq, commit.tx.seq);
    }
    this.through = Math.max(this.through, commit.n);
  }

  put(record: StoredRecord, byCommit: number): void {
    let byId = this.records.get(record.kind);
    if (!byId) {
      byId = new Map();
      this.records.set(record.kind, byId);
    }
    const previous = byId.get(record.id);
    byId.set(record.id, record);
    this.putBy.set(recordKey(record), byCommit);
    if (record.kind !== 'ticket') return;
    if (previous?.kind === 'ticket' && previous.day !== record.day)
      this.ticketsByDay.get(previous.day)?.delete(record.id);
    let day = this.ticketsByDay.get(record.day);
    if (!day) {
      day = new Map();
      this.ticketsByDay.set(record.day, day);
    }
    day.set(record.id, record);
  }

  /** Drops a record from the live state (it is in the archive now). */
  evict(kind: RecordKind, id: string): void {
    const record = this.records.get(kind)?.get(id);
    if (!record) return;
    this.records.get(kind)?.delete(id);
    this.putBy.delete(recordKey(record));
    if (record.kind === 'ticket') {
      const day = this.ticketsByDay.get(record.day);
      day?.delete(id);
      if (day?.size === 0) this.ticketsByDay.delete(record.day);
    }
  }

  highestIssued(scope: string): number {
    return this.highWater.get(scope)?.n ?? 0;
  }

  private noteIssued(issued: readonly IssuedNumber[]): void {
    for (const { scope, n, day } of issued) {
      if (day !== undefined && day > this.newestDay) {
        this.newestDay = day;
        // Numbers of a past day are never handed out again: their marks can go.
        for (const [s, mark] of this.highWater)
          if (mark.day !== undefined && mark.day < day) this.highWater.delete(s);
      }
      if (day !== undefined && day < this.newestDay) continue;
      if (n > this.highestIssued(scope)) this.highWater.set(scope, { n, ...(day ? { day } : {}) });
    }
  }
}
