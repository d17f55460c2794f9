import { useEffect, useRef, useState } from 'preact/hooks';

/** Seconds left of a countdown that calls `onDone` at zero; restarts when `key` changes. */
export function useCountdown(seconds: number, onDone: () => void, key: unknown): number {
  const [left, setLeft] = useState(seconds);
  // The latest callback, without restarting the countdown each time the parent re-renders.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    setLeft(seconds);
    const started = Date.now();
    const tick = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(tick);
        done.current();
      }
    }, 250);
    return () => clearInterval(tick);
  }, [seconds, key]);
  return left;
}
