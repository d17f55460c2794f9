/**
 * The supervised reader: opens the transport, checks the SAM's status, polls for cards and emits one
 * 'card' per placement and 'removed' when it leaves. Link failures never escape: they show as health
 * 'disconnected' and the session reconnects with capped, jittered backoff.
 *
 * Presence while a read card stays on the reader is checked with select (20 02), because find fails
 * for a card that is still selected (reference §9.3); an unreadable card is watched with find.
 */
import { EventEmitter } from 'node:events';
import { CappedBackoff } from '../../../platform/backoff.ts';
import { decodeIdentity } from '../identity/decode.ts';
import type { Identity } from '../identity/types.ts';
import { ReaderLinkError } from '../link/errors.ts';
import { SamLink } from '../link/sam-link.ts';
import type { TransportOpener } from '../link/transport.ts';
import { describeVerdict, type SamVerdict } from '../protocol/status.ts';
import type { IdCardReader, ReaderEvents, ReaderHealth, ReaderSessionOptions } from './reader-types.ts';
import { SamClient } from './sam-client.ts';

type Presence = 'absent' | 'shown' | 'unreadable';

type AttemptResult =
  | { kind: 'identity'; identity: Identity }
  | { kind: 'gone' }
  | { kind: 'failed'; verdict: SamVerdict };

function isTransientLinkError(err: unknown): err is ReaderLinkError {
  return err instanceof ReaderLinkError && (err.code === 'LINK_TIMEOUT' || err.code === 'LINK_BAD_REPLY');
}

/** A reconnect delay as an operator reads it in the reader's health. */
function describeDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Verdicts that mean the SAM itself cannot work, as opposed to something about the card. */
const SAM_FAULTS = new Set<SamVerdict['verdict']>(['self-test-failed', 'sam-not-authorised']);

export class ReaderSession extends EventEmitter<ReaderEvents> implements IdCardReader {
  readonly #opener: TransportOpener;
  readonly #opts: Required<ReaderSessionOptions>;
  readonly #abort = new AbortController();
  #health: ReaderHealth = { state: 'disconnected', detail: 'not opened yet', since: Date.now() };
  #presence: Presence = 'absent';
  #link: SamLink | null = null;
  #loop: Promise<void> | null = null;

