/**
 * Fires `onIdle` once after `timeoutMs` without a `poke()`; the kiosk uses it to wipe personal
 * data from the screen and return home. Timers are injected so tests need no real waiting.
 */
import type { Timers } from './state-stream.ts';

export interface IdleTimer {
  /** Activity seen: start the countdown again. */
  poke(): void;
  stop(): void;
  /** Milliseconds until `onIdle`, or null when stopped or already fired. */
  remainingMs(): number | null;
}

export interface IdleTimerOptions {
  timeoutMs: number;
  onIdle: () => void;
  timers?: Timers;
  now?: () => number;
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  if (!(options.timeoutMs > 0))
    throw new RangeError(`idle timeout must be positive, got ${options.timeoutMs}`);
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const now = options.now ?? (() => Date.now());
  let handle: unknown = null;
  let deadline: number | null = null;

  const clear = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    deadline = null;
  };

  const timer: IdleTimer = {
    poke() {
      clear();
      deadline = now() + options.timeoutMs;
      handle = timers.setTimeout(() => {
        handle = null;
        deadline = null;
        options.onIdle();
      }, options.timeoutMs);
    },
    stop: clear,
    remainingMs: () => (deadline === null ? null : Math.max(0, deadline - now())),
  };
  timer.poke();
  return timer;
}
