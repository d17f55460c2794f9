/**
 * Streaming GA 467 frame parser. Bytes arrive in any pieces (one at a time, split anywhere, behind
 * noise); the parser hunts for the preamble, reads the big-endian length, refuses lengths no frame of
 * this direction can have (so it never waits for 64 KB that will not come), and verifies the XOR.
 * After a bad frame it resumes the hunt one byte after that frame's preamble, so a good frame hidden
 * inside the bytes of a broken one is still found.
 *
 * It holds at most one frame's worth of bytes plus the last chunk pushed, whatever it is fed.
 *
 * Not serialport's PacketLengthParser: it reads the length little-endian (GA 467's is big-endian),
 * checks no checksum, cannot resume inside a broken frame, and emits its buffer as a "packet" when
 * the length is impossible.
 */
import {
  HEADER_LENGTH,
  MAX_COMMAND_LENGTH,
  MAX_RESPONSE_LENGTH,
  MIN_COMMAND_LENGTH,
  MIN_RESPONSE_LENGTH,
  PREAMBLE,
  xorChecksum,
} from './frame.ts';

export type DiscardReason = 'noise' | 'bad-length' | 'bad-checksum';

export type ParseEvent =
  | { kind: 'frame'; bytes: Uint8Array }
  /** `bytes` is how many bytes were dropped; `length` is the impossible or failing Len field. */
  | { kind: 'discarded'; reason: DiscardReason; bytes: number; length?: number };

export interface FrameParserOptions {
  minLength: number;
  maxLength: number;
}

export const RESPONSE_LIMITS: FrameParserOptions = {
  minLength: MIN_RESPONSE_LENGTH,
  maxLength: MAX_RESPONSE_LENGTH,
};
export const COMMAND_LIMITS: FrameParserOptions = {
  minLength: MIN_COMMAND_LENGTH,
  maxLength: MAX_COMMAND_LENGTH,
};

export interface FrameParserStats {
  frames: number;
  noiseBytes: number;
  badLength: number;
  badChecksum: number;
}

export class FrameParser {
  readonly #limits: FrameParserOptions;
  #buf = new Uint8Array(256);
  #start = 0;
  #end = 0;
  readonly stats: FrameParserStats = { frames: 0, noiseBytes: 0, badLength: 0, badChecksum: 0 };

  constructor(limits: FrameParserOptions = RESPONSE_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Size of the internal buffer, for memory-bound tests. */
  get capacity(): number {
    return this.#buf.length;
  }

  /** Drops whatever partial frame is held (e.g. after an inter-byte timeout); returns how many bytes. */
  reset(): number {
    const dropped = this.buffered;
    this.#start = 0;
    this.#end = 0;
    this.#shrink();
    return dropped;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    this.#append(chunk);
    const events: ParseEvent[] = [];
    while (this.#step(events)) {
      // keep extracting until the buffer holds no complete frame
    }
    this.#compact();
    return events;
  }

  /** One parsing step; returns false when more input is needed. */
  #step(events: ParseEvent[]): boolean {
    const at = this.#findPreamble();
    if (at < 0) {
      // Keep only a tail that could be the start of a preamble.
      const keep = this.#preamblePrefixAtEnd();
      this.#discardNoise(this.#end - keep - this.#start, events);
      return false;
    }
    this.#discardNoise(at - this.#start, events);
    if (this.buffered < HEADER_LENGTH) return false;
    const b = this.#buf;
    const len = ((b[at + 5] ?? 0) << 8) | (b[at + 6] ?? 0);
    if (len < this.#limits.minLength || len > this.#limits.maxLength) {
      this.stats.badLength++;
      this.#start = at + 1;
      events.push({ kind: 'discarded', reason: 'bad-length', bytes: 1, length: len });
      return true;
    }
    const total = HEADER_LENGTH + len;
    if (this.buffered < total) return false;
    const last = at + total - 1;
    if (xorChecksum(b, at + 5, last) !== b[last]) {
      this.stats.badChecksum++;
      this.#start = at + 1;
      events.push({ kind: 'discarded', reason: 'bad-checksum', bytes: 1, length: len });
      return true;
    }
    this.stats.frames++;
    events.push({ kind: 'frame', bytes: b.slice(at, at + total) });
    this.#start = at + total;
    return true;
  }

  #discardNoise(count: number, events: ParseEvent[]): void {
    if (count <= 0) return;
    this.stats.noiseBytes += count;
    this.#start += count;
    const previous = events.at(-1);
    if (previous?.kind === 'discarded' && previous.reason === 'noise') previous.bytes += count;
    else events.push({ kind: 'discarded', reason: 'noise', bytes: count });
  }

  #findPreamble(): number {
    const b = this.#buf;
    const lastStart = this.#end - PREAMBLE.length;
    for (let i = this.#start; i <= lastStart; i++) {
      if (b[i] === 0xaa && b[i + 1] === 0xaa && b[i + 2] === 0xaa && b[i + 3] === 0x96 && b[i + 4] === 0x69) {
        return i;
      }
    }
    return -1;
  }

  #preamblePrefixAtEnd(): number {
    const max = Math.min(PREAMBLE.length - 1, this.buffered);
    for (let n = max; n > 0; n--) {
      let match = true;
      for (let k = 0; k < n; k++) {
        if (this.#buf[this.#end - n + k] !== PREAMBLE[k]) {
          match = false;
          break;
        }
      }
      if (match) return n;
    }
    return 0;
  }

  #append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      this.#compact();
      if (this.#end + chunk.length > this.#buf.length) {
        let size = this.#buf.length;
        while (size < this.#end + chunk.length) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(this.#buf.subarray(0, this.#end));
        this.#buf = grown;
      }
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  #compact(): void {
    if (this.#start === 0) return;
    this.#buf.copyWithin(0, this.#start, this.#end);
    this.#end -= this.#start;
    this.#start = 0;
    this.#shrink();
  }

  /** A huge noise chunk must not pin a huge buffer forever. */
  #shrink(): void {
    const ceiling = 2 * (HEADER_LENGTH + this.#limits.maxLength);
    if (this.#buf.length > ceiling && this.#end <= ceiling / 2) {
      const smaller = new Uint8Array(ceiling);
      smaller.set(this.#buf.subarray(0, this.#end));
      this.#buf = smaller;
    }
  }
}
