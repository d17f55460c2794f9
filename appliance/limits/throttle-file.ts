/**
 * The login throttle's state on disk (`login-throttle.json` in the data directory), so a restart
 * of the appliance does not hand a guesser a fresh allowance. Written durably at most once a
 * second (a flood of tries costs the disk one fsync a second, like the login audit), and at close.
 * A file that cannot be read is set aside with a warning and the throttle starts empty: it is a
 * limit, not a record, and the appliance must start whatever state it is in.
 */
import { readFile, rename } from 'node:fs/promises';
import { writeFileDurably } from '../../platform/durable-file.ts';
import type { LoginThrottle, ThrottleSnapshot } from './login-throttle.ts';

const SAVE_MS = 1000;

export class ThrottleFile {
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private throttle: LoginThrottle | null = null;

  constructor(
    readonly path: string,
    private readonly warn: (line: string) => void,
  ) {}

  /** Gives the throttle what was saved before the restart. */
  async load(throttle: LoginThrottle): Promise<void> {
    this.throttle = throttle;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      // EACCES, EIO, EISDIR...: a limit must not stop the appliance from starting.
      await this.setAside(`could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    let saved: Partial<ThrottleSnapshot> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && (parsed as ThrottleSnapshot).version === 1)
        saved = parsed as Partial<ThrottleSnapshot>;
    } catch {
      saved = null;
    }
    if (!saved) {
      await this.setAside('was damaged');
      return;
    }
    throttle.restore(saved);
  }

  private async setAside(why: string): Promise<void> {
    const aside = `${this.path}.damaged-${Date.now()}`;
    try {
      await rename(this.path, aside);
      this.warn(
        `the login throttle's file ${why}; it was set aside as ${aside} and the throttle starts empty`,
      );
    } catch (err) {
      this.warn(
        `the login throttle's file ${why} and could not be set aside (${(err as Error).message}); the throttle starts empty`,
      );
    }
  }

  /** A change to save: within a second, together with the others. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.save(), SAVE_MS);
    this.timer.unref();
  }

  /** Saves now (also at close). */
  save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const throttle = this.throttle;
    if (!throttle) return this.saving;
    this.saving = this.saving
      .then(() => writeFileDurably(this.path, JSON.stringify(throttle.snapshot())))
      .catch((err: Error) => this.warn(`the login throttle could not be saved: ${err.message}`));
    return this.saving;
  }
}
