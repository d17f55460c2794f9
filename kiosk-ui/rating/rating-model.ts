/**
 * A counter's rating screen as a framework-free model: on every state push it asks the appliance
 * whom its counter serves (one request at a time; a push during one asks again after it), and it
 * sends the resident's one rating for the visit the clerk has just finished.
 */
import { effect, type ReadonlySignal, signal } from '@preact/signals-core';
import type { RatingScreenView } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import type { RatingChoice } from '../shared/rating-picker.tsx';
import type { LiveState } from '../shared/state-stream.ts';

export type SendState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; ticketNumber: string }
  | { kind: 'failed'; code: string };

export interface RatingScreen {
  view: ReadonlySignal<RatingScreenView | null>;
  /** Why the view could not be had (e.g. 'device.unpaired'), or null. */
  problem: ReadonlySignal<string | null>;
  send: ReadonlySignal<SendState>;
  rate(choice: RatingChoice): Promise<void>;
  refresh(): Promise<void>;
}

export function createRatingScreen(
  api: Pick<ApiClient, 'ratingScreen' | 'rate'>,
  live: ReadonlySignal<LiveState>,
): RatingScreen {
  const view = signal<RatingScreenView | null>(null);
  const problem = signal<string | null>(null);
  const send = signal<SendState>({ kind: 'idle' });
  let inFlight: Promise<void> | null = null;
  let again = false;

  const fetchOnce = async () => {
    try {
      const next = await api.ratingScreen();
      const before = view.peek()?.ticket?.number;
      view.value = next;
      problem.value = null;
      // A new visit at the counter: what was sent for the previous one is over.
      if (next.ticket?.number !== before && send.peek().kind !== 'sending') send.value = { kind: 'idle' };
    } catch (err) {
      problem.value = err instanceof ApiClientError ? err.code : 'unknown';
    }
  };
  const refresh = (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await fetchOnce();
      } while (again);
      inFlight = null;
    })();
    return inFlight;
  };
  effect(() => {
    if (live.value.state) void refresh();
  });

  return {
    view,
    problem,
    send,
    refresh,
    async rate(choice) {
      const ticket = view.peek()?.ticket;
      if (!ticket?.ratable || send.peek().kind === 'sending') return;
      send.value = { kind: 'sending' };
      try {
        await api.rate({ ticketNumber: ticket.number, ...choice });
        send.value = { kind: 'sent', ticketNumber: ticket.number };
      } catch (err) {
        send.value = { kind: 'failed', code: err instanceof ApiClientError ? err.code : 'unknown' };
      }
      await refresh();
    },
  };
}
