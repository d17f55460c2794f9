/**
 * Serves a SamSimulator on a serial port with real timing: each request waits its SAM delay, is
 * answered from the simulator's state at that moment (so a card removed during the delay gives 41),
 * and the reply goes out paced at the baud rate's wire time. Faults can be injected at run time.
 */
import type { SerialPort } from 'serialport';
import { wireTimeMs } from '../protocol/commands.ts';
import { decodeCommandFrame } from '../protocol/frame.ts';
import { COMMAND_LIMITS, FrameParser, type ParseEvent } from '../protocol/frame-parser.ts';
import { seededBytes } from './card-data.ts';
import type { SamSimulator } from './sam-simulator.ts';

export interface SamDelayProfile {
  find: number;
  select: number;
  read: number;
  other: number;
}

/** Delays in the range the reference suggests for real SAMs (§10.4) [U]. */
export const REALISTIC_SAM_DELAYS: SamDelayProfile = { find: 20, select: 20, read: 350, other: 5 };

export interface SimFaults {
  /** Random bytes sent before each reply. */
  noiseBytes: number;
  /** Send replies in random chunk sizes (1–64 bytes) instead of steady wire-time pieces. */
  splitReplies: boolean;
  /** Corrupt the checksum of this many upcoming replies. */
  corruptReplies: number;
  /** Stay silent to this many upcoming requests (the host should time out). */
  dropReplies: number;
  /** Take the card away when the next read command arrives, so the read answers 41. */
  pullCardOnNextRead: boolean;
}

export interface SimServerOptions {
  baudRate?: number;
  samDelayMs?: number | SamDelayProfile;
  /** Seed for noise and split sizes, so a faulty run can be replayed. */
  seed?: number;
  /** Called with each request and reply, for `shequ sim idcard --verbose`. */
  onExchange?: (request: ParseEvent, reply: Uint8Array | null) => void;
}

export class SimServer {
  readonly #port: SerialPort;
  readonly #sim: SamSimulator;
  readonly #parser = new FrameParser(COMMAND_LIMITS);
  readonly #delays: SamDelayProfile;
  readonly #onExchange: SimServerOptions['onExchange'];
  #baudRate: number;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #random: () => number;
  readonly faults: SimFaults = {
    noiseBytes: 0,
    splitReplies: false,
    corruptReplies: 0,
    dropReplies: 0,
    pullCardOnNextRead: false,
  };

  constructor(port: SerialPort, sim: SamSimulator, options: SimServerOptions = {}) {
    this.#port = port;
    this.#sim = sim;
    this.#baudRate = options.baudRate ?? 115200;
    const d = options.samDelayMs ?? 0;
    this.#delays = typeof d === 'number' ? { find: d, select: d, read: d, other: d } : d;
    this.#onExchange = options.onExchange;
    let seed = options.seed ?? 1;
    this.#random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 0x100000000;
    };
    sim.onBaudChange = (baud) => {
      this.#baudRate = baud;
      void this.#queue.then(() => new Promise<void>((r) => port.update({ baudRate: baud }, () => r())));
    };
    port.on('data', (chunk: Buffer) => {
      for (const event of this.#parser.push(chunk)) {
        this.#queue = this.#queue.then(() => this.#answer(event)).catch(() => {});
      }
    });
  }

  get baudRate(): number {
    return this.#baudRate;
  }

  /** Resolves when every request received so far has been answered. */
  idle(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    this.#closed = true;
  }

  async #answer(event: ParseEvent): Promise<void> {
    if (this.#closed) return;
    if (event.kind === 'frame') {
      const { cmd, para } = decodeCommandFrame(event.bytes);
      const isRead = cmd === 0x30;
      if (isRead && this.faults.pullCardOnNextRead) {
        this.faults.pullCardOnNextRead = false;
        this.#sim.remove();
      }
      await sleep(this.#delayFor(cmd, para));
    }
    if (this.#closed) return;
    const reply = this.#sim.replyTo(event);
    this.#onExchange?.(event, reply);
    if (!reply) return;
    if (this.faults.dropReplies > 0) {
      this.faults.dropReplies--;
      return;
    }
    if (this.faults.corruptReplies > 0) {
      this.faults.corruptReplies--;
      reply[reply.length - 1]! ^= 0xff;
    }
    if (this.faults.noiseBytes > 0) {
      const noise = seededBytes(Math.floor(this.#random() * 0xffffffff), this.faults.noiseBytes);
      await this.#paced(noise);
    }
    await this.#paced(reply);
  }

  #delayFor(cmd: number, para: number): number {
    if (cmd === 0x20) return para === 0x01 ? this.#delays.find : this.#delays.select;
    if (cmd === 0x30) return this.#delays.read;
    return this.#delays.other;
  }

  /** Writes `bytes` so the last one leaves at the wire time the baud rate gives them. */
  async #paced(bytes: Uint8Array): Promise<void> {
    const start = performance.now();
    const steady = Math.max(1, Math.round(this.#baudRate / 10 / 250)); // about 4 ms of bytes
    let at = 0;
    while (at < bytes.length && !this.#closed) {
      const size = this.faults.splitReplies ? 1 + Math.floor(this.#random() * 64) : steady;
      const piece = bytes.subarray(at, at + size);
      at += piece.length;
      const due = start + wireTimeMs(at, this.#baudRate);
      const wait = due - performance.now();
      if (wait > 0.5) await sleep(wait);
      await write(this.#port, piece);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function write(port: SerialPort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      resolve();
      return;
    }
    port.write(Buffer.from(bytes), () => resolve());
  });
}
