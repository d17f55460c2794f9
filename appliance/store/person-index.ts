/**
 * The archive's person index: person ref (the keyed hash of the ID number) → where that person's
 * records are in the day logs. Two forms, by month of the day the records closed on:
 *
 *   people/<YYYY-MM>/<shard>.idx   appended at compaction (checksummed frames, torn tails cut),
 *                                  64 shards by the ref's first character: the month being written
 *   people/<YYYY-MM>.sorted        the month sealed: built once from its shards at the first
 *                                  compaction after the month ended, written durably (temp, fsync,
 *                                  rename). Fixed-width entries (key, day, offset) sorted by key
 *                                  (the ref's first 16 bytes: it is a keyed hash already), behind a
 *                                  directory of 1,024 buckets with a
 *                                  CRC-32 each; a lookup reads the header and directory (8 KiB)
 *                                  and one bucket (a few KiB) with positioned reads, whatever the
 *                                  month holds.
 *
 * A lookup thus costs two small reads per past month and one shard of the current month, instead
 * of reading and parsing every frame of a shard of every month. The sorted file is derived: an
 * append to a sealed month (compaction redone, or after a long time off) deletes it first, and a
 * missing or damaged one (checked on every read) is read from its shards instead and built again
 * at the next compaction: a torn file or header by the check compaction makes, a bucket whose CRC
 * fails (bit rot) by the read that finds it, which marks the month for the next compaction to
 * seal again (compaction does not read every bucket of every month). Retention deletes both forms
 * of a month as whole files.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory, writeFileDurably } from '../../platform/durable-file.ts';
import { appendFrames, readFrames } from './append-file.ts';
import { removeOrphanTemporaries } from './rebuildable.ts';

/** Where a record about a person is: its day log and the frame's offset in it. */
export interface PersonPlace {
  day: string;
  at: number;
}

/** A frame of a shard file (the key, `kind:id`, is kept for readers of earlier versions). */
interface ShardEntry {
  ref: string;
  day: string;
  at: number;
  key?: string;
}

const MAGIC = 0x49505153; // "SQPI"
const VERSION = 1;
const HEADER_BYTES = 32;
const BUCKET_BITS = 10;
const BUCKETS = 1 << BUCKET_BITS;
/** Bucket starts (BUCKETS + 1, as entry numbers), then a CRC-32 of each bucket's entries. */
const DIRECTORY_BYTES = (BUCKETS + 1) * 4 + BUCKETS * 4;
const ENTRIES_AT = HEADER_BYTES + DIRECTORY_BYTES;
const KEY_BYTES = 16;
const ENTRY_BYTES = KEY_BYTES + 8;
const DAY_MS = 86_400_000;
const SHARDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MONTH = /^\d{4}-\d{2}$/;
const SORTED = /^(\d{4}-\d{2})\.sorted$/;

const shardOf = (ref: string) => {
  const c = ref[0] ?? '_';
  return SHARDS.includes(c) ? `${SHARDS.indexOf(c)}` : 'other';
};
/** A ref is itself a keyed hash (base64url): its first 16 bytes; any other string is hashed first. */
const keyOf = (ref: string): Buffer =>
  /^[A-Za-z0-9_-]{22,}$/.test(ref)
    ? Buffer.from(ref.slice(0, 22), 'base64url')
    : createHash('sha256').update(ref, 'utf8').digest().subarray(0, KEY_BYTES);
const bucketOf = (key: Buffer) => key.readUInt16BE(0) >> (16 - BUCKET_BITS);
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const byPlace = (a: PersonPlace, b: PersonPlace) => (a.day === b.day ? a.at - b.at : a.day < b.day ? -1 : 1);

export class PersonIndex {
  /** Sealed months a lookup found a damaged bucket in: the next compaction seals them again. */
  private readonly damaged = new Set<string>();

  constructor(readonly dir: string) {}

  private sortedPath(month: string): string {
    return join(this.dir, `${month}.sorted`);
  }

  private shardPath(month: string, ref: string): string {
    return join(this.dir, month, `${shardOf(ref)}.idx`);
  }

  /** Appends places, by month of their day, durably; a sealed month's sorted file goes first. */
  async append(entries: readonly (PersonPlace & { ref: string })[]): Promise<void> {
    const shards = new Map<string, ShardEntry[]>();
    const months = new Set<string>();
    for (const { ref, day, at } of entries) {
      const month = day.slice(0, 7);
      months.add(month);
      const path = this.shardPath(month, ref);
      const list = shards.get(path);
      if (list) list.push({ ref, day, at });
      else shards.set(path, [{ ref, day, at }]);
    }
    let unsealed = false;
    for (const month of months) {
      if (!existsSync(this.sortedPath(month))) continue;
      await unlink(this.sortedPath(month));
      unsealed = true;
    }
    if (unsealed) await fsyncDirectory(this.dir);
    for (const [path, list] of shards) await appendFrames(path, list);
  }

