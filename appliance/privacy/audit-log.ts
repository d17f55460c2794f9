/**
 * Append-only audit log of staff access to a person's records (PIPL). Each line is JSON carrying
 * the hash of the line before it, so a removed or edited line breaks the chain and `verify()`
 * says where. Lines are fsynced before the lookup's answer leaves the appliance.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type FileHandle, open, rename, stat, truncate } from 'node:fs/promises';
import { basename } from 'node:path';

export interface AuditEntry {
  ts: number;
  staff: string;
  action: string;
  /** Keyed hash of the person looked up, never the ID number itself. */
  subjectRef: string;
  detail?: string;
}

interface AuditLine extends AuditEntry {
  prev: string;
}

const GENESIS = '0'.repeat(64);
const hashLine = (line: string) => createHash('sha256').update(line).digest('hex');

export class AuditLog {
  private lastHash = GENESIS;
  private handle: FileHandle | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Set when open cut a torn last line. */
  tailCut: { bytes: number } | null = null;
  /** Set when open found the log damaged before its end and kept it aside. */
  quarantined: { movedTo: string; reason: string } | null = null;

  private constructor(readonly path: string) {}

  /**
   * Opens the log to append. A torn last line (what a power cut during an append leaves) is cut
   * back to the last whole entry, the chain verified up to there, and the cut is recorded in the
   * log itself. A log damaged anywhere else is kept aside for inspection, and a new log starts with
   * an entry saying so: staff access keeps being recorded either way.
   */
  static async open(path: string, now: () => number = Date.now): Promise<AuditLog> {
    const log = new AuditLog(path);
    const check = AuditLog.verifyFile(path);
    if (check.ok) log.lastHash = check.lastHash;
    else if (check.tornTail) {
      await truncate(path, check.validBytes);
      log.lastHash = check.lastHashBefore;
      log.tailCut = { bytes: check.totalBytes - check.validBytes };
    } else {
      const movedTo = `${path}.corrupt-${now()}`;
      await rename(path, movedTo);
      log.quarantined = { movedTo, reason: check.problem };
    }
    log.handle = await open(path, 'a', 0o600);
    if (log.tailCut) {
      await log.append({
        ts: now(),
        staff: 'system',
        action: 'audit.tail-cut',
        subjectRef: '',
        detail: `${log.tailCut.bytes} bytes of a torn last line cut at start`,
      });
    }
    if (log.quarantined) {
      await log.append({
        ts: now(),
        staff: 'system',
        action: 'audit.quarantined',
        subjectRef: '',
        detail: `the previous log was damaged (${log.quarantined.reason}) and is kept as ${basename(log.quarantined.movedTo)}`,
      });
    }
    return log;
  }

  /** Checks the whole chain. */
  static verifyFile(path: string):
    | { ok: true; entries: number; lastHash: string }
    | {
        ok: false;
        problem: string;
        /** The damage is only a last line cut short: the entries before it are whole. */
        tornTail: boolean;
        validBytes: number;
        totalBytes: number;
        lastHashBefore: string;
      } {
    if (!existsSync(path)) return { ok: true, entries: 0, lastHash: GENESIS };
    const raw = readFileSync(path);
    const lines = raw.toString('utf8').split('\n');
    let prev = GENESIS;
    let offset = 0;
    let entries = 0;
    for (const [i, line] of lines.entries()) {
      const isLast = i === lines.length - 1;
      if (line === '' && isLast) break;
      const fail = (problem: string, torn: boolean) => ({
        ok: false as const,
        problem,
        tornTail: torn,
        validBytes: offset,
        totalBytes: raw.length,
        lastHashBefore: prev,
      });
      let parsed: AuditLine;
      try {
        parsed = JSON.parse(line) as AuditLine;
      } catch {
        return fail(`line ${i + 1} is not JSON`, isLast);
      }
      if (isLast) return fail(`line ${i + 1} is not terminated`, true);
      if (parsed.prev !== prev) return fail(`line ${i + 1} does not follow line ${i}`, false);
      prev = hashLine(line);
      offset += Buffer.byteLength(line) + 1;
      entries++;
    }
    return { ok: true, entries, lastHash: prev };
  }

  append(entry: AuditEntry): Promise<void> {
    const next = this.writing.then(async () => {
      if (!this.handle) throw new Error('audit log is closed');
      const line = JSON.stringify({ ...entry, prev: this.lastHash } satisfies AuditLine);
      await this.handle.appendFile(`${line}\n`);
      await this.handle.sync();
      this.lastHash = hashLine(line);
    });
    this.writing = next.catch(() => {});
    return next;
  }

  entries(): AuditEntry[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const { prev: _prev, ...entry } = JSON.parse(l) as AuditLine;
        return entry;
      });
  }

  /**
   * Entries from the end of the log backwards, newest first, without reading the whole file: from
   * byte `before` (the end when absent), reading `maxBytes`, widened (doubling, up to `widenTo`)
   * while no whole line fits. `ends[i]` is the byte after entry i's line. `next` is where the page
   * that follows starts (null at the start of the log); it always moves back from `before`: a line
   * longer than `widenTo` is skipped. `read` is the bytes read. Only whole lines are returned.
   */
  async readBack(opts: { before?: number; maxBytes: number; widenTo?: number }): Promise<{
    entries: AuditEntry[];
    ends: number[];
    next: number | null;
    read: number;
  }> {
    if (!existsSync(this.path)) return { entries: [], ends: [], next: null, read: 0 };
    await this.writing;
    const size = (await stat(this.path)).size;
    const end = Math.min(opts.before ?? size, size);
    if (end <= 0) return { entries: [], ends: [], next: null, read: 0 };
    const widenTo = Math.max(opts.widenTo ?? opts.maxBytes, opts.maxBytes);
    const handle = await open(this.path, 'r');
    try {
      let read = 0;
      for (let window = opts.maxBytes; ; window = Math.min(window * 2, widenTo)) {
        const start = Math.max(0, end - window);
        const buffer = Buffer.alloc(end - start);
        await handle.read(buffer, 0, buffer.length, start);
        read += buffer.length;
        // The first line may be cut unless the page starts the file; a page ends on a line end.
        const from = start > 0 ? buffer.indexOf(0x0a) + 1 : 0;
        const upto = buffer.lastIndexOf(0x0a) + 1; // a `before` inside a line: that line belongs to the next page
        if (start > 0 && (from === 0 || from >= upto)) {
          if (window < widenTo) continue;
          // One line longer than the widest window: skipped, the next page starts inside it.
          return { entries: [], ends: [], next: start, read };
        }
        return {
          ...this.wholeLines(buffer, start, from, upto),
          next: start + from > 0 ? start + from : null,
          read,
        };
      }
    } finally {
      await handle.close();
    }
  }

  private wholeLines(
    buffer: Buffer,
    start: number,
    from: number,
    upto: number,
  ): { entries: AuditEntry[]; ends: number[] } {
    const entries: AuditEntry[] = [];
    const ends: number[] = [];
    let at = from;
    while (at < upto) {
      const newline = buffer.indexOf(0x0a, at);
      const line = buffer.subarray(at, newline).toString('utf8');
      at = newline + 1;
      if (!line) continue;
      try {
        const { prev: _prev, ...entry } = JSON.parse(line) as AuditLine;
        entries.push(entry);
        ends.push(start + at);
      } catch {
        // verified at open; a line that does not parse here is skipped, not an error for the reader
      }
    }
    return { entries: entries.reverse(), ends: ends.reverse() };
  }

  async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
    this.handle = null;
  }
}
