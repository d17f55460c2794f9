/**
 * The appliance's state: records in memory, rebuilt from the durable commit log at start. Every
 * change goes through commit(), which resolves only when the change (and the transaction for
 * central that describes it, if any) is on disk.
 */
import { EventEmitter } from 'node:events';
import { monotonicFactory } from 'ulid';
import type { TxDraft } from '../../contract/mqtt.ts';
import { CommitLog, type CommitLogOptions, type QuarantinedFile } from './commit-log.ts';
import { COMMIT_SCOPE, Numbering, type NumberSkip, TX_SCOPE } from './numbering.ts';
import type { Commit, IssuedNumber, RecordKind, StoredRecord, TxEntry } from './records.ts';

type RecordOf<K extends RecordKind> = Extract<StoredRecord, { kind: K }>;

export type { TxDraft };

export interface StoreEvents {
  /** After each durable commit, with the commit (and the transaction for central it carries, if any). */
  committed: [Commit];
}

export class Store extends EventEmitter<StoreEvents> {
  private readonly records = new Map<RecordKind, Map<string, StoredRecord>>();
  /** Tickets by centre day: the queue works on one day, and must not scan every day ever kept. */
  private readonly ticketsByDay = new Map<string, Map<string, RecordOf<'ticket'>>>();
  private readonly txLog: TxEntry[] = [];
  private lastTxSeq = 0;
  private readonly newUlid = monotonicFactory();
  /** The highest number of each scope handed out (IssuedNumber), from the log and, after damage, from the reservations. */
  private readonly highWater = new Map<string, { n: number; day?: string }>();
  private newestDay = '';
  private log!: CommitLog;
  private numbering!: Numbering;
  /** Numbers skipped at open because the log was damaged: they may have been handed out before. */
  readonly skipped: NumberSkip[] = [];

  private constructor() {
    super();
  }

  static async open(dir: string, opts: CommitLogOptions = {}): Promise<Store> {
    const store = new Store();
    store.log = await CommitLog.open(dir, (c) => store.apply(c), opts);
    store.numbering = await Numbering.open(dir);
    if (store.log.quarantined.length > 0) store.resumeAboveReservations();
    // Reservations cover every number the log holds (written afresh when the file was unreadable).
    const covering = store.numbering.cover(store.issuedNow());
    if (covering) await covering;
    return store;
  }

  /** The directory of the log: its segments, reservations, and what damage left aside. */
  get dir(): string {
    return this.log.dir;
  }

  get quarantined(): readonly QuarantinedFile[] {
    return this.log.quarantined;
  }

  /** What open found and repaired besides quarantined segments (orphan temp files, a torn tail, a rebuilt numbering file). */
  get repairs(): {
    removedTemporary: readonly string[];
    tornTailBytes: number;
    numberingRebuiltBecause: string | null;
  } {
    return {
      removedTemporary: this.log.removedTemporary,
      tornTailBytes: this.log.tornTailBytes,
      numberingRebuiltBecause: this.numbering.rebuiltBecause,
    };
  }

