import { useEffect, useState } from 'preact/hooks';
import { ApiClientError } from '../shared/api-client.ts';
import { errorCode } from '../shared/api-errors.ts';
import type { StateStream } from '../shared/state-stream.ts';

/**
 * Data fetched from a staff endpoint and fetched again on every SSE state push. Pushes that
 * arrive while a fetch is in flight collapse into one more fetch, so a burst never piles up requests.
 */
export function useLiveFetch<T>(
  fetchData: () => Promise<T>,
  stream: StateStream,
  onUnauthorised: () => void,
  deps: readonly unknown[],
): { data: T | null; error: string | null; refresh: () => void } {
  // `error` is the failed fetch's error code; screens say it in their language (apiErrorTextForCode).
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState<() => void>(() => () => {});

  useEffect(() => {
    let inFlight = false;
    let again = false;
    let stopped = false;
    const load = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const value = await fetchData();
        if (!stopped) {
          setData(value);
          setError(null);
        }
      } catch (err) {
        if (err instanceof ApiClientError && err.status === 401) onUnauthorised();
        else if (!stopped) setError(errorCode(err));
      } finally {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          void load();
        }
      }
    };
    setRefresh(() => () => void load());
    void load();
    // A signal's subscriber runs at once with the current value: that one is the load just started.
    let first = true;
    const unsubscribe = stream.live.subscribe((live) => {
      if (first) {
        first = false;
        return;
      }
      if (live.state) void load();
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [stream, ...deps]);

  return { data, error, refresh };
}
