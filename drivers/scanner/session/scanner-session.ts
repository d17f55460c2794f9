/**
 * The supervised scanner: opens a source, forwards codes and discard verdicts, and when the device
 * goes away reports health 'disconnected' and reopens it with capped, jittered backoff. Link failures
 * never escape as exceptions.
 */
import { EventEmitter } from 'node:events';
import { CappedBackoff } from '../../../platform/backoff.ts';
import { ScannerLinkError } from '../errors.ts';
import type { Scanner, ScannerEvents, ScannerHealth } from '../types.ts';
import type { ScanSource, SourceOpener } from './source.ts';

export interface SessionOptions {
  /** First reconnect delay, doubled after each failure up to reconnectMaxMs. Default 500 ms. */
  reconnectInitialMs?: number;
  /** Default 30 s. */
  reconnectMaxMs?: number;
  /**
   * A code identical to the previous one within this many ms is dropped: a scanner in continuous
   * (presentation) mode reads a ticket held under it again and again. Default 1500 ms; 0 keeps all.
   */
  repeatHoldoffMs?: number;
}

/** Errors that need a person (permissions, missing library) rather than a replug. */
const FAULT_CODES = new Set(['SCANNER_NO_PERMISSION', 'SCANNER_HID_UNAVAILABLE']);

export class ScannerSession extends EventEmitter<ScannerEvents> implements Scanner {
  readonly #open: SourceOpener;
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #repeatHoldoffMs: number;
  #lastCode: { text: string; at: number } | null = null;
  /** Codes dropped as repeats of the one before, for diagnostics. */
  repeatsDropped = 0;
  readonly #abort = new AbortController();
  #health: ScannerHealth = { state: 'disconnected', detail: 'not opened yet', since: Date.now() };
  #source: ScanSource | null = null;
  #loop: Promise<void> | null = null;

  constructor(open: SourceOpener, options: SessionOptions = {}) {
    super();
    this.#open = open;
    this.#initialMs = options.reconnectInitialMs ?? 500;
    this.#maxMs = options.reconnectMaxMs ?? 30_000;
    this.#repeatHoldoffMs = options.repeatHoldoffMs ?? 1500;
  }

  get health(): ScannerHealth {
    return this.#health;
  }

  start(): this {
    this.#loop ??= this.#run();
    return this;
  }

  async close(): Promise<void> {
    if (this.#abort.signal.aborted) return this.#loop ?? undefined;
    this.#abort.abort();
    await this.#source?.close().catch(() => {});
    await this.#loop;
    this.#setHealth('disconnected', 'scanner closed');
  }

  async #run(): Promise<void> {
    const backoff = new CappedBackoff(this.#initialMs, this.#maxMs);
    while (!this.#abort.signal.aborted) {
      try {
        const source = await this.#open();
        if (this.#abort.signal.aborted) {
          await source.close();
          break;
        }
        backoff.reset();
        const lost = await this.#serve(source);
        if (this.#abort.signal.aborted) break;
        this.#setHealth('disconnected', `${source.description}: ${lost?.message ?? 'closed'}`);
      } catch (err) {
        if (this.#abort.signal.aborted) break;
        const fault = err instanceof ScannerLinkError && FAULT_CODES.has(err.code);
        this.#setHealth(fault ? 'fault' : 'disconnected', (err as Error).message ?? String(err));
      }
      await this.#sleep(backoff.next());
    }
  }

  /** Serves one connection until it ends; resolves with the error that ended it, if any. */
  #serve(source: ScanSource): Promise<Error | undefined> {
    this.#source = source;
    this.#setHealth('ok', source.description);
    return new Promise((resolve) => {
      source.on('verdict', (verdict) => {
        if (verdict.kind === 'code') this.#code(verdict.text);
        else {
          const { kind: _kind, ...discarded } = verdict;
          this.emit('discarded', discarded);
        }
      });
      source.once('close', (error) => {
        this.#source = null;
        resolve(error);
      });
    });
  }

  #code(text: string): void {
    const now = Date.now();
    const last = this.#lastCode;
    this.#lastCode = { text, at: now };
    if (last && last.text === text && now - last.at < this.#repeatHoldoffMs) {
      this.repeatsDropped++;
      return;
    }
    this.emit('code', text);
  }

  #setHealth(state: ScannerHealth['state'], detail: string): void {
    if (this.#health.state === state && this.#health.detail === detail) return;
    this.#health = { state, detail, since: Date.now() };
    this.emit('health', this.#health);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#abort.signal.aborted) return resolve();
      const signal = this.#abort.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