  /** The highest number handed out in a scope (0 when none): the next one must be above it. */
  highestIssued(scope: string): number {
    return this.highWater.get(scope)?.n ?? 0;
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  get<K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined {
    return this.records.get(kind)?.get(id) as RecordOf<K> | undefined;
  }

  /** The tickets of one centre day ('YYYY-MM-DD'), in no particular order. */
  ticketsOfDay(day: string): RecordOf<'ticket'>[] {
    return [...(this.ticketsByDay.get(day)?.values() ?? [])];
  }

  all<K extends RecordKind>(kind: K): RecordOf<K>[] {
    return [...(this.records.get(kind)?.values() ?? [])] as RecordOf<K>[];
  }

  /** Every transaction ever committed, in sequence order (the outbox filters the acked ones). */
  transactions(): readonly TxEntry[] {
    return this.txLog;
  }

  /**
   * Upserts records, with an optional transaction for central, in one durable write. `issued` names
   * the numbers this commit hands out (a ticket number, a receipt number): it resolves only once a
   * reservation covering them is on disk too, so they are never handed out again.
   */
  async commit(puts: StoredRecord[], tx?: TxDraft, issued: readonly IssuedNumber[] = []): Promise<Commit> {
    const ts = Date.now();
    const commit: Commit = {
      n: this.log.nextNumber(),
      ts,
      puts: structuredClone(puts),
      ...(tx ? { tx: { txId: this.newUlid(ts), seq: ++this.lastTxSeq, ts, ...tx } } : {}),
      ...(issued.length > 0 ? { issued: [...issued] } : {}),
    };
    const covered = this.numbering.cover([
      { scope: COMMIT_SCOPE, n: commit.n },
      ...(commit.tx ? [{ scope: TX_SCOPE, n: commit.tx.seq }] : []),
      ...issued,
    ]);
    await Promise.all([this.log.append(commit), covered]);
    const newDay = issued.some((i) => i.day !== undefined && i.day > this.newestDay);
    this.apply(commit);
    if (newDay) this.numbering.forgetDaysBefore(this.newestDay).catch(() => {});
    this.emit('committed', commit);
    return commit;
  }

  /**
   * Rewrites every stored version of the records `redact` changes (it returns the redacted record, or
   * null to leave it), in memory and in the log on disk. Used to purge personal data for good.
   */
  async redactHistory(redact: (record: StoredRecord) => StoredRecord | null): Promise<number> {
    let records = 0;
    for (const byId of this.records.values()) {
      for (const record of [...byId.values()]) {
        const next = redact(record);
        if (next) {
          this.put(byId, structuredClone(next));
          records++;
        }
      }
    }
    await this.log.rewriteAll((commit) => {
      let changed = false;
      const puts = commit.puts.map((r) => {
        const next = redact(r);
        if (next) changed = true;
        return next ?? r;
      });
      return changed ? { ...commit, puts } : null;
    });
    return records;
  }

  private put(byId: Map<string, StoredRecord>, record: StoredRecord): void {
    const previous = byId.get(record.id);
    byId.set(record.id, record);
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

  /**
   * After damage to the log: every count resumes above its reservation, since whatever the lost part
   * held was at most that. The numbers skipped are kept for health and the day report.
   */
  private resumeAboveReservations(): void {
    for (const [scope, mark] of this.numbering.scopes()) {
      const had =
        scope === COMMIT_SCOPE
          ? this.log.lastNumber
          : scope === TX_SCOPE
            ? this.lastTxSeq
            : this.highestIssued(scope);
      if (mark.n <= had) continue;
      this.skipped.push({ scope, from: had + 1, to: mark.n, ...(mark.day ? { day: mark.day } : {}) });
      if (scope === COMMIT_SCOPE) this.log.resumeAfter(mark.n);
      else if (scope === TX_SCOPE) this.lastTxSeq = mark.n;
      else this.highWater.set(scope, mark);
    }
  }

  /** The current high-water mark of every scope, for the reservations to cover. */
  private issuedNow(): IssuedNumber[] {
    const n = this.log.lastNumber;
    return [
      ...(n > 0 ? [{ scope: COMMIT_SCOPE, n }] : []),
      ...(this.lastTxSeq > 0 ? [{ scope: TX_SCOPE, n: this.lastTxSeq }] : []),
      ...[...this.highWater].map(([scope, mark]) => ({ scope, ...mark })),
    ];
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

  private apply(commit: Commit): void {
    if (commit.issued) this.noteIssued(commit.issued);
    for (const record of commit.puts) {
      let byId = this.records.get(record.kind);
      if (!byId) {
        byId = new Map();
        this.records.set(record.kind, byId);
      }
      // A private copy: the commit object is also the log's, and must never change after it is written.
      this.put(byId, structuredClone(record));
    }
    if (commit.tx) {
      this.txLog.push(commit.tx);
      this.lastTxSeq = Math.max(this.lastTxSeq, commit.tx.seq);
    }
  }
}
