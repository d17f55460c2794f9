/**
 * The appliance's state: the live records in memory, rebuilt at start from the live snapshot
 * (live.json, through lowdb) and the commit log after it. Every change goes through commit(),
 * which resolves only when the change (and the transaction for central that describes it, if any)
 * is on disk. compact() moves history (closed days, closed cases, acknowledged transactions) out
 * to the archive, which `archive` reads on demand.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { monotonicFactory } from 'ulid';
import type { TxDraft } from '../../contract/mqtt.ts';
import { CorruptFileError } from '../../platform/durable-file.ts';
import { Mutex } from '../../platform/mutex.ts';
import { pooledRandom } from '../../platform/random-pool.ts';
import { Archive } from './archive.ts';
import { ChecksummedJsonFile } from './checksummed-file.ts';
import { CommitLog, type CommitLogOptions, type QuarantinedFile } from './commit-log.ts';
import { type CompactionResult, type CompactionRules, compact } from './compaction.ts';
import {
  EMPTY_SNAPSHOT,
  isLiveSnapshot,
  type LiveSnapshot,
  LiveState,
  type RecordOf,
  recordKey,
} from './live-state.ts';
import { COMMIT_SCOPE, Numbering, type NumberSkip, TX_SCOPE } from './numbering.ts';
import type { Commit, IssuedNumber, RecordKind, StoredRecord, TxEntry } from './records.ts';

export type { CompactionResult, CompactionRules, TxDraft };

const LIVE = 'live.json';
const PREVIOUS = 'live.prev.json';
/** A second copy of the newest snapshot, written after it: a damaged live.json and live.prev.json together still start. */
const SPARE = 'live.spare.json';

export interface StoreEvents {
  /** After each durable commit, with the commit (and the transaction for central it carries, if any). */
  committed: [Commit];
}

export class Store extends EventEmitter<StoreEvents> {
  private state = new LiveState();
  private readonly newUlid = monotonicFactory(pooledRandom());
  private log!: CommitLog;
  private numbering!: Numbering;
  private snapshot!: Low<LiveSnapshot>;
  /** Compaction and rewrites of history, one at a time. */
  private readonly history = new Mutex();
  /** History on disk: closed days, closed cases, acknowledged transactions. */
  readonly archive: Archive;
  /** Days before this one are in the archive ('' when none is). */
  archivedBefore = '';
  /** Numbers skipped at open because the log was damaged: they may have been handed out before. */
  readonly skipped: NumberSkip[] = [];
  private readonly snapshotQuarantined: QuarantinedFile[] = [];
  /** Set when no snapshot could be read: the live state was rebuilt from the log alone. */
  private liveStateRebuilt = false;

  private constructor(readonly dir: string) {
    super();
    this.archive = new Archive(join(dir, 'archive'));
  }

  static async open(dir: string, opts: CommitLogOptions = {}): Promise<Store> {
    const store = new Store(dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    store.snapshot = await store.readSnapshot();
    store.state = LiveState.fromSnapshot(store.snapshot.data);
    store.archivedBefore = store.snapshot.data.archivedBefore;
    store.log = await CommitLog.open(dir, (c) => store.state.apply(c), opts, store.snapshot.data);
    store.numbering = await Numbering.open(dir);
    if (store.log.quarantined.length > 0 || store.liveStateRebuilt) store.resumeAboveReservations();
    // Reservations cover every number the log holds (written afresh when the file was unreadable).
    const covering = store.numbering.cover(store.issuedNow());
    if (covering) await covering;
    return store;
  }

  /**
   * The live snapshot: live.json, or else the previous one (live.prev.json) or the spare copy of
   * the newest (live.spare.json), when live.json is missing (a compaction cut short between its
   * renames) or damaged (kept aside and reported): the log after either is still on disk. With
   * none readable, the live state is rebuilt from the log on disk over an empty one (records only
   * the lost snapshots held are missing; reported), the archive's days staying archived.
   */
  private async readSnapshot(): Promise<Low<LiveSnapshot>> {
    const file = (path: string) =>
      new Low(new ChecksummedJsonFile(path, isLiveSnapshot), structuredClone(EMPTY_SNAPSHOT));
    const snapshot = file(join(this.dir, LIVE));
    const quarantine = async (path: string, err: unknown) => {
      if (!(err instanceof CorruptFileError)) throw err;
      const movedTo = `${path}.corrupt-${Date.now()}`;
      await rename(path, movedTo);
      this.snapshotQuarantined.push({ path, movedTo, reason: err.message });
    };
    const names = [LIVE, PREVIOUS, SPARE].filter((name) => existsSync(join(this.dir, name)));
    for (const [i, name] of names.entries()) {
      const candidate = file(join(this.dir, name));
      try {
        await candidate.read();
      } catch (err) {
        await quarantine(join(this.dir, name), err);
        continue;
      }
      // The next compaction writes live.json afresh and keeps the others as they are. The copies
      // not read are checked too (checksum only): a damaged one is kept aside and reported now.
      snapshot.data = candidate.data;
      for (const other of names.slice(i + 1)) {
        const path = join(this.dir, other);
        await new ChecksummedJsonFile(path, isLiveSnapshot).verify().catch((err) => quarantine(path, err));
      }
      return snapshot;
    }
    if (this.snapshotQuarantined.length > 0) {
      this.liveStateRebuilt = true;
      snapshot.data.archivedBefore = await this.archive.dayAfterNewest();
    }
    return snapshot;
  }

  get quarantined(): readonly QuarantinedFile[] {
    return [...this.snapshotQuarantined, ...this.log.quarantined];
  }

  /** What open found and repaired besides quarantined segments (orphan temp files, a torn tail, a rebuilt numbering file). */
  get repairs(): {
    removedTemporary: readonly string[];
    tornTailBytes: number;
    numberingRebuiltBecause: string | null;
    liveStateRebuilt: boolean;
  } {
    return {
      liveStateRebuilt: this.liveStateRebuilt,
      removedTemporary: this.log.removedTemporary,
      tornTailBytes: this.log.tornTailBytes,
      numberingRebuiltBecause: this.numbering.rebuiltBecause,
    };
  }

  /** The highest number handed out in a scope (0 when none): the next one must be above it. */
  highestIssued(scope: string): number {
    return this.state.highestIssued(scope);
  }

  async close(): Promise<void> {
    await this.history.run(async () => {});
    await this.log.close();
    // A reservation renewed in the background must not be cut off half-written (a leftover temp file).
    await this.numbering.settled();
  }

  get<K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined {
    return this.state.get(kind, id);
  }

  /** The live tickets of one centre day ('YYYY-MM-DD'), in no particular order. */
  ticketsOfDay(day: string): RecordOf<'ticket'>[] {
    return [...(this.state.ticketsByDay.get(day)?.values() ?? [])];
  }

  /** Every live record of a kind (history is in `archive`). */
  all<K extends RecordKind>(kind: K): RecordOf<K>[] {
    return this.state.all(kind);
  }

  /** The transactions held live (central has not acknowledged them, or no compaction ran since), in sequence order. */
  transactions(): readonly TxEntry[] {
    return [...this.state.transactions.values()];
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
      ...(tx ? { tx: { txId: this.newUlid(ts), seq: ++this.state.lastTxSeq, ts, ...tx } } : {}),
      ...(issued.length > 0 ? { issued: [...issued] } : {}),
    };
    const covered = this.numbering.cover([
      { scope: COMMIT_SCOPE, n: commit.n },
      ...(commit.tx ? [{ scope: TX_SCOPE, n: commit.tx.seq }] : []),
      ...issued,
    ]);
    await Promise.all([this.log.append(commit), covered]);
    const newDay = issued.some((i) => i.day !== undefined && i.day > this.state.newestDay);
    this.state.apply(commit);
    if (newDay) this.numbering.forgetDaysBefore(this.state.newestDay).catch(() => {});
    this.emit('committed', commit);
    return commit;
  }

