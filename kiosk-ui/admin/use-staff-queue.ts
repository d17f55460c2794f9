import { useEffect, useState } from 'preact/hooks';
import type { TicketView } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import type { StateStream } from '../shared/state-stream.ts';

/**
 * Today's tickets, refetched on every SSE state push. Pushes that arrive while a fetch is in
 * flight collapse into one more fetch, so a burst of calls never piles up requests.
 */
export function useStaffQueue(
  api: Pick<ApiClient, 'staffQueue'>,
  stream: StateStream,
  onUnauthorised: () => void,
): { tickets: TicketView[]; error: string | null; refresh: () => void } {
  const [tickets, setTickets] = useState<TicketView[]>([]);
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
        const view = await api.staffQueue();
        if (!stopped) {
          setTickets(view.tickets);
          setError(null);
        }
      } catch (err) {
        if (err instanceof ApiClientError && err.status === 401) onUnauthorised();
        else if (!stopped) setError(err instanceof Error ? err.message : String(err));
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
    const unsubscribe = stream.live.subscribe((live) => {
      if (live.state) void load();
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [api, stream]);

  return { tickets, error, refresh };
}
