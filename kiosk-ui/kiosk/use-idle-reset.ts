import { useEffect } from 'preact/hooks';
import { createIdleTimer } from '../shared/idle-timer.ts';

/** Idle times: elderly residents get longer before the screen starts over. */
export const IDLE_MS = { standard: 60_000, elderly: 120_000 } as const;

/** Any touch, key or `activity` change restarts the countdown; at zero `onIdle` runs. */
export function useIdleReset(timeoutMs: number, onIdle: () => void, activity: unknown): void {
  useEffect(() => {
    const timer = createIdleTimer({ timeoutMs, onIdle });
    const poke = () => timer.poke();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) document.addEventListener(e, poke, { passive: true });
    return () => {
      timer.stop();
      for (const e of events) document.removeEventListener(e, poke);
    };
  }, [timeoutMs, onIdle, activity]);
}