  /**
   * Moves history out of memory and out of the log: what closed before `rules.today` goes to the
   * archive, the rest becomes the new live snapshot, and the folded segments are removed. Commits go
   * on meanwhile (into a new segment).
   */
  compact(rules: CompactionRules): Promise<CompactionResult> {
    return this.history.run(async () => {
      const result = await compact(this.log, this.snapshot, this.archive, rules, {
        live: join(this.dir, LIVE),
        previous: join(this.dir, PREVIOUS),
        spare: join(this.dir, SPARE),
      });
      for (const key of result.archived) {
        // Only versions the snapshot folded: a record changed since stays until the next compaction.
        if ((this.state.putBy.get(key) ?? 0) > result.through) continue;
        const at = key.indexOf(':');
        this.state.evict(key.slice(0, at) as RecordKind, key.slice(at + 1));
      }
      for (const seq of result.transactions) this.state.transactions.delete(seq);
      this.archivedBefore = result.archivedBefore;
      return result;
    });
  }

  /**
   * Rewrites every stored version of the live records `redact` changes (it returns the redacted
   * record, or null to leave it), in memory, in the snapshot and in the log on disk. Used to purge
   * personal data for good; archived history is purged by deleting whole day files.
   */
  redactHistory(redact: (record: StoredRecord) => StoredRecord | null): Promise<number> {
    return this.history.run(async () => {
      let records = 0;
      for (const record of [...this.state.every()]) {
        const next = redact(record);
        if (next) {
          this.state.put(structuredClone(next), this.state.putBy.get(recordKey(record)) ?? 0);
          records++;
        }
      }
      const copies: Low<LiveSnapshot>[] = [this.snapshot];
      for (const name of [PREVIOUS, SPARE]) {
        const path = join(this.dir, name);
        const copy = new Low(new ChecksummedJsonFile(path, isLiveSnapshot), structuredClone(EMPTY_SNAPSHOT));
        try {
          if (!existsSync(path)) continue;
          await copy.read();
          copies.push(copy);
        } catch (err) {
          // A damaged copy cannot be purged: it goes (live.json and the other copy stand in).
          if (!(err instanceof CorruptFileError)) throw err;
          await unlink(path);
        }
      }
      for (const snapshot of copies) {
        const kept = snapshot.data.records.map((r) => redact(r) ?? r);
        if (kept.some((r, i) => r !== snapshot.data.records[i])) {
          snapshot.data = { ...snapshot.data, records: kept };
          await snapshot.write();
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
    });
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
            ? this.state.lastTxSeq
            : this.highestIssued(scope);
      if (mark.n <= had) continue;
      this.skipped.push({ scope, from: had + 1, to: mark.n, ...(mark.day ? { day: mark.day } : {}) });
      if (scope === COMMIT_SCOPE) this.log.resumeAfter(mark.n);
      else if (scope === TX_SCOPE) this.state.lastTxSeq = mark.n;
      else this.state.highWater.set(scope, mark);
    }
  }

  /** The current high-water mark of every scope, for the reservations to cover. */
  private issuedNow(): IssuedNumber[] {
    const n = this.log.lastNumber;
    return [
      ...(n > 0 ? [{ scope: COMMIT_SCOPE, n }] : []),
      ...(this.state.lastTxSeq > 0 ? [{ scope: TX_SCOPE, n: this.state.lastTxSeq }] : []),
      ...[...this.state.highWater].map(([scope, mark]) => ({ scope, ...mark })),
    ];
  }
}
