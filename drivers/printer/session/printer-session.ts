import { EventEmitter } from 'node:events';
import { CappedBackoff } from '../../../platform/backoff.ts';
import { PrinterClosedError, PrinterStatusTimeoutError, UnknownJobError } from '../errors.ts';
import { activeConditions, type PrinterCondition, type PrinterStatus } from '../escpos/status.ts';
import type { PrinterTransport, TransportFactory } from '../transport/transport.ts';
import type { PrinterHealth } from '../types.ts';
import { healthFromStatus, isFault } from './health.ts';
import { StatusQuery } from './status-query.ts';

export interface ReceiptPrinter extends EventEmitter {
  on(event: 'health', listener: (h: PrinterHealth) => void): this;
  on(event: 'status', listener: (s: PrinterStatus) => void): this;
  on(event: 'condition', listener: (c: { condition: PrinterCondition; active: boolean }) => void): this;
  on(event: 'printed', listener: (jobId: string) => void): this;
  readonly health: PrinterHealth;
  /** The last DLE EOT verdict (undefined on one-way transports or before the first answer). */
  readonly status: PrinterStatus | undefined;
  /**
   * Resolves once the job's bytes have been handed to the printer (and, on two-way transports,
   * the status after it is not a fault). A job submitted while the printer is faulted or
   * unreachable waits and is printed once when the fault clears; the same jobId is never
   * printed twice unless reprint() is called. Rejects only with PrinterClosedError.
   */
  print(jobId: string, job: Buffer): Promise<void>;
  /** Prints a recently printed (or still waiting) job again; UnknownJobError if it is not retained. */
  reprint(jobId: string): Promise<void>;
  /** Jobs waiting to be printed, oldest first. */
  readonly waitingJobs: string[];
  close(): Promise<void>;
}

export interface PrinterSessionOptions {
  /** How often to poll DLE EOT status while idle (two-way transports). */
  pollIntervalMs?: number;
  statusTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** How many printed jobs are kept for reprint() and duplicate detection. */
  retainJobs?: number;
}

interface SpoolEntry {
  jobId: string;
  bytes: Buffer;
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
  /** Bytes reached the printer, which still holds them while it reports a fault. */
  sent: boolean;
}

/**
 * One printer: a supervised link (reconnect with capped, jittered backoff), DLE EOT polling on
 * two-way transports, and a spool that hands each job over exactly once, in order.
 */
export class PrinterSession extends EventEmitter implements ReceiptPrinter {
  private current: PrinterHealth = { state: 'disconnected', detail: 'connecting', since: Date.now() };
  private lastStatus: PrinterStatus | undefined;
  private transport: PrinterTransport | undefined;
  private readonly statusQuery = new StatusQuery();
  private readonly spool: SpoolEntry[] = [];
  private readonly retained = new Map<string, Buffer>();
  private chain: Promise<void> = Promise.resolve();
  private tickQueued = false;
  private closed = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly backoff: CappedBackoff;
  private readonly opts: Required<PrinterSessionOptions>;

  constructor(
    private readonly makeTransport: TransportFactory,
    options: PrinterSessionOptions = {},
  ) {
    super();
    this.opts = {
      pollIntervalMs: options.pollIntervalMs ?? 2000,
      statusTimeoutMs: options.statusTimeoutMs ?? 1000,
      reconnectInitialMs: options.reconnectInitialMs ?? 250,
      reconnectMaxMs: options.reconnectMaxMs ?? 10_000,
      retainJobs: options.retainJobs ?? 200,
    };
    this.backoff = new CappedBackoff(this.opts.reconnectInitialMs, this.opts.reconnectMaxMs, 0.2);
    void this.connect();
  }

  get health(): PrinterHealth {
    return { ...this.current };
  }

  get status(): PrinterStatus | undefined {
    return this.lastStatus ? { ...this.lastStatus } : undefined;
  }

  get waitingJobs(): string[] {
    return this.spool.map((e) => e.jobId);
  }