  /** The months the index holds, in either form. */
  private async months(): Promise<{ shards: Set<string>; sorted: Set<string> }> {
    const shards = new Set<string>();
    const sorted = new Set<string>();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (MONTH.test(name)) shards.add(name);
      const m = SORTED.exec(name);
      if (m) sorted.add(m[1]!);
    }
    return { shards, sorted };
  }

  /** Every place the index holds for one person ref, oldest first (a record may be there twice). */
  async lookup(ref: string): Promise<PersonPlace[]> {
    const { shards, sorted } = await this.months();
    const key = keyOf(ref);
    const perMonth = await Promise.all(
      [...new Set([...shards, ...sorted])].map(async (month) => {
        const fromSorted = sorted.has(month) ? await this.readSorted(month, key) : null;
        if (fromSorted) return fromSorted;
        const frames = (await readFrames(this.shardPath(month, ref))) as ShardEntry[];
        return frames.filter((e) => e.ref === ref).map(({ day, at }) => ({ day, at }));
      }),
    );
    return perMonth.flat().sort(byPlace);
  }

  /** The places under `key` in a month's sorted file; null when the file is missing or damaged. */
  private async readSorted(month: string, key: Buffer): Promise<PersonPlace[] | null> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.sortedPath(month), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const head = Buffer.alloc(ENTRIES_AT);
      if ((await handle.read(head, 0, ENTRIES_AT, 0)).bytesRead < ENTRIES_AT) return null;
      if (!headerIsWhole(head, month)) return null;
      const bucket = bucketOf(key);
      const from = head.readUInt32LE(HEADER_BYTES + bucket * 4);
      const to = head.readUInt32LE(HEADER_BYTES + (bucket + 1) * 4);
      if (to < from || to > head.readUInt32LE(8)) return null;
      const entries = Buffer.alloc((to - from) * ENTRY_BYTES);
      const { bytesRead } = await handle.read(entries, 0, entries.length, ENTRIES_AT + from * ENTRY_BYTES);
      if (
        bytesRead < entries.length ||
        crc32(entries) !== head.readUInt32LE(HEADER_BYTES + (BUCKETS + 1) * 4 + bucket * 4)
      ) {
        // The header is whole, so compaction's check would pass it: the month is marked instead.
        this.damaged.add(month);
        return null;
      }
      const out: PersonPlace[] = [];
      for (let at = 0; at < entries.length; at += ENTRY_BYTES) {
        if (entries.compare(key, 0, KEY_BYTES, at, at + KEY_BYTES) !== 0) continue;
        out.push({ day: dayString(entries.readUInt32BE(at + KEY_BYTES)), at: entries.readUInt32BE(at + 20) });
      }
      return out;
    } finally {
      await handle.close();
    }
  }

  /**
   * Seals every month before `month` (the current one): builds its sorted file from its shards
   * when it has none, a torn one, or one a lookup found a damaged bucket in. Returns the months
   * sealed.
   */
  async sealBefore(month: string, yieldBetween: () => Promise<void> = async () => {}): Promise<string[]> {
    const { shards, sorted } = await this.months();
    const sealed: string[] = [];
    for (const m of [...shards].sort()) {
      if (m >= month) continue;
      if (sorted.has(m) && !this.damaged.has(m) && (await this.sortedIsWhole(m))) continue;
      // A sealing cut short (a power cut) left its temporary file: it goes, not to pile up.
      await removeOrphanTemporaries(this.sortedPath(m));
      await this.seal(m, yieldBetween);
      // After the rename: a lookup that found damage meanwhile read the file replaced.
      this.damaged.delete(m);
      sealed.push(m);
    }
    return sealed;
  }

  private async sortedIsWhole(month: string): Promise<boolean> {
    const handle = await open(this.sortedPath(month), 'r');
    try {
      const head = Buffer.alloc(ENTRIES_AT);
      const { bytesRead } = await handle.read(head, 0, ENTRIES_AT, 0);
      const { size } = await handle.stat();
      return (
        bytesRead === ENTRIES_AT &&
        headerIsWhole(head, month) &&
        size === ENTRIES_AT + head.readUInt32LE(8) * ENTRY_BYTES
      );
    } finally {
      await handle.close();
    }
  }

  private async seal(month: string, yieldBetween: () => Promise<void>): Promise<void> {
    // Entries as they are read (key, day, offset; 24 bytes each), then placed bucket by bucket.
    let read = Buffer.alloc(64 * 1024 * ENTRY_BYTES);
    let count = 0;
    const sizes = new Uint32Array(BUCKETS + 1);
    for (const name of (await readdir(join(this.dir, month))).filter((n) => n.endsWith('.idx')).sort()) {
      for (const e of (await readFrames(join(this.dir, month, name))) as ShardEntry[]) {
        if (e.at > 0xffffffff || typeof e.day !== 'string' || !e.day.startsWith(month)) continue;
        if ((count + 1) * ENTRY_BYTES > read.length) {
          const grown = Buffer.alloc(read.length * 2);
          read.copy(grown);
          read = grown;
        }
        const at = count++ * ENTRY_BYTES;
        writeEntry(read, at, keyOf(e.ref), dayNumber(e.day), e.at);
        sizes[bucketOf(read.subarray(at, at + KEY_BYTES)) + 1]!++;
      }
      await yieldBetween();
    }
    const starts = new Uint32Array(BUCKETS + 1);
    for (let b = 1; b <= BUCKETS; b++) starts[b] = starts[b - 1]! + sizes[b]!;
    const file = Buffer.alloc(ENTRIES_AT + count * ENTRY_BYTES);
    const cursor = starts.slice(0, BUCKETS);
    for (let i = 0; i < count; i++) {
      const entry = read.subarray(i * ENTRY_BYTES, (i + 1) * ENTRY_BYTES);
      entry.copy(file, ENTRIES_AT + cursor[bucketOf(entry)]!++ * ENTRY_BYTES);
    }
    for (let b = 0; b < BUCKETS; b++) {
      // Key, day and offset are big-endian: sorting the entries' bytes sorts by all three.
      const bucket = file.subarray(
        ENTRIES_AT + starts[b]! * ENTRY_BYTES,
        ENTRIES_AT + starts[b + 1]! * ENTRY_BYTES,
      );
      const entries = Array.from({ length: bucket.length / ENTRY_BYTES }, (_, i) =>
        Buffer.from(bucket.subarray(i * ENTRY_BYTES, (i + 1) * ENTRY_BYTES)),
      ).sort(Buffer.compare);
      for (const [i, e] of entries.entries()) e.copy(bucket, i * ENTRY_BYTES);
      file.writeUInt32LE(starts[b]!, HEADER_BYTES + b * 4);
      file.writeUInt32LE(crc32(bucket), HEADER_BYTES + (BUCKETS + 1) * 4 + b * 4);
    }
    file.writeUInt32LE(count, HEADER_BYTES + BUCKETS * 4);
    file.writeUInt32LE(MAGIC, 0);
    file.writeUInt32LE(VERSION, 4);
    file.writeUInt32LE(count, 8);
    file.write(month, 20, 'latin1');
    file.writeUInt32LE(crc32(file.subarray(HEADER_BYTES, ENTRIES_AT)), 12);
    file.writeUInt32LE(headerCrc(file), 16);
    await writeFileDurably(this.sortedPath(month), file);
  }

  /** The retention period: deletes every month wholly before `month`, both forms, as whole files. */
  async deleteMonthsBefore(month: string): Promise<void> {
    const { shards, sorted } = await this.months();
    for (const m of sorted) if (m < month) await unlink(this.sortedPath(m));
    for (const m of shards) if (m < month) await rm(join(this.dir, m), { recursive: true, force: true });
  }
}

function writeEntry(buf: Buffer, at: number, key: Buffer, day: number, offset: number): void {
  key.copy(buf, at, 0, KEY_BYTES);
  buf.writeUInt32BE(day, at + KEY_BYTES);
  buf.writeUInt32BE(offset, at + KEY_BYTES + 4);
}

function headerCrc(head: Buffer): number {
  return crc32(Buffer.concat([head.subarray(0, 16), head.subarray(20, HEADER_BYTES)]));
}

function headerIsWhole(head: Buffer, month: string): boolean {
  return (
    head.readUInt32LE(0) === MAGIC &&
    head.readUInt32LE(4) === VERSION &&
    head.readUInt32LE(16) === headerCrc(head) &&
    head.toString('latin1', 20, 27) === month &&
    head.readUInt32LE(12) === crc32(head.subarray(HEADER_BYTES, ENTRIES_AT))
  );
}
