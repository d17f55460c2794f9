/**
 * The scanner's device interface. A scanned code is a `code` event; what the driver had to throw away
 * (an incomplete code, an over-long line) is a `discarded` verdict value, never an exception.
 */

export interface ScannerHealth {
  state: 'ok' | 'fault' | 'disconnected';
  detail?: string;
  since: number;
}

/** Input the driver refused, with why. `length` counts characters (HID) or bytes (serial) dropped. */
export type DiscardVerdict =
  | { reason: 'idle-timeout'; length: number; detail: string }
  | { reason: 'too-long'; length: number; detail: string }
  | { reason: 'undecodable'; length: number; detail: string };

/** What a framing layer (HID report decoder, serial line framer) makes of its input. */
export type ScanVerdict = { kind: 'code'; text: string } | ({ kind: 'discarded' } & DiscardVerdict);

export interface ScannerEvents {
  code: [text: string];
  health: [health: ScannerHealth];
  discarded: [verdict: DiscardVerdict];
}

export interface Scanner {
  on<K extends keyof ScannerEvents>(event: K, listener: (...args: ScannerEvents[K]) => void): this;
  off<K extends keyof ScannerEvents>(event: K, listener: (...args: ScannerEvents[K]) => void): this;
  once<K extends keyof ScannerEvents>(event: K, listener: (...args: ScannerEvents[K]) => void): this;
  readonly health: ScannerHealth;
  close(): Promise<void>;
}
