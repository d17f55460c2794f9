/**
 * The appliance's durable log. Each commit (records to upsert, plus optionally the transaction for
 * central) goes into the current segment file, written durably through lowdb with DurableJsonFile.
 * Segments hold at most `segmentSize` commits, so a write rewrites one bounded file however many
 * records the store holds: the cost stays flat as data grows. Concurrent commits are grouped into one
 * segment write (group commit). State is rebuilt at start by replaying the segments.
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { CorruptFileError, DurableJsonFile } from '../../platform/durable-file.ts';
import type { Commit } from './records.ts';

interface SegmentData {
  v: 1;
  first: number;
  commits: Commit[];
}

export interface QuarantinedFile {
  path: string;
  movedTo: string;
  reason: string;
}

const SEGMENT_PATTERN = /^seg-(\d{12})\.json$/;

function segmentName(first: number): string {
  return `seg-${String(first).padStart(12, '0')}.json`;
}

export class CommitLog {
  private current: Low<SegmentData> | null = null;
  private nextN = 1;
  private pending: Array<{ commit: Commit; resolve: () => void; reject: (e: Error) => void }> = [];
  private writing = false;
  readonly quarantined: QuarantinedFile[] = [];

  private constructor(
    readonly dir: string,
    readonly segmentSize: number,
  ) {}

  /**
   * Opens the log and hands every stored commit, oldest first, to `replay`. A segment that cannot
   * be parsed is moved aside (quarantined) and reported, never silently replaced.
   */
  static async open(dir: string, replay: (commit: Commit) => void, segmentSize = 256): Promise<CommitLog> {
    const log = new CommitLog(dir, segmentSize);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = (await readdir(dir)).filter((n) => SEGMENT_PATTERN.test(n)).sort();
    let last: Low<SegmentData> | null = null;
    for (const name of names) {
      const path = join(dir, name);
      const first = Number(SEGMENT_PATTERN.exec(name)?.[1]);
      const low = new Low<SegmentData>(new DurableJsonFile<SegmentData>(path), { v: 1, first, commits: [] });
      try {
        await low.read();
        if (low.data.first !== first || !Array.isArray(low.data.commits)) {
          throw new CorruptFileError(path, 'segment header does not match its name');
        }
      } catch (err) {
        if (!(err instanceof CorruptFileError)) throw err;
        const movedTo = `${path}.corrupt-${Date.now()}`;
        await rename(path, movedTo);
        log.quarantined.push({ path, movedTo, reason: err.message });
        // Never reuse the numbers the lost segment may have held.
        log.nextN = Math.max(log.nextN, first + segmentSize);
        continue;
      }
      for (const commit of low.data.commits) {
        replay(commit);
        log.nextN = Math.max(log.nextN, commit.n + 1);
      }
      last = name === names[names.length - 1] ? low : null;
    }
    // Keep appending to the newest segment only if it survived intact and has room.
    if (last && last.data.commits.length < segmentSize) log.current = last;
    return log;
  }

  /** Reserves the next commit number. The caller builds the commit and passes it to append(). */
  nextNumber(): number {
    return this.nextN++;
  }

  /** Resolves once the commit is on disk (fsynced file and directory). */
  append(commit: Commit): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ commit, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.takeBatchForCurrentSegment();
        const segment = this.currentSegment(batch[0]!.commit.n);
        segment.data.commits.push(...batch.map((p) => p.commit));
        try {
          await segment.write();
          for (const p of batch) p.resolve();
        } catch (err) {
          segment.data.commits.splice(segment.data.commits.length - batch.length, batch.length);
          for (const p of batch) p.reject(err as Error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Rewrites stored history in place, e.g. to erase personal data past its retention period from
   * every version a segment holds. Appends wait meanwhile. Returns the number of segments rewritten.
   */
  async rewriteAll(transform: (commit: Commit) => Commit | null): Promise<number> {
    while (this.writing) await new Promise((r) => setTimeout(r, 1));
    this.writing = true;
    let rewritten = 0;
    try {
      const names = (await readdir(this.dir)).filter((n) => SEGMENT_PATTERN.test(n)).sort();
      for (const name of names) {
        const path = join(this.dir, name);
        const isCurrent =
          this.current && (this.current.adapter as DurableJsonFile<SegmentData>).path === path;
        const low = isCurrent
          ? this.current!
          : new Low<SegmentData>(new DurableJsonFile<SegmentData>(path), { v: 1, first: 0, commits: [] });
        if (!isCurrent) await low.read();
        let changed = false;
        low.data.commits = low.data.commits.map((c) => {
          const next = transform(c);
          if (next) changed = true;
          return next ?? c;
        });
        if (changed) {
          await low.write();
          rewritten++;
        }
      }
    } finally {
      this.writing = false;
      if (this.pending.length > 0) void this.flush();
    }
    return rewritten;
  }

  private takeBatchForCurrentSegment(): typeof this.pending {
    const open = this.current && this.current.data.commits.length < this.segmentSize ? this.current : null;
    const room = open ? this.segmentSize - open.data.commits.length : this.segmentSize;
    return this.pending.splice(0, room);
  }

  private currentSegment(firstN: number): Low<SegmentData> {
    if (this.current && this.current.data.commits.length < this.segmentSize) return this.current;
    const path = join(this.dir, segmentName(firstN));
    this.current = new Low<SegmentData>(new DurableJsonFile<SegmentData>(path), {
      v: 1,
      first: firstN,
      commits: [],
    });
    return this.current;
  }
}