  print(jobId: string, job: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new PrinterClosedError(jobId));
    const waiting = this.spool.find((e) => e.jobId === jobId);
    if (waiting) return waiting.promise;
    if (this.retained.has(jobId)) return Promise.resolve();
    return this.enqueue(jobId, Buffer.from(job));
  }

  reprint(jobId: string): Promise<void> {
    if (this.closed) return Promise.reject(new PrinterClosedError(jobId));
    const waiting = this.spool.find((e) => e.jobId === jobId);
    if (waiting) return waiting.promise;
    const bytes = this.retained.get(jobId);
    if (!bytes) return Promise.reject(new UnknownJobError(jobId));
    return this.enqueue(jobId, bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    for (const entry of this.spool.splice(0)) entry.reject(new PrinterClosedError(entry.jobId));
    const transport = this.transport;
    this.transport = undefined;
    this.statusQuery.cancel();
    await transport?.close();
  }

  private enqueue(jobId: string, bytes: Buffer): Promise<void> {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.spool.push({ jobId, bytes, promise, resolve, reject, sent: false });
    if (this.transport) this.kick();
    else this.refreshWaitingDetail();
    return promise;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const transport = this.makeTransport();
    try {
      await transport.open({
        onData: (chunk) => this.statusQuery.onData(chunk),
        onClose: (error) => this.linkLost(transport, error),
      });
    } catch (err) {
      this.setHealth({ state: 'disconnected', detail: this.withWaiting(errorText(err)) });
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await transport.close();
      return;
    }
    this.transport = transport;
    this.backoff.reset();
    if (!transport.twoWay) this.setHealth({ state: 'ok', detail: 'one-way link: no paper or cover status' });
    this.kick();
    if (transport.twoWay) {
      this.pollTimer = setInterval(() => this.kick(), this.opts.pollIntervalMs);
      this.pollTimer.unref();
    }
  }

  private linkLost(transport: PrinterTransport, error?: Error): void {
    if (this.transport !== transport) return;
    this.transport = undefined;
    this.lastStatus = undefined;
    clearInterval(this.pollTimer);
    this.statusQuery.cancel();
    // The printer may have restarted and lost its buffer: send the unconfirmed job again.
    const head = this.spool[0];
    if (head) head.sent = false;
    this.setHealth({ state: 'disconnected', detail: this.withWaiting(errorText(error)) });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => void this.connect(), this.backoff.next());
  }

  /** Runs one poll-and-drain pass after whatever is running now; coalesces repeated kicks. */
  private kick(): void {
    if (this.tickQueued) return;
    this.tickQueued = true;
    this.chain = this.chain.then(async () => {
      this.tickQueued = false;
      const transport = this.transport;
      await this.tick().catch((err: unknown) => {
        // A failed write or status request means the link is gone, even if the OS has not said so yet
        // (a device file never does); the entry stays in the spool and goes out after reconnecting.
        if (transport && this.transport === transport) {
          void transport.close().catch(() => {});
          this.linkLost(transport, err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
  }

  private async tick(): Promise<void> {
    const transport = this.transport;
    if (!transport || this.closed) return;
    let status = await this.pollStatus(transport);
    while (this.spool.length > 0 && this.transport === transport && !this.closed) {
      if (status && isFault(status)) return;
      const entry = this.spool[0]!;
      if (!entry.sent) {
        await transport.write(entry.bytes);
        entry.sent = true;
      }
      status = await this.pollStatus(transport);
      if (status && isFault(status)) return; // the printer holds the job and finishes it once the fault clears
      this.spool.shift();
      this.remember(entry.jobId, entry.bytes);
      entry.resolve();
      this.emit('printed', entry.jobId);
    }
    if (status) this.applyStatus(status);
  }

  private async pollStatus(transport: PrinterTransport): Promise<PrinterStatus | undefined> {
    if (!transport.twoWay) return undefined;
    try {
      const status = await this.statusQuery.query(transport, this.opts.statusTimeoutMs);
      this.applyStatus(status);
      return status;
    } catch (err) {
      if (!(err instanceof PrinterStatusTimeoutError)) throw err;
      // Some printers never answer DLE EOT; print anyway, but say the status is unknown.
      this.setHealth({ state: 'warning', detail: 'printer does not answer status requests (DLE EOT)' });
      return undefined;
    }
  }

  private applyStatus(status: PrinterStatus): void {
    const before = new Set(this.lastStatus ? activeConditions(this.lastStatus) : []);
    const after = new Set(activeConditions(status));
    this.lastStatus = status;
    this.emit('status', { ...status });
    for (const c of after) if (!before.has(c)) this.emit('condition', { condition: c, active: true });
    for (const c of before) if (!after.has(c)) this.emit('condition', { condition: c, active: false });
    this.setHealth(healthFromStatus(status, this.spool.length));
  }

  private refreshWaitingDetail(): void {
    if (this.current.state !== 'disconnected') return;
    const base = (this.current.detail ?? '').replace(WAITING_SUFFIX, '');
    this.setHealth({ state: 'disconnected', detail: this.withWaiting(base) });
  }

  private withWaiting(detail: string): string {
    return this.spool.length > 0 ? `${detail}; ${this.spool.length} job(s) waiting` : detail;
  }

  private remember(jobId: string, bytes: Buffer): void {
    this.retained.delete(jobId);
    this.retained.set(jobId, bytes);
    while (this.retained.size > this.opts.retainJobs) {
      const oldest = this.retained.keys().next().value;
      if (oldest === undefined) break;
      this.retained.delete(oldest);
    }
  }

  private setHealth(next: Omit<PrinterHealth, 'since'>): void {
    if (next.state === this.current.state && next.detail === this.current.detail) return;
    const since = next.state === this.current.state ? this.current.since : Date.now();
    this.current = next.detail === undefined ? { state: next.state, since } : { ...next, since };
    this.emit('health', this.health);
  }
}

const WAITING_SUFFIX = /; \d+ job\(s\) waiting$/;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err ?? 'link closed');
}
