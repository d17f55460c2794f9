import type { TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { useLiveFetch } from './use-live-fetch.ts';

/** Today's tickets, refetched on every SSE state push. */
export function useStaffQueue(
  api: Pick<ApiClient, 'staffQueue'>,
  stream: StateStream,
  onUnauthorised: () => void,
): { tickets: TicketView[]; error: string | null; refresh: () => void } {
  const { data, error, refresh } = useLiveFetch(() => api.staffQueue(), stream, onUnauthorised, [api]);
  return { tickets: data?.tickets ?? [], error, refresh };
}
