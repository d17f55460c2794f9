/**
 * Append-only audit log of staff access to a person's records (PIPL). Each line is JSON carrying
 * the hash of the line before it, so a removed or edited line breaks the chain and `verify()`
 * says where. Lines are fsynced before the lookup's answer leaves the appliance.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

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

  private constructor(readonly path: string) {}

  static async open(path: string): Promise<AuditLog> {
    const log = new AuditLog(path);
    const check = AuditLog.verifyFile(path);
    if (!check.ok) throw new Error(`audit log ${path} is damaged: ${check.problem}`);
    log.lastHash = check.lastHash;
    log.handle = await open(path, 'a', 0o600);
    return log;
  }

  /** Checks the whole chain. */
  static verifyFile(
    path: string,
  ): { ok: true; entries: number; lastHash: string } | { ok: false; problem: string } {
    if (!existsSync(path)) return { ok: true, entries: 0, lastHash: GENESIS };
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    let prev = GENESIS;
    for (const [i, line] of lines.entries()) {
      let parsed: AuditLine;
      try {
        parsed = JSON.parse(line) as AuditLine;
      } catch {
        return { ok: false, problem: `line ${i + 1} is not JSON` };
      }
      if (parsed.prev !== prev) return { ok: false, problem: `line ${i + 1} does not follow line ${i}` };
      prev = hashLine(line);
    }
    return { ok: true, entries: lines.length, lastHash: prev };
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

  async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
    this.handle = null;
  }
}
