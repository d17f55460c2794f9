/**
 * What the hall's board shows, as signals computed from the live state and a ticking clock:
 * today's standing calls, the call "now calling" (only while it is recent), the ones before it, and how
 * many wait for each service.
 */
import { computed, type ReadonlySignal, signal } from '@preact/signals-core';
import type { CallView, ServiceView } from '../../contract/api.ts';
import { todaysCalls } from '../shared/centre-day.ts';
import type { LiveState } from '../shared/state-stream.ts';

export const DEFAULT_STALE_MINUTES = 5;
export const RECENT_CALLS_SHOWN = 8;

export interface BoardSettings {
  /** A call older than this leaves the "now calling" area (it stays in the recent list). */
  staleMs: number;
}

/** From the board's address: `/board/?stale=3` keeps a call as current for three minutes. */
export function boardSettings(search: string): BoardSettings {
  const minutes = Number(new URLSearchParams(search).get('stale'));
  const valid = Number.isFinite(minutes) && minutes > 0 && minutes <= 120;
  return { staleMs: (valid ? minutes : DEFAULT_STALE_MINUTES) * 60_000 };
}

export interface WaitingRow {
  service: ServiceView;
  waiting: number;
}

export interface BoardModel {
  now: ReadonlySignal<number>;
  calls: ReadonlySignal<CallView[]>;
  current: ReadonlySignal<CallView | null>;
  recent: ReadonlySignal<CallView[]>;
  waiting: ReadonlySignal<WaitingRow[]>;
  dispose(): void;
}

export function createBoardModel(
  live: ReadonlySignal<LiveState>,
  settings: BoardSettings,
  clock: { now(): number; every(ms: number, tick: () => void): () => void } = {
    now: () => Date.now(),
    every: (ms, tick) => {
      const handle = setInterval(tick, ms);
      return () => clearInterval(handle);
    },
  },
): BoardModel {
  const now = signal(clock.now());
  const stop = clock.every(1000, () => {
    now.value = clock.now();
  });
  // A call withdrawn by a no-show or a transfer no longer stands: not "now calling", not on the counter.
  const calls = computed(() =>
    todaysCalls(live.value.state?.calls ?? [], now.value).filter((c) => !c.withdrawn),
  );
  const current = computed(() => {
    const latest = calls.value[0];
    return latest && now.value - latest.calledAt <= settings.staleMs ? latest : null;
  });
  const recent = computed(() =>
    calls.value.slice(current.value ? 1 : 0, (current.value ? 1 : 0) + RECENT_CALLS_SHOWN),
  );
  const waiting = computed(() => {
    const state = live.value.state;
    if (!state) return [];
    return state.services.map((service) => ({ service, waiting: state.waitingByService[service.id] ?? 0 }));
  });
  return { now, calls, current, recent, waiting, dispose: stop };
}
