/**
 * Compaction: history leaves the live state. The segment being written is sealed; the sealed
 * segments are folded into the last snapshot (on disk, apart from the running store's state);
 * whatever is closed before today goes to the archive (archive.ts) and the acknowledged
 * transactions with it; the rest is the new snapshot; then the sealed segments are removed.
 *
 * Crash-safe in this order: archive frames are appended (durably) before the snapshot that no
 * longer holds them is written (temp, fsync, rename), and segments are removed only after it. Cut
 * short anywhere, the old snapshot and every segment it needs are still there and the store opens
 * as before; the archive then holds some records twice, and readers keep the last version. The
 * previous snapshot and the segments after it are kept one round more, and the new snapshot is
 * written twice (live.json, live.spare.json), so a damaged live.json, or live.json and
 * live.prev.json together, are replaced by them.
 */
import { rename } from 'node:fs/promises';
import type { Low } from 'lowdb';
import type { CaseRecord, RatingRecord } from '../cases/records.ts';
import type { Archive, DayEntry } from './archive.ts';
import { ChecksummedJsonFile } from './checksummed-file.ts';
import type { CommitLog } from './commit-log.ts';
import { dayFacts } from './day-facts.ts';
import { isLiveSnapshot, type LiveSnapshot, LiveState, recordKey } from './live-state.ts';
import type { StoredRecord, TicketRecord, TxEntry } from './records.ts';

export interface CompactionRules {
  /** Today's centre day: what closed before it leaves the live state. */
  today: string;
  /** The centre day of an instant. */
  dayOf: (ts: number) => string;
  /** Whether central has acknowledged a transaction (only those leave the live state). */
  isAcked: (seq: number) => boolean;
}

export interface CompactionResult {
  /** The last commit folded: what the store may drop from memory was put at or before it. */
  through: number;
  /** recordKey of every record archived. */
  archived: Set<string>;
  /** Sequence numbers of the transactions archived. */
  transactions: Set<number>;
  archivedBefore: string;
  segmentsRemoved: number;
}

/** The day a record closed on, when it is closed: it then belongs to that day's archive. */
export function closedOn(r: StoredRecord, rules: CompactionRules): string | null {
  switch (r.kind) {
    case 'ticket':
      return r.day;
    case 'rating':
      // A poor rating stays live until the day it must be put right by.
      return r.rectifyBy !== undefined && r.rectifyBy >= rules.today ? null : r.day;
    case 'appointment':
    case 'ticket-sms':
      return r.day;
    case 'case':
      if (r.state === 'completed') return r.completedDay ?? rules.dayOf(r.completedAt ?? 0);
      // A refusal stays live until a supervisor has reviewed it.
      if (r.state === 'refused' && r.refusal?.reviewedAt !== undefined) return rules.dayOf(r.refusal.at);
      return null;
    case 'command':
      return rules.dayOf(r.until);
    default:
      return null;
  }
}

/** The live snapshot's file (live.json), the previous one (live.prev.json) and a spare copy of the newest. */
export interface SnapshotFiles {
  live: string;
  previous: string;
  spare: string;
}

const yieldToQueue = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function compact(
  log: CommitLog,
  snapshot: Low<LiveSnapshot>,
  archive: Archive,
  rules: CompactionRules,
  files: SnapshotFiles,
): Promise<CompactionResult> {
  const cut = await log.roll();
  const previous = snapshot.data;
  const state = LiveState.fromSnapshot(previous);
  for await (const commits of log.sealed(previous.segmentsBelow, cut)) {
    for (const c of commits) if (c.n > state.through) state.apply(c);
    // The queue goes on between segments: a segment is at most a few thousand commits.
    await yieldToQueue();
  }
  const byDay = new Map<string, DayEntry[]>();
  const add = (day: string, entry: DayEntry) => {
    const list = byDay.get(day);
    if (list) list.push(entry);
    else byDay.set(day, [entry]);
  };
  const archived = new Set<string>();
  const factDays = new Set<string>();
  const tickets: TicketRecord[] = [];
  const cases: CaseRecord[] = [];
  const ratings: RatingRecord[] = [];
  for (const r of state.every()) {
    if (r.kind === 'ticket') tickets.push(r);
    if (r.kind === 'case') cases.push(r);
    if (r.kind === 'rating') ratings.push(r);
    for (const day of r.kind === 'ticket' || r.kind === 'rating'
      ? [r.day]
      : r.kind === 'case'
        ? [r.acceptedDay, r.completedDay]
        : [])
      if (day !== undefined && day >= previous.archivedBefore && day < rules.today) factDays.add(day);
    const day = closedOn(r, rules);
    if (day !== null && day < rules.today) {
      add(day, { r });
      archived.add(recordKey(r));
    }
  }
  const acked = new Set<number>();
  const acknowledged: TxEntry[] = [];
  for (const tx of state.transactions.values()) {
    if (rules.isAcked(tx.seq)) {
      acked.add(tx.seq);
      acknowledged.push(tx);
    }
  }
  for (const tx of acknowledged) add(rules.dayOf(tx.ts), { x: tx });
  await archive.append(new Map([...byDay].sort(([a], [b]) => a.localeCompare(b))));
  for (const day of [...factDays].sort()) await archive.writeFacts(dayFacts(day, tickets, cases, ratings));
  // A month over: its person index sorted, for lookups that read a bucket instead of the month.
  await archive.sealMonthsBefore(rules.today.slice(0, 7), yieldToQueue);
  for (const key of archived) {
    const [kind, ...id] = key.split(':');
    state.evict(kind as StoredRecord['kind'], id.join(':'));
  }
  for (const seq of acked) state.transactions.delete(seq);
  const archivedBefore = [rules.today, previous.archivedBefore].sort().at(-1) ?? rules.today;
  snapshot.data = state.toSnapshot(cut, previous.segmentsBelow, archivedBefore);
  // The current one becomes the previous; a crash between the two renames leaves only the
  // previous, which open reads with the log after it.
  await rename(files.live, files.previous).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await snapshot.write();
  // A second copy of it, so that live.json and live.prev.json both damaged still leave one (the
  // segments after it are kept until the next compaction has written both again).
  await new ChecksummedJsonFile(files.spare, isLiveSnapshot).write(snapshot.data);
  // The segments folded into the previous snapshot stay one more round, beside it: a damaged
  // live.json is replaced by live.prev.json and the log after it.
  const segmentsRemoved = await log.dropSealed(previous.segmentsBelow);
  return { through: state.through, archived, transactions: acked, archivedBefore, segmentsRemoved };
}
