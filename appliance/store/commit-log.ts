/**
 * The appliance's durable log: append-only segment files of checksummed frames (segment.ts). A
 * commit appends only its own frame; concurrent commits are grouped into one write and one
 * fdatasync (group commit). At open the segments are replayed oldest first; a torn tail (a group
 * write cut short by a power cut, never acknowledged) is cut, and a damaged segment is salvaged:
 * its intact commits are rewritten into the next generation of the same place and the damaged file
 * is kept aside (quarantined) and reported.
 *
 * Segments written by earlier versions (`seg-<n>.json`, a whole JSON document each) are still
 * replayed, oldest first, and never written again.
 */
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { CorruptFileError, DurableJsonFile, fsyncDirectory } from '../../platform/durable-file.ts';
import { encodeFrame, FRAME_HEADER_BYTES } from './frames.ts';
import type { Commit } from './records.ts';
import {
  bySegmentOrder,
  DEFAULT_SEGMENT_BYTES,
  MAX_GROUP_BYTES,
  parseSegmentName,
  Segment,
  type SegmentId,
  type SegmentScan,
  scanSegment,
  segmentFileName,
} from './segment.ts';

export interface QuarantinedFile {
  path: string;
  movedTo: string;
  reason: string;
}

const LEGACY_SEGMENT = /^seg-(\d{12})\.json$/;
/** Temporary files of interrupted writes: a new segment, or a whole-file write (durable-file.ts). */
const TEMPORARY = /^\..+\.tmp$/;

interface LegacySegment {
  first: number;
  commits: Commit[];
}

interface Pending {
  commit: Commit;
  frame: Buffer;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface CommitLogOptions {
  /** The size of each segment file (default 8 MiB). */
  segmentBytes?: number;
}

/** Where the live snapshot leaves off: the log replays only what comes after it. */
export interface LogStart {
  /** Commits up to this number are in the snapshot. */
  through: number;
  /** Segments of a lower index are in the snapshot: not replayed. */
  segmentsBelow: number;
  /** Segments of a lower index than this are removed (left by a compaction cut short). */
  segmentsKeptFrom: number;
}

export class CommitLog {
  private current: Segment | null = null;
  private lastId: SegmentId | null = null;
  /** The lowest index a new segment may have: those below are folded into the snapshot. */
  private minIdx = 0;
  private nextN = 1;
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;
  readonly quarantined: QuarantinedFile[] = [];
  /** Orphan temporary files removed at open. */
  readonly removedTemporary: string[] = [];
  /** Bytes cut from the end of the newest segment at open (an unacknowledged, torn group write). */
  tornTailBytes = 0;

  private constructor(
    readonly dir: string,
    readonly segmentBytes: number,
  ) {}

