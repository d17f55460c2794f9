/**
 * Request/response over a byte transport: one outstanding command at a time (the SAM answers in
 * order and its replies carry no command echo), a timeout per command, and typed ReaderLinkErrors
 * for timeouts and a closed link. A partial frame that stops arriving is dropped after an
 * inter-byte gap, so a corrupted length field cannot stall the link. (serialport's
 * InterByteTimeoutParser emits only after the gap, which would add the gap to every reply; here
 * frames are parsed as they arrive and the gap only drops what is left.)
 */
import { buildCommandFrame, decodeResponseFrame, type ResponseFrame } from '../protocol/frame.ts';
import { FrameParser, type ParseEvent, RESPONSE_LIMITS } from '../protocol/frame-parser.ts';
import { ReaderLinkError } from './errors.ts';
import type { ByteTransport } from './transport.ts';

export interface SamLinkOptions {
  /** Drop a partial frame when no byte arrived for this long. */
  interByteGapMs?: number;
  /** Called for every discarded piece of input (noise, bad length, bad checksum), for logs and stats. */
  onDiscard?: (event: Extract<ParseEvent, { kind: 'discarded' }>) => void;
}

export interface RawResponse extends ResponseFrame {
  /** The whole frame as received. */
  raw: Uint8Array;
}

interface Pending {
  resolve: (frame: Uint8Array) => void;
  reject: (err: Error) => void;
}

export interface SamLinkStats {
  requests: number;
  timeouts: number;
  unsolicitedFrames: number;
  gapResets: number;
}

export class SamLink {
  readonly #transport: ByteTransport;
  readonly #parser = new FrameParser(RESPONSE_LIMITS);
  readonly #gapMs: number;
  readonly #onDiscard: SamLinkOptions['onDiscard'];
  #pending: Pending | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #gapTimer: NodeJS.Timeout | null = null;
  #closedError: ReaderLinkError | null = null;
  readonly stats: SamLinkStats = { requests: 0, timeouts: 0, unsolicitedFrames: 0, gapResets: 0 };

  constructor(transport: ByteTransport, options: SamLinkOptions = {}) {
    this.#transport = transport;
    this.#gapMs = options.interByteGapMs ?? 500;
    this.#onDiscard = options.onDiscard;
    transport.on('data', (chunk) => this.#onData(chunk));
    transport.on('close', (err) => {
      this.#closedError = new ReaderLinkError(
        'LINK_CLOSED',
        `${transport.description} closed${err ? `: ${err.message}` : ''}`,
        { cause: err },
      );
      this.#clearGapTimer();
      this.#pending?.reject(this.#closedError);
      this.#pending = null;
    });
  }

  get transport(): ByteTransport {
    return this.#transport;
  }

  get parserStats(): FrameParser['stats'] {
    return this.#parser.stats;
  }

  /** Sends one command and resolves with the next complete response frame. */
  request(cmd: number, para: number, timeoutMs: number, data?: Uint8Array): Promise<RawResponse> {
    const run = this.#queue.then(() => this.#exchange(cmd, para, timeoutMs, data));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #exchange(cmd: number, para: number, timeoutMs: number, data?: Uint8Array): Promise<RawResponse> {
    if (this.#closedError) throw this.#closedError;
    this.stats.requests++;
    // A reply that arrives after its command timed out must not be taken for this command's reply.
    this.#parser.reset();
    const frame = await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = null;
        this.stats.timeouts++;
        reject(
          new ReaderLinkError(
            'LINK_TIMEOUT',
            `no reply to command ${hex(cmd)} ${hex(para)} within ${timeoutMs} ms on ${this.#transport.description}`,
          ),
        );
      }, timeoutMs);
      this.#pending = {
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.#transport.write(buildCommandFrame(cmd, para, data)).catch((err: unknown) => {
        this.#pending = null;
        clearTimeout(timer);
        reject(err);
      });
    });
    return { ...decodeResponseFrame(frame), raw: frame };
  }

  #onData(chunk: Uint8Array): void {
    for (const event of this.#parser.push(chunk)) {
      if (event.kind === 'discarded') {
        this.#onDiscard?.(event);
        // A broken frame while a command waits is almost surely its reply: fail now, not at the timeout.
        const waiting = this.#pending;
        if (waiting && event.reason !== 'noise') {
          this.#pending = null;
          waiting.reject(
            new ReaderLinkError(
              'LINK_BAD_REPLY',
              `reply frame discarded (${event.reason}, Len ${event.length}) on ${this.#transport.description}`,
            ),
          );
        }
        continue;
      }
      const pending = this.#pending;
      if (pending) {
        this.#pending = null;
        pending.resolve(event.bytes);
      } else {
        this.stats.unsolicitedFrames++;
      }
    }
    this.#clearGapTimer();
    if (this.#parser.buffered > 0) {
      this.#gapTimer = setTimeout(() => {
        this.#gapTimer = null;
        const dropped = this.#parser.reset();
        if (dropped > 0) {
          this.stats.gapResets++;
          this.#onDiscard?.({ kind: 'discarded', reason: 'noise', bytes: dropped });
        }
      }, this.#gapMs);
    }
  }

  #clearGapTimer(): void {
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = null;
  }

  async close(): Promise<void> {
    this.#clearGapTimer();
    await this.#transport.close();
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}
