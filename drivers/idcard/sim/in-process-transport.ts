/**
 * A ByteTransport wired straight to a SamSimulator, with no pty and no wire time: replies arrive on a
 * later tick, optionally in pieces. For fast session tests and for running the appliance with a
 * simulated reader where socat is not available. `unplug()` behaves like a yanked USB cable.
 */
import { EventEmitter } from 'node:events';
import { ReaderLinkError } from '../link/errors.ts';
import type { ByteTransport, TransportEvents } from '../link/transport.ts';
import type { SamSimulator } from './sam-simulator.ts';

export interface InProcessTransportOptions {
  /** Deliver each reply in pieces of at most this many bytes (default: whole). */
  chunkSize?: number;
  /** Milliseconds before each reply (default: next tick). */
  replyDelayMs?: number;
  /** Rewrites each reply before delivery (noise, corruption); return null to stay silent. */
  tamper?: (reply: Uint8Array) => Uint8Array | null;
}

export class InProcessTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description = 'in-process simulated reader';
  readonly #sim: SamSimulator;
  readonly #opts: InProcessTransportOptions;
  #open = true;

  constructor(sim: SamSimulator, options: InProcessTransportOptions = {}) {
    super();
    this.#sim = sim;
    this.#opts = options;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new ReaderLinkError('LINK_CLOSED', `${this.description} is closed`);
    for (const reply of this.#sim.feedFrames(bytes)) {
      const tampered = this.#opts.tamper ? this.#opts.tamper(reply) : reply;
      if (tampered) this.#deliver(tampered);
    }
  }

  #deliver(reply: Uint8Array): void {
    const size = this.#opts.chunkSize ?? reply.length;
    const send = (): void => {
      for (let at = 0; at < reply.length && this.#open; at += size) {
        this.emit('data', reply.slice(at, at + size));
      }
    };
    if (this.#opts.replyDelayMs) setTimeout(send, this.#opts.replyDelayMs);
    else setImmediate(send);
  }

  /** The cable is pulled: the session sees an unexpected close. */
  unplug(): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('close', new Error('device unplugged'));
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.emit('close', undefined);
  }
}
