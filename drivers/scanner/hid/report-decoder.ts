/**
 * Decodes the boot-keyboard reports a keyboard-wedge scanner sends (modifier byte, reserved byte, six
 * key usages) into codes. A key counts once, in the report where it first appears; a key still present
 * in the next report is held, not typed again. Enter or keypad Enter ends a code. Input the decoder has
 * to throw away comes back as a verdict value.
 *
 * Some scanners prefix each report with a report-ID byte (9 bytes instead of 8); both are accepted.
 * Alt+keypad digits (Windows "Alt codes", used by some scanners for non-ASCII text) are decoded too.
 */
import type { ScanVerdict } from '../types.ts';
import {
  ALT_MASK,
  CTRL_MASK,
  charFor,
  controlCharFor,
  GUI_MASK,
  keypadDigit,
  SHIFT_MASK,
  USAGE,
} from './keymap.ts';

export interface ReportDecoderOptions {
  /** An incomplete code is discarded when no key arrives for this long. Default 300 ms. */
  idleMs?: number;
  /** Codes longer than this many characters are refused. Default 2048. */
  maxLength?: number;
  /**
   * How Alt+nnn without a leading zero is read for values above 255: 'gbk' as on a Chinese Windows
   * host (Alt+45217 is 啊), or 'unicode'. Alt+0nnn is always a Unicode code point. Default 'gbk'.
   */
  altCodes?: 'gbk' | 'unicode';
}

const gbk = new TextDecoder('gbk', { fatal: true });

export class KeyboardReportDecoder {
  readonly #idleMs: number;
  readonly #maxLength: number;
  readonly #altCodes: 'gbk' | 'unicode';
  #held = new Set<number>();
  #modifiers = 0;
  #capsLock = false;
  #chars: string[] = [];
  /** Characters typed past maxLength; non-zero means the code is being refused. */
  #overflow = 0;
  #altDigits = '';
  #lastKeyAt: number | null = null;
  /** Reports that were neither 8 nor 9 bytes long; ignored, counted for diagnostics. */
  badReports = 0;

  constructor(options: ReportDecoderOptions = {}) {
    this.#idleMs = options.idleMs ?? 300;
    this.#maxLength = options.maxLength ?? 2048;
    this.#altCodes = options.altCodes ?? 'gbk';
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  /** True while part of a code is buffered (the caller arms an idle timer). */
  get pending(): boolean {
    return this.#chars.length > 0 || this.#overflow > 0 || this.#altDigits.length > 0;
  }

  push(raw: Uint8Array, now: number = Date.now()): ScanVerdict[] {
    const out: ScanVerdict[] = [];
    const stale = this.expire(now);
    if (stale) out.push(stale);

    const report = raw.length === 9 ? raw.subarray(1) : raw;
    if (report.length !== 8) {
      this.badReports++;
      return out;
    }
    const keys = [...report.subarray(2)].filter((k) => k !== 0);
    // Too many keys at once: the keyboard reports a phantom state, not real key changes.
    if (keys.includes(USAGE.errorRollOver)) return out;

    const modifiers = report[0]!;
    if (this.#modifiers & ALT_MASK && !(modifiers & ALT_MASK)) this.#finishAltCode();
    this.#modifiers = modifiers;

    const pressed = keys.filter((k) => !this.#held.has(k));
    this.#held = new Set(keys);
    for (const usage of pressed) {
      this.#lastKeyAt = now;
      const verdict = this.#key(usage, modifiers);
      if (verdict) out.push(verdict);
    }
    return out;
  }

  /** Discards a buffered partial code once it has been idle for idleMs. */
  expire(now: number = Date.now()): ScanVerdict | null {
    if (!this.pending || this.#lastKeyAt === null || now - this.#lastKeyAt < this.#idleMs) return null;
    return this.#discard(
      'idle-timeout',
      `incomplete code discarded: no key for ${now - this.#lastKeyAt} ms and no Enter`,
    );
  }

  /** Forgets everything, e.g. after the device reconnects. */
  reset(): void {
    this.#held.clear();
    this.#modifiers = 0;
    this.#chars = [];
    this.#overflow = 0;
    this.#altDigits = '';
    this.#lastKeyAt = null;
  }

  #key(usage: number, modifiers: number): ScanVerdict | null {
    if (usage === USAGE.enter || usage === USAGE.keypadEnter) return this.#finish();
    if (usage === USAGE.capsLock) {
      this.#capsLock = !this.#capsLock;
      return null;
    }
    if (usage === USAGE.backspace) {
      if (this.#overflow > 0) this.#overflow--;
      else this.#chars.pop();
      return null;
    }
    if (modifiers & ALT_MASK) {
      const digit = keypadDigit(usage);
      if (digit !== null) this.#altDigits += String(digit);
      return null;
    }
    if (modifiers & GUI_MASK) return null;
    if (modifiers & CTRL_MASK) {
      const control = controlCharFor(usage);
      if (control) this.#append(control);
      return null;
    }
    const ch = charFor(usage, (modifiers & SHIFT_MASK) !== 0, this.#capsLock);
    if (ch) this.#append(ch);
    return null;
  }

  #append(ch: string): void {
    if (this.#overflow > 0 || this.#chars.length >= this.#maxLength) this.#overflow++;
    else this.#chars.push(ch);
  }

  #finishAltCode(): void {
    const digits = this.#altDigits;
    this.#altDigits = '';
    if (digits === '') return;
    const value = Number.parseInt(digits, 10);
    if (value === 0) return;
    if (digits.startsWith('0') || value < 0x80 || this.#altCodes === 'unicode') {
      if (value <= 0x10ffff) this.#append(String.fromCodePoint(value));
      return;
    }
    if (value > 0xff && value <= 0xffff) {
      try {
        this.#append(gbk.decode(Uint8Array.of(value >> 8, value & 0xff)));
        return;
      } catch {
        // not a GBK character: counted below so the code is refused, not silently shortened
      }
    }
    this.#append('\ufffd');
  }

  #finish(): ScanVerdict | null {
    if (this.#overflow > 0) {
      return this.#discard('too-long', `code longer than ${this.#maxLength} characters refused`);
    }
    const text = this.#chars.join('');
    this.#chars = [];
    this.#altDigits = '';
    if (text === '') return null;
    if (text.includes('\ufffd')) {
      return { kind: 'discarded', reason: 'undecodable', length: text.length, detail: 'bad Alt+keypad code' };
    }
    return { kind: 'code', text };
  }

  #discard(reason: 'idle-timeout' | 'too-long', detail: string): ScanVerdict {
    const length = this.#chars.length + this.#overflow;
    this.#chars = [];
    this.#overflow = 0;
    this.#altDigits = '';
    return { kind: 'discarded', reason, length, detail };
  }
}
