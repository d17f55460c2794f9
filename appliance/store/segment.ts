/**
 * Segment files of the store's append-only log: `seg-<generation>-<index>.log`. The index is the
 * segment's place in the log; the generation counts rewrites of that place (a redaction, a salvage
 * of a damaged segment): the highest generation of an index is the one that counts. A segment is
 * created at its full size (sparse, zeros) under a temporary name, with a header frame, fsynced and
 * renamed into place, so a segment that exists is whole. Commits are appended as frames: one
 * write and one fdatasync per group commit.
 *
 * Because a segment always has its full size, what a crash can leave (a write cut short: some
 * bytes of the last group, then zeros) is told apart from damage (a file shorter or longer than its
 * size, bytes that are not frames in the middle, more garbage than one group write): a torn tail is
 * the unacknowledged last group and is cut; damage may have taken acknowledged commits with it.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from '../../platform/durable-file.ts';
import { encodeFrame, scanFrames } from './frames.ts';
import type { Commit } from './records.ts';

/** A group commit writes at most this much; a torn tail can be no longer. */
export const MAX_GROUP_BYTES = 1024 * 1024;
export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

const SEGMENT_PATTERN = /^seg-(\d{8})-(\d{6})\.log$/;

export interface SegmentId {
  gen: number;
  idx: number;
}

export function segmentFileName({ gen, idx }: SegmentId): string {
  return `seg-${String(gen).padStart(8, '0')}-${String(idx).padStart(6, '0')}.log`;
}

export function parseSegmentName(name: string): SegmentId | null {
  const m = SEGMENT_PATTERN.exec(name);
  return m ? { gen: Number(m[1]), idx: Number(m[2]) } : null;
}

export const bySegmentOrder = (a: SegmentId, b: SegmentId): number => a.idx - b.idx || a.gen - b.gen;

interface SegmentHeader {
  segment: 1;
  gen: number;
  idx: number;
  bytes: number;
}

function isHeader(v: unknown, id: SegmentId): v is SegmentHeader {
  const h = v as Partial<SegmentHeader> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    h.segment === 1 &&
    h.gen === id.gen &&
    h.idx === id.idx &&
    typeof h.bytes === 'number'
  );
}

function isCommit(v: unknown): v is Commit {
  const c = v as Partial<Commit> | null;
  return typeof c === 'object' && c !== null && typeof c.n === 'number' && Array.isArray(c.puts);
}

export type SegmentVerdict =
  | { kind: 'intact' }
  /** The last group write was cut short: `bytes` of it are cut; none of it was acknowledged. */
  | { kind: 'torn-tail'; bytes: number }
  /** Not what the store writes: acknowledged commits may be missing. */
  | { kind: 'damaged'; problem: string };

export interface SegmentScan extends SegmentId {
  path: string;
  commits: Commit[];
  /** Where the next frame would go: just after the last intact frame. */
  end: number;
  /** The segment's full size, from its header (null without one). */
  bytes: number | null;
  verdict: SegmentVerdict;
}

export async function scanSegment(path: string, id: SegmentId): Promise<SegmentScan> {
  const handle = await open(path, 'r');
  let buf: Buffer;
  try {
    buf = await handle.readFile();
  } finally {
    await handle.close();
  }
  const scan = scanFrames(buf);
  const [first, ...rest] = scan.frames;
  const header = first && isHeader(first.value, id) ? first.value : null;
  const commits = (header ? rest : scan.frames).map((f) => f.value).filter(isCommit);
  const base = { ...id, path, commits, end: scan.end, bytes: header?.bytes ?? null };
  const problems: string[] = [];
  if (!header) problems.push(buf.length === 0 ? 'the file is empty' : 'no segment header');
  else if (buf.length !== header.bytes)
    problems.push(`${buf.length} bytes where the segment has ${header.bytes} (truncated or extended)`);
  if (scan.damaged.length > 0) {
    const bad = scan.damaged.reduce((n, d) => n + d.to - d.from, 0);
    problems.push(`${bad} damaged bytes between intact commits`);
  }
  const trailing = scan.trailingTo - scan.end;
  if (trailing > MAX_GROUP_BYTES) problems.push(`${trailing} bytes of garbage after the last intact commit`);
  if (problems.length > 0) return { ...base, verdict: { kind: 'damaged', problem: problems.join('; ') } };
  return { ...base, verdict: trailing > 0 ? { kind: 'torn-tail', bytes: trailing } : { kind: 'intact' } };
}

/** An open segment the log appends to. */
export class Segment {
  private constructor(
    readonly dir: string,
    readonly id: SegmentId,
    readonly bytes: number,
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private position: number,
    public commits: number,
  ) {}

  get name(): string {
    return segmentFileName(this.id);
  }

  get room(): number {
    return this.bytes - this.position;
  }

  /**
   * Creates a whole segment (header, then the given commits) under a temporary name, then renames it
   * into place (fsynced): a segment that exists under its name is always whole.
   */
  static async create(
    dir: string,
    id: SegmentId,
    bytes: number,
    commits: readonly Commit[] = [],
  ): Promise<Segment> {
    const name = segmentFileName(id);
    const tmp = join(dir, `.${name}.tmp`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      const header = encodeFrame({ segment: 1, gen: id.gen, idx: id.idx, bytes } satisfies SegmentHeader);
      const body = Buffer.concat([header, ...commits.map(encodeFrame)]);
      if (body.length > bytes)
        throw new RangeError(`${commits.length} commits do not fit a segment of ${bytes} bytes`);
      await handle.write(body, 0, body.length, 0);
      await handle.truncate(bytes);
      await handle.sync();
      await rename(tmp, join(dir, name));
      await fsyncDirectory(dir);
      return new Segment(dir, id, bytes, handle, body.length, commits.length);
    } catch (err) {
      await handle.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }

  /** Reopens a scanned segment to append after its last intact commit, zeroing a torn tail first. */
  static async reopen(dir: string, scan: SegmentScan): Promise<Segment> {
    const handle = await open(scan.path, 'r+');
    if (scan.verdict.kind === 'torn-tail') {
      const zeros = Buffer.alloc(scan.verdict.bytes);
      await handle.write(zeros, 0, zeros.length, scan.end);
      await handle.datasync();
    }
    return new Segment(dir, scan, scan.bytes ?? 0, handle, scan.end, scan.commits.length);
  }

  /** Appends one group of frames: one write, one fdatasync. */
  async append(frames: Buffer, commits: number): Promise<void> {
    if (frames.length > this.room)
      throw new RangeError(`segment ${this.name} has no room for ${frames.length} bytes`);
    let done = 0;
    while (done < frames.length) {
      const { bytesWritten } = await this.handle.write(
        frames,
        done,
        frames.length - done,
        this.position + done,
      );
      done += bytesWritten;
    }
    await this.handle.datasync();
    this.position += frames.length;
    this.commits += commits;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