  constructor(opener: TransportOpener, options: ReaderSessionOptions = {}) {
    super();
    this.#opener = opener;
    this.#opts = {
      baudRate: options.baudRate ?? 115200,
      pollIntervalMs: options.pollIntervalMs ?? 300,
      readAttempts: options.readAttempts ?? 3,
      reconnectInitialMs: options.reconnectInitialMs ?? 500,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
      faultRecheckMs: options.faultRecheckMs ?? 2000,
      commandTimeoutMs: options.commandTimeoutMs ?? 1000,
      withFingerprint: options.withFingerprint ?? false,
      maxLinkErrors: options.maxLinkErrors ?? 3,
    };
  }

  get health(): ReaderHealth {
    return this.#health;
  }

  get #closed(): boolean {
    return this.#abort.signal.aborted;
  }

  start(): this {
    this.#loop ??= this.#run();
    return this;
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#loop ?? undefined;
    this.#abort.abort();
    await this.#link?.close().catch(() => {});
    await this.#loop;
    this.#setHealth('disconnected', 'reader closed');
  }

  async #run(): Promise<void> {
    const backoff = new CappedBackoff(this.#opts.reconnectInitialMs, this.#opts.reconnectMaxMs);
    while (!this.#closed) {
      let retryMs: number | null = null;
      try {
        await this.#session(() => backoff.reset());
      } catch (err) {
        if (this.#closed) break;
        retryMs = backoff.next();
        const retrying = `retrying in ${describeDelay(retryMs)}`;
        if (err instanceof ReaderLinkError) this.#setHealth('disconnected', `${err.message}; ${retrying}`);
        else this.#setHealth('fault', `unexpected: ${(err as Error).message ?? String(err)}; ${retrying}`);
        this.#cardGone();
      }
      if (this.#closed) break;
      await this.#sleep(retryMs ?? backoff.next());
    }
  }

  /** One connection's life: open, status check, poll until the link fails or the reader closes. */
  async #session(onHealthy: () => void): Promise<void> {
    const transport = await this.#opener();
    if (this.#closed) {
      await transport.close();
      return;
    }
    const link = new SamLink(transport);
    this.#link = link;
    try {
      const client = new SamClient(link, {
        baudRate: this.#opts.baudRate,
        baseTimeoutMs: this.#opts.commandTimeoutMs,
      });
      await this.#waitForHealthySam(client, transport.description);
      onHealthy();
      let linkErrors = 0;
      while (!this.#closed) {
        try {
          await this.#poll(client);
          linkErrors = 0;
        } catch (err) {
          // A lost or garbled reply is retried on the next poll; a run of them means the link is gone.
          if (!isTransientLinkError(err) || ++linkErrors >= this.#opts.maxLinkErrors) throw err;
        }
        await this.#sleep(this.#opts.pollIntervalMs);
      }
    } finally {
      this.#link = null;
      await link.close().catch(() => {});
    }
  }

  async #waitForHealthySam(client: SamClient, description: string): Promise<void> {
    while (!this.#closed) {
      const verdict = await client.statusCheck();
      if (verdict.verdict === 'success') {
        this.#setHealth('ok', description);
        return;
      }
      this.#setHealth('fault', `SAM status: ${describeVerdict(verdict)}`);
      await this.#sleep(this.#opts.faultRecheckMs);
    }
  }

  async #poll(client: SamClient): Promise<void> {
    if (this.#presence === 'shown') {
      const selected = await client.selectCard();
      if (selected.ok) return;
      if (SAM_FAULTS.has(selected.verdict.verdict)) return this.#onSamFault(client, selected.verdict);
      this.#cardGone();
      return;
    }
    const found = await client.findCard();
    if (SAM_FAULTS.has(found.verdict)) return this.#onSamFault(client, found);
    if (found.verdict === 'no-card') {
      this.#cardGone();
      return;
    }
    if (this.#presence === 'unreadable') return;
    if (found.verdict !== 'card-found') {
      this.#presence = 'unreadable';
      this.emit('read-failed', {
        reason: 'unreadable',
        verdict: found,
        detail: `find card: ${describeVerdict(found)}`,
        attempts: 1,
      });
      return;
    }
    await this.#readPlacement(client);
  }

  /** Select and read, retrying a failed read; reports a card pulled mid-read once, cleanly. */
  async #readPlacement(client: SamClient): Promise<void> {
    let last: SamVerdict | undefined;
    let linkError: ReaderLinkError | undefined;
    const attempts = this.#opts.readAttempts;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const result = await this.#readAttempt(client, attempt > 1);
        if (result.kind === 'identity') {
          this.#presence = 'shown';
          this.emit('card', result.identity);
          return;
        }
        if (result.kind === 'gone') {
          this.emit('read-failed', {
            reason: 'card-removed-mid-read',
            ...(last ? { verdict: last } : {}),
            detail: 'the card left the reader before it could be read; place it again',
            attempts: attempt - 1,
          });
          return;
        }
        last = result.verdict;
      } catch (err) {
        if (!isTransientLinkError(err)) throw err;
        linkError = err;
      }
    }
    this.#presence = last ? 'unreadable' : 'absent';
    const why = last ? describeVerdict(last) : (linkError?.message ?? 'unknown');
    this.emit('read-failed', {
      reason: last ? 'unreadable' : 'link-error',
      ...(last ? { verdict: last } : {}),
      detail: `card could not be read after ${attempts} attempts: ${why}; remove it and place it again`,
      attempts,
    });
  }

  /**
   * One select + read. On a retry, select comes first: a card left selected by a failed attempt is not
   * found again (§9.3) but still answers select; only when select fails does find tell whether it left.
   */
  async #readAttempt(client: SamClient, retry: boolean): Promise<AttemptResult> {
    let selected = await client.selectCard();
    if (!selected.ok && retry) {
      const found = await client.findCard();
      if (found.verdict === 'no-card') return { kind: 'gone' };
      selected = await client.selectCard();
    }
    if (!selected.ok) return { kind: 'failed', verdict: selected.verdict };
    const info = await client.readBaseInfo(this.#opts.withFingerprint);
    if (!info.ok) return { kind: 'failed', verdict: info.verdict };
    return { kind: 'identity', identity: decodeIdentity(info.value.text, info.value.photo) };
  }

  async #onSamFault(client: SamClient, verdict: SamVerdict): Promise<void> {
    this.#setHealth('fault', `SAM: ${describeVerdict(verdict)}`);
    this.#cardGone();
    await this.#sleep(this.#opts.faultRecheckMs);
    await this.#waitForHealthySam(client, this.#link?.transport.description ?? 'reader');
  }

  #cardGone(): void {
    const was = this.#presence;
    this.#presence = 'absent';
    if (was !== 'absent') this.emit('removed');
  }

  #setHealth(state: ReaderHealth['state'], detail?: string): void {
    const h = this.#health;
    if (h.state === state && h.detail === detail) return;
    this.#health = { state, ...(detail !== undefined ? { detail } : {}), since: Date.now() };
    this.emit('health', this.#health);
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
