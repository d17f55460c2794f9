/**
 * The appliance's state: records in memory, rebuilt from the durable commit log at start. Every
 * change goes through commit(), which resolves only when the change (and the transaction for
 * central that describes it, if any) is on disk.
 */
import { EventEmitter } from 'node:events';
import { monotonicFactory } from 'ulid';
import type { TxDraft } from '../../contract/mqtt.ts';
import { CommitLog, type QuarantinedFile } from './commit-log.ts';
import type { Commit, RecordKind, StoredRecord, TxEntry } from './records.ts';

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
  private log!: CommitLog;

  private constructor() {
    super();
  }

  static async open(dir: string, opts: { segmentSize?: number } = {}): Promise<Store> {
    const store = new Store();
    store.log = await CommitLog.open(dir, (c) => store.apply(c), opts.segmentSize);
    return store;
  }

  get quarantined(): readonly QuarantinedFile[] {
    return this.log.quarantined;
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

  /** Upserts records, with an optional transaction for central, in one durable write. */
  async commit(puts: StoredRecord[], tx?: TxDraft): Promise<Commit> {
    const ts = Date.now();
    const commit: Commit = {
      n: this.log.nextNumber(),
      ts,
      puts: structuredClone(puts),
      ...(tx ? { tx: { txId: this.newUlid(ts), seq: ++this.lastTxSeq, ts, ...tx } } : {}),
    };
    await this.log.append(commit);
    this.apply(commit);
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

  private apply(commit: Commit): void {
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
