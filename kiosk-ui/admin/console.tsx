import { useState } from 'preact/hooks';
import type { PublicState, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText, apiErrorTextForCode } from '../shared/api-errors.ts';
import { formatClock, ticketServiceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { AcceptCase } from './accept-case.tsx';
import { CounterActions } from './counter-actions.tsx';
import { CounterPicker } from './counter-picker.tsx';
import { QueueTable } from './queue-table.tsx';
import { currentTicket, servesTicket, waitingTickets } from './queue-view.ts';
import { useSelectedCounter } from './use-selected-counter.ts';
import { useStaffQueue } from './use-staff-queue.ts';

interface ConsoleProps {
  api: ApiClient;
  stream: StateStream;
  state: PublicState | null;
  onUnauthorised: () => void;
}

export function CounterConsole({ api, stream, state, onUnauthorised }: ConsoleProps) {
  const { lang, t } = useLang();
  const counters = state?.counters ?? [];
  const [counterId, setCounterId] = useSelectedCounter(counters);
  const counter = counters.find((c) => c.id === counterId);
  const queue = useStaffQueue(api, stream, onUnauthorised);
  const [justCalled, setJustCalled] = useState<TicketView | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [onlyMine, setOnlyMine] = useState(false);

  const fromQueue = counterId ? currentTicket(queue.tickets, counterId) : null;
  // The call-next answer is newer than the queue until the next refetch catches up.
  const current =
    justCalled &&
    justCalled.counterId === counterId &&
    (!fromQueue || (justCalled.calledAt ?? 0) >= (fromQueue.calledAt ?? 0))
      ? justCalled
      : fromQueue;
  const allWaiting = waitingTickets(queue.tickets);
  const waiting = onlyMine ? allWaiting.filter((ticket) => servesTicket(counter, ticket)) : allWaiting;

  const callNext = async () => {
    if (!counterId) return;
    setBusy(true);
    setMessage(null);
    try {
      const { ticket } = await api.callNext(counterId);
      setJustCalled(ticket);
      if (!ticket) setMessage(t('admin.noneWaiting'));
      queue.refresh();
    } catch (err) {
      setMessage(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="console">
      <section class="console-controls">
        <CounterPicker counters={counters} value={counterId} onChange={setCounterId} />
        <button
          type="button"
          class="primary-button call-button"
          data-testid="call-next"
          disabled={!counterId || busy || counter?.paused}
          onClick={callNext}
        >
          {busy ? t('admin.calling') : t('admin.callNext')}
        </button>
        <div class="current" data-testid="current-ticket" aria-live="polite">
          <span class="current-label">{t('admin.current')}</span>
          {current ? (
            <span class="current-number">
              {current.number} <small>{ticketServiceLabel(lang, state?.services ?? [], current)}</small>
              {current.calledAt !== undefined && <small> {formatClock(current.calledAt)}</small>}
            </span>
          ) : (
            <span class="current-none">{t('admin.current.none')}</span>
          )}
        </div>
      </section>
      <CounterActions
        api={api}
        counter={counter}
        counters={counters}
        services={state?.services ?? []}
        current={current}
        onDone={(text) => {
          setMessage(text);
          queue.refresh();
        }}
      />
      {current && current.status === 'called' && (
        <AcceptCase
          key={current.id}
          api={api}
          ticket={current}
          service={state?.services.find((s) => s.id === current.serviceId)}
        />
      )}
      {(message || queue.error) && (
        <p class="notice" role="status" data-testid="console-message">
          {message ??
            t('admin.error', { message: apiErrorTextForCode(t, queue.error ?? 'unknown', 'staff') })}
        </p>
      )}
      <section class="queue">
        <div class="queue-head">
          <h2>{t('admin.queue.title', { count: waiting.length })}</h2>
          <label class="only-mine">
            <input
              type="checkbox"
              checked={onlyMine}
              onChange={(e) => setOnlyMine(e.currentTarget.checked)}
            />
            {t('admin.onlyMine')}
          </label>
        </div>
        <QueueTable tickets={waiting} counter={counter} services={state?.services ?? []} />
      </section>
    </div>
  );
}
