/**
 * Live `PublicState` from `GET /api/events` (SSE, `event: state`). EventSource retries by itself
 * after a dropped connection, but gives up for good on an HTTP error or a wrong content type
 * (readyState CLOSED); then we open a new one ourselves with capped backoff. The appliance ends a
 * stream after it has carried its byte budget and EventSource reconnects within its `retry`, so a
 * dropped connection shows offline only when it is not back within `reconnectGraceMs`.
 */

import { type ReadonlySignal, signal } from '@preact/signals-core';
import type { PublicState } from '../../contract/api.ts';

export interface LiveState {
  state: PublicState | null;
  /** The stream to the appliance is open. Not the same as `devices.uplink` (the link to central). */
  connected: boolean;
  /** The last attempt to reach the appliance failed (false while the first one is still under way). */
  failed?: boolean;
}

/** The part of the browser's EventSource we use, so tests can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onerror: ((ev: Event) => void) | null;
  addEventListener(type: 'state', listener: (ev: MessageEvent<string>) => void): void;
  close(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StateStreamOptions {
  url: string;
  createSource?: (url: string) => EventSourceLike;
  timers?: Timers;
  /** Backoff after a closed stream: first delay and cap, in ms. */
  retryMs?: { first: number; max: number };
  /** How long a dropped stream that EventSource is reopening may take before the screen says offline. */
  reconnectGraceMs?: number;
}

export interface StateStream {
  live: ReadonlySignal<LiveState>;
  close(): void;
}

const CLOSED = 2;

export function parseStateMessage(data: string): PublicState | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const candidate = parsed as Partial<PublicState>;
    if (!candidate.kiosk || !Array.isArray(candidate.services) || !candidate.devices) return null;
    return parsed as PublicState;
  } catch {
    return null;
  }
}

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function connectStateStream(options: StateStreamOptions): StateStream {
  const createSource = options.createSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  const timers = options.timers ?? browserTimers;
  const retry = options.retryMs ?? { first: 1000, max: 15000 };
  const grace = options.reconnectGraceMs ?? 5000;
  const live = signal<LiveState>({ state: null, connected: false });
  let source: EventSourceLike | null = null;
  let retryHandle: unknown = null;
  let graceHandle: unknown = null;
  let delay = retry.first;
  let closed = false;

  const setConnected = (connected: boolean) => {
    const now = live.peek();
    if (now.connected !== connected || now.failed !== !connected)
      live.value = { ...now, connected, failed: !connected };
  };

  const open = () => {
    retryHandle = null;
    if (closed) return;
    const es = createSource(options.url);
    source = es;
    const endGrace = () => {
      if (graceHandle !== null) timers.clearTimeout(graceHandle);
      graceHandle = null;
    };
    es.onopen = () => {
      endGrace();
      delay = retry.first;
      setConnected(true);
    };
    es.onerror = () => {
      if (es.readyState !== CLOSED && live.peek().connected) {
        // EventSource is reopening it (the appliance ended a stream at its budget, or a blip).
        graceHandle ??= timers.setTimeout(() => {
          graceHandle = null;
          setConnected(false);
        }, grace);
        return;
      }
      endGrace();
      setConnected(false);
      if (es.readyState === CLOSED && source === es) {
        es.close();
        source = null;
        retryHandle = timers.setTimeout(open, delay);
        delay = Math.min(delay * 2, retry.max);
      }
    };
    es.addEventListener('state', (ev) => {
      const state = parseStateMessage(ev.data);
      if (state) live.value = { state, connected: true };
    });
  };

  open();
  return {
    live,
    close() {
      closed = true;
      if (retryHandle !== null) timers.clearTimeout(retryHandle);
      if (graceHandle !== null) timers.clearTimeout(graceHandle);
      source?.close();
      source = null;
    },
  };
}