  static async open(
    dir: string,
    replayAll: (commit: Commit) => void,
    opts: CommitLogOptions = {},
    start: LogStart = { through: 0, segmentsBelow: 0, segmentsKeptFrom: 0 },
  ): Promise<CommitLog> {
    const log = new CommitLog(dir, opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    log.nextN = start.through + 1;
    log.minIdx = start.segmentsBelow;
    const replay = (commit: Commit) => {
      if (commit.n > start.through) replayAll(commit);
    };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = await readdir(dir);
    for (const name of names.filter((n) => TEMPORARY.test(n))) {
      await unlink(join(dir, name));
      log.removedTemporary.push(name);
    }
    for (const name of names.filter((n) => LEGACY_SEGMENT.test(n)).sort()) {
      // Legacy segments are folded into the first snapshot, and removed with its segments.
      if (start.segmentsKeptFrom > 0) await unlink(join(dir, name));
      else if (start.segmentsBelow === 0) await log.replayLegacy(join(dir, name), replay);
    }
    const all = names
      .map(parseSegmentName)
      .filter((id): id is SegmentId => id !== null)
      .sort(bySegmentOrder);
    for (const id of all.filter((id) => id.idx < start.segmentsKeptFrom))
      await unlink(join(dir, segmentFileName(id)));
    const ids = all.filter((id) => id.idx >= start.segmentsBelow);
    // Only the highest generation of each place counts; a lower one is left from a rewrite cut short.
    const newest = ids.filter((id, i) => ids[i + 1]?.idx !== id.idx);
    for (const id of ids.filter((id) => !newest.includes(id))) await unlink(join(dir, segmentFileName(id)));
    for (const [i, id] of newest.entries()) {
      const scan = await scanSegment(join(dir, segmentFileName(id)), id);
      const isLast = i === newest.length - 1;
      const torn = scan.verdict.kind === 'torn-tail';
      for (const commit of scan.commits) {
        replay(commit);
        log.nextN = Math.max(log.nextN, commit.n + 1);
      }
      log.lastId = id;
      if (scan.verdict.kind === 'intact' || (torn && isLast)) {
        if (torn) log.tornTailBytes = scan.verdict.kind === 'torn-tail' ? scan.verdict.bytes : 0;
        if (isLast && scan.bytes !== null) log.current = await Segment.reopen(dir, scan);
        continue;
      }
      const reason =
        scan.verdict.kind === 'damaged'
          ? scan.verdict.problem
          : 'bytes after the last commit of a closed segment';
      await log.salvage(scan, reason, isLast);
    }
    return log;
  }

  /** Makes the log hand out numbers above `n` from now on (never lowers the count). */
  resumeAfter(n: number): void {
    this.nextN = Math.max(this.nextN, n + 1);
  }

  /** The highest commit number handed out so far (0 for an empty log). */
  get lastNumber(): number {
    return this.nextN - 1;
  }

  /** Reserves the next commit number. The caller builds the commit and passes it to append(). */
  nextNumber(): number {
    return this.nextN++;
  }

  /** Resolves once the commit is on disk. */
  append(commit: Commit): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ commit, frame: encodeFrame(commit), resolve, reject });
      if (!this.writing) this.writing = this.flush();
    });
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.current?.close();
    this.current = null;
  }

  /**
   * Rewrites stored history, e.g. to erase personal data past its retention period from every
   * version a segment holds: each changed segment is written whole as the next generation of its
   * place, then the old one is removed. Appends wait meanwhile. Returns the segments rewritten.
   */
  async rewriteAll(transform: (commit: Commit) => Commit | null): Promise<number> {
    return this.exclusive(async () => {
      let rewritten = 0;
      const ids = (await readdir(this.dir))
        .map(parseSegmentName)
        .filter((id): id is SegmentId => id !== null)
        .sort(bySegmentOrder);
      for (const id of ids) {
        const path = join(this.dir, segmentFileName(id));
        const scan = await scanSegment(path, id);
        let changed = false;
        const commits = scan.commits.map((c) => {
          const next = transform(c);
          if (next) changed = true;
          return next ?? c;
        });
        if (!changed) continue;
        const isCurrent = this.current?.name === segmentFileName(id);
        const next = { gen: id.gen + 1, idx: id.idx };
        const segment = await Segment.create(this.dir, next, scan.bytes ?? this.segmentBytes, commits);
        await unlink(path);
        if (isCurrent) {
          await this.current?.close();
          this.current = segment;
          this.lastId = next;
        } else await segment.close();
        rewritten++;
      }
      return rewritten;
    });
  }

  /** Runs `work` with appends held back (they queue, and are written once it is done). */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    let release!: () => void;
    this.writing = new Promise((r) => {
      release = r;
    });
    try {
      return await work();
    } finally {
      this.writing = null;
      release();
      if (this.pending.length > 0) this.writing = this.flush();
    }
  }

  /**
   * Seals the segment being appended to: later commits go to a new segment. Returns the index
   * below which every segment is sealed (and holds every commit acknowledged so far).
   */
  roll(): Promise<number> {
    return this.exclusive(async () => {
      await this.current?.close();
      this.current = null;
      const cut = Math.max(this.minIdx, (this.lastId?.idx ?? -1) + 1);
      this.minIdx = cut;
      return cut;
    });
  }

  /** The commits of the sealed segments in [from, cut) (and of legacy JSON segments from 0), oldest first. */
  async *sealed(from: number, cut: number): AsyncGenerator<Commit[]> {
    const names = await readdir(this.dir);
    for (const name of names.filter((n) => from === 0 && LEGACY_SEGMENT.test(n)).sort()) {
      const commits: Commit[] = [];
      await this.replayLegacy(join(this.dir, name), (c) => commits.push(c));
      yield commits;
    }
    const ids = names
      .map(parseSegmentName)
      .filter((id): id is SegmentId => id !== null && id.idx >= from && id.idx < cut)
      .sort(bySegmentOrder);
    for (const id of ids.filter((id, i) => ids[i + 1]?.idx !== id.idx)) {
      yield (await scanSegment(join(this.dir, segmentFileName(id)), id)).commits;
    }
  }

  /** Removes the sealed segments below `below` (and legacy ones) once no snapshot kept needs them. */
  async dropSealed(below: number): Promise<number> {
    if (below === 0) return 0;
    const names = await readdir(this.dir);
    let dropped = 0;
    for (const name of names) {
      const id = parseSegmentName(name);
      if (LEGACY_SEGMENT.test(name) || (id && id.idx < below)) {
        await unlink(join(this.dir, name));
        dropped++;
      }
    }
    if (dropped > 0) await fsyncDirectory(this.dir);
    return dropped;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const segment = await this.segmentWithRoom(this.pending[0]!.frame.length);
        const batch: Pending[] = [];
        let bytes = 0;
        for (const p of this.pending) {
          if (bytes + p.frame.length > Math.min(segment.room, MAX_GROUP_BYTES) && batch.length > 0) break;
          batch.push(p);
          bytes += p.frame.length;
        }
        this.pending.splice(0, batch.length);
        try {
          const frames = batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((p) => p.frame));
          await segment.append(frames, batch.length);
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err as Error);
        }
      }
    } finally {
      this.writing = null;
    }
  }

  private async segmentWithRoom(frameBytes: number): Promise<Segment> {
    if (this.current && this.current.room >= frameBytes) return this.current;
    await this.current?.close();
    const id = { gen: 0, idx: Math.max(this.minIdx, (this.lastId?.idx ?? -1) + 1) };
    const bytes = Math.max(this.segmentBytes, frameBytes + 2 * FRAME_HEADER_BYTES + 256);
    this.current = await Segment.create(this.dir, id, bytes);
    this.lastId = id;
    return this.current;
  }

  /**
   * Keeps what a damaged segment still holds: its intact commits go to the next generation of its
   * place (written whole first), then the damaged file is moved aside for inspection.
   */
  private async salvage(scan: SegmentScan, reason: string, isLast: boolean): Promise<void> {
    const next = { gen: scan.gen + 1, idx: scan.idx };
    const bytes = Math.max(
      this.segmentBytes,
      scan.commits.reduce((n, c) => n + encodeFrame(c).length, 256),
    );
    const segment = await Segment.create(this.dir, next, bytes, scan.commits);
    const movedTo = `${scan.path}.corrupt-${Date.now()}`;
    await rename(scan.path, movedTo);
    this.quarantined.push({ path: scan.path, movedTo, reason: `corrupt segment: ${reason}` });
    this.lastId = next;
    if (isLast) this.current = segment;
    else await segment.close();
  }

  private async replayLegacy(path: string, replay: (commit: Commit) => void): Promise<void> {
    const first = Number(LEGACY_SEGMENT.exec(path.slice(path.lastIndexOf('/') + 1))?.[1]);
    const low = new Low<LegacySegment>(new DurableJsonFile<LegacySegment>(path), { first, commits: [] });
    try {
      await low.read();
      if (low.data.first !== first || !Array.isArray(low.data.commits)) {
        throw new CorruptFileError(path, 'segment header does not match its name');
      }
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const movedTo = `${path}.corrupt-${Date.now()}`;
      await rename(path, movedTo);
      this.quarantined.push({ path, movedTo, reason: err.message });
      return;
    }
    for (const commit of low.data.commits) {
      replay(commit);
      this.nextN = Math.max(this.nextN, commit.n + 1);
    }
  }
}
