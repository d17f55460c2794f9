import type { Identity } from '../identity/types.ts';
import type { SamVerdict } from '../protocol/status.ts';

export interface ReaderHealth {
  state: 'ok' | 'fault' | 'disconnected';
  detail?: string;
  since: number;
}

/** A placement that did not end in a 'card' event. */
export interface ReadFailure {
  reason: 'card-removed-mid-read' | 'unreadable' | 'link-error';
  /** The last SAM verdict seen, when the SAM gave one. */
  verdict?: SamVerdict;
  detail: string;
  attempts: number;
}

export interface ReaderEvents {
  card: [identity: Identity];
  removed: [];
  health: [health: ReaderHealth];
  'read-failed': [failure: ReadFailure];
}

export interface IdCardReader {
  on(event: 'card', listener: (identity: Identity) => void): this;
  on(event: 'removed', listener: () => void): this;
  on(event: 'health', listener: (health: ReaderHealth) => void): this;
  on(event: 'read-failed', listener: (failure: ReadFailure) => void): this;
  off(event: 'card', listener: (identity: Identity) => void): this;
  off(event: 'removed', listener: () => void): this;
  off(event: 'health', listener: (health: ReaderHealth) => void): this;
  off(event: 'read-failed', listener: (failure: ReadFailure) => void): this;
  readonly health: ReaderHealth;
  close(): Promise<void>;
}

export interface ReaderSessionOptions {
  baudRate?: number;
  /** Poll period for find (no card) and presence checks (card on the reader). Default 300 ms. */
  pollIntervalMs?: number;
  /** Read attempts per placement before reporting 'read-failed'. Default 3. */
  readAttempts?: number;
  /** Reconnect backoff: first delay, doubled each failure up to the cap. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** While the SAM reports a fault, re-check its status this often. Default 2000 ms. */
  faultRecheckMs?: number;
  /** Added to each command's wire time to get its timeout. */
  commandTimeoutMs?: number;
  /** Read with 30 10 (fingerprint) instead of 30 01. */
  withFingerprint?: boolean;
  /** Consecutive timeouts or garbled replies tolerated before the link counts as lost. Default 3. */
  maxLinkErrors?: number;
}
