/**
 * A scan source is one open connection to a scanner: it turns the bytes or reports of its transport
 * into verdicts through a framer, and discards a stalled partial code after the framer's idle time.
 */
import { EventEmitter } from 'node:events';
import type { ScanVerdict } from '../types.ts';

export interface SourceEvents {
  verdict: [verdict: ScanVerdict];
  /** The device went away or was closed; `error` is set when it was not our doing. */
  close: [error: Error | undefined];
}

export interface ScanSource extends EventEmitter<SourceEvents> {
  /** For health details and logs, e.g. 'serial /dev/ttyACM0 @9600'. */
  readonly description: string;
  close(): Promise<void>;
}

/** Opens a fresh source; called again by the session after every disconnect. */
export type SourceOpener = () => Promise<ScanSource>;

/** The framing layer: HID report decoder or serial line framer. */
export interface Framer {
  push(input: Uint8Array, now?: number): ScanVerdict[];
  expire(now?: number): ScanVerdict | null;
  readonly pending: boolean;
  readonly idleMs: number;
}

/** Feeds input to a framer, emits its verdicts, and runs the idle timer for partial codes. */
export class FramedSource extends EventEmitter<SourceEvents> {
  readonly description: string;
  readonly #framer: Framer;
  #idleTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(framer: Framer, description: string) {
    super();
    this.#framer = framer;
    this.description = description;
  }

  protected feed(input: Uint8Array): void {
    if (this.#closed) return;
    for (const verdict of this.#framer.push(input)) this.emit('verdict', verdict);
    this.#armIdleTimer();
  }

  protected ended(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearIdleTimer();
    this.emit('close', error);
  }

  #armIdleTimer(): void {
    this.#clearIdleTimer();
    if (!this.#framer.pending || this.#framer.idleMs <= 0) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      const verdict = this.#framer.expire();
      if (verdict) this.emit('verdict', verdict);
      else this.#armIdleTimer();
    }, this.#framer.idleMs + 5);
    this.#idleTimer.unref();
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }
}
