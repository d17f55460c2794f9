/**
 * Serial line mode: a scanner sends each code followed by CR, LF or CRLF. Chunks from the port may
 * split a code (or a CRLF) anywhere, so partial lines are buffered. A line longer than maxLineBytes is
 * noise or a misconfigured scanner: it is refused with a verdict and skipped up to the next terminator.
 *
 * Not serialport's parsers: Readline/Delimiter split on one delimiter (scanners arrive set to CR, LF
 * or CRLF), Regex decodes its input as UTF-8 (a GB18030 scanner's bytes become U+FFFD before we see
 * them), and none bounds a line that never ends or drops a stalled partial one; this framer is also
 * the synchronous push/expire the HID keyboard decoder shares (session/source.ts).
 */
import type { ScanVerdict } from '../types.ts';

export interface LineFramerOptions {
  /** Default 1024 bytes. */
  maxLineBytes?: number;
  /** How the scanner encodes text; Chinese scanners are often set to GB18030. Default 'utf-8'. */
  encoding?: 'utf-8' | 'gb18030';
  /** A partial line with no terminator for this long is discarded. Default 1000 ms; 0 keeps it. */
  idleMs?: number;
}

const CR = 0x0d;
const LF = 0x0a;

export class LineFramer {
  readonly #maxLineBytes: number;
  readonly #decoder: TextDecoder;
  readonly #idleMs: number;
  #line: Uint8Array;
  #length = 0;
  /** Bytes skipped in an over-long line, counted until its terminator. */
  #overflow = 0;
  #afterCr = false;
  #lastByteAt: number | null = null;

  constructor(options: LineFramerOptions = {}) {
    this.#maxLineBytes = options.maxLineBytes ?? 1024;
    this.#decoder = new TextDecoder(options.encoding ?? 'utf-8', { fatal: true });
    this.#idleMs = options.idleMs ?? 1000;
    this.#line = new Uint8Array(this.#maxLineBytes);
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  get pending(): boolean {
    return this.#length > 0 || this.#overflow > 0;
  }

  push(chunk: Uint8Array, now: number = Date.now()): ScanVerdict[] {
    const out: ScanVerdict[] = [];
    const stale = this.expire(now);
    if (stale) out.push(stale);
    if (chunk.length > 0) this.#lastByteAt = now;
    for (const byte of chunk) {
      if (byte === LF && this.#afterCr) {
        this.#afterCr = false;
        continue;
      }
      this.#afterCr = byte === CR;
      if (byte === CR || byte === LF) {
        const verdict = this.#endLine();
        if (verdict) out.push(verdict);
      } else if (this.#overflow > 0 || this.#length >= this.#maxLineBytes) {
        this.#overflow++;
      } else {
        this.#line[this.#length++] = byte;
      }
    }
    return out;
  }

  expire(now: number = Date.now()): ScanVerdict | null {
    if (this.#idleMs <= 0 || !this.pending || this.#lastByteAt === null) return null;
    if (now - this.#lastByteAt < this.#idleMs) return null;
    const length = this.#length + this.#overflow;
    this.reset();
    return {
      kind: 'discarded',
      reason: 'idle-timeout',
      length,
      detail: `partial line of ${length} bytes with no CR/LF for ${this.#idleMs} ms discarded`,
    };
  }

  reset(): void {
    this.#length = 0;
    this.#overflow = 0;
    this.#afterCr = false;
  }

  #endLine(): ScanVerdict | null {
    const length = this.#length;
    const overflow = this.#overflow;
    this.#length = 0;
    this.#overflow = 0;
    if (overflow > 0) {
      return {
        kind: 'discarded',
        reason: 'too-long',
        length: length + overflow,
        detail: `line of ${length + overflow} bytes refused (limit ${this.#maxLineBytes})`,
      };
    }
    if (length === 0) return null;
    const bytes = this.#line.subarray(0, length);
    if (bytes.some(isNoiseByte)) {
      return { kind: 'discarded', reason: 'undecodable', length, detail: 'line has control bytes (noise?)' };
    }
    try {
      return { kind: 'code', text: this.#decoder.decode(bytes) };
    } catch {
      return { kind: 'discarded', reason: 'undecodable', length, detail: 'line is not valid text' };
    }
  }
}

/** Control bytes other than tab and GS (the GS1 group separator) do not occur in scanned text. */
function isNoiseByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x1d) || byte === 0x7f;
}
