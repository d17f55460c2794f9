/**
 * Runs supervision on a timer, so levels move as time passes even when no one touches a case.
 * A tick that finds the previous pass still running is skipped, so slow disks never stack passes.
 * The first pass runs at once: the appliance may have been off while levels moved, or it starts
 * on a new calendar (a configuration with a new holiday arrangement, a release with new rules)
 * that moves the deadlines of open cases.
 */
import type { Cases } from './cases.ts';
import type { CaseRecord } from './records.ts';

export interface SupervisionTimerOptions {
  everyMs: number;
  onChanged?: (changed: CaseRecord[]) => void;
  onError?: (error: unknown) => void;
}

export interface SupervisionTimer {
  /** Runs a pass now and resolves with the cases it changed. */
  runNow(): Promise<CaseRecord[]>;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
}

export function startSupervisionTimer(
  cases: Pick<Cases, 'supervise'>,
  opts: SupervisionTimerOptions,
): SupervisionTimer {
  let inFlight: Promise<CaseRecord[]> | null = null;
  const pass = (): Promise<CaseRecord[]> => {
    const run = cases.supervise().then((changed) => {
      if (changed.length > 0) opts.onChanged?.(changed);
      return changed;
    });
    inFlight = run;
    run
      .finally(() => {
        if (inFlight === run) inFlight = null;
      })
      .catch(() => undefined);
    return run;
  };
  const tick = () => {
    if (inFlight) return;
    pass().catch((e: unknown) => opts.onError?.(e));
  };
  const first = setImmediate(tick);
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  return {
    runNow: pass,
    async stop() {
      clearImmediate(first);
      clearInterval(timer);
      await inFlight?.catch(() => undefined);
    },
  };
}
