import { useEffect, useState } from 'preact/hooks';
import type { PublicState, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText, apiErrorTextForCode } from '../shared/api-errors.ts';
import { formatClock, ticketServiceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { AcceptCase } from './accept-case.tsx';
import { CounterActions } from './counter-actions.tsx';
import { CounterPicker } from './counter-picker.tsx';
import { IssueByHand } from './issue-by-hand.tsx';
import { NoShowList } from './no-show-list.tsx';
import { QueueTable } from './queue-table.tsx';
import { currentTicket, noShowTickets, servesTicket, waitedMinutes, waitingTickets } from './queue-view.ts';
import { useSelectedCounter } from './use-selected-counter.ts';
import { SHORTCUTS, useShortcuts } from './use-shortcuts.ts';
import { useStaffQueue } from './use-staff-queue.ts';

interface ConsoleProps {
  api: ApiClient;
  stream: StateStream;
  state: PublicState | null;
  onUnauthorised: () => void;
}

/** A minute clock for the waited times. */
function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(handle);
  }, []);
  return now;
}

export function CounterConsole({ api, stream, state, onUnauthorised }: ConsoleProps) {
  const { lang, t } = useLang();
  const counters = state?.counters ?? [];
  const [counterId, setCounterId] = useSelectedCounter(counters);
  const counter = counters.find((c) => c.id === counterId);
  const queue = useStaffQueue(api, stream, onUnauthorised);
  const [justCalled, setJustCalled] = useState<TicketView | null>(null);
  // A ticket this console just finished, marked a no-show or transferred: not current any more,
  // even before the queue's refetch says so.
  const [ended, setEnded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [onlyMine, setOnlyMine] = useState(false);
  const now = useMinuteClock();

  const fromQueue = counterId ? currentTicket(queue.tickets, counterId) : null;
  // The call-next answer is newer than the queue until the next refetch catches up.
  const latest =
    justCalled &&
    justCalled.counterId === counterId &&
    (!fromQueue || (justCalled.calledAt ?? 0) >= (fromQueue.calledAt ?? 0))
      ? justCalled
      : fromQueue;
  const current = latest && latest.id !== ended ? latest : null;
  const allWaiting = waitingTickets(queue.tickets);
  const waiting = onlyMine ? allWaiting.filter((ticket) => servesTicket(counter, ticket)) : allWaiting;
  const noShows = noShowTickets(queue.tickets);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (err) {
      setMessage(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
      queue.refresh();
    }
  };
  const called = (ticket: TicketView | null, finished: TicketView | null) => {
    setJustCalled(ticket);
    setEnded(ticket ? null : (finished?.id ?? null));
  };

  const callNext = () =>
    counterId &&
    run(async () => {
      const finished = current;
      const { ticket } = await api.callNext(counterId);
      called(ticket, finished);
      if (!ticket) setMessage(t(finished ? 'admin.finishedNoneWaiting' : 'admin.noneWaiting'));
    });
  const callThis = (chosen: TicketView) =>
    counterId &&
    run(async () => {
      const { ticket } = await api.callTicket(counterId, chosen.id);
      called(ticket, current);
    });
  const requeue = (ticket: TicketView, position: 'front' | 'back') =>
    run(async () => {
      await api.requeue(ticket.id, position);
      setMessage(
        t(position === 'front' ? 'admin.done.requeuedFront' : 'admin.done.requeuedBack', {
          ticket: ticket.number,
        }),
      );
    });
  const canCall = !!counterId && !busy && !counter?.paused;
  useShortcuts({ next: canCall ? callNext : undefined });

  return (
    <div class="console">
      <section class="console-controls">
        <CounterPicker counters={counters} value={counterId} onChange={setCounterId} />
        <button
          type="button"
          class="primary-button call-button"
          data-testid="call-next"
          aria-keyshortcuts={SHORTCUTS.next}
          disabled={!canCall}
          onClick={callNext}
        >
          {busy ? t('admin.calling') : current ? t('admin.finishAndNext') : t('admin.callNext')}{' '}
          <kbd>{SHORTCUTS.next}</kbd>
        </button>
        <div class="current" data-testid="current-ticket" aria-live="polite">
          <span class="current-label">{t('admin.current')}</span>
          {current ? (
            <span class="current-number">
              {current.number} <small>{ticketServiceLabel(lang, state?.services ?? [], current)}</small>
              {current.calledAt !== undefined && <small> {formatClock(current.calledAt)}</small>}
              <small data-testid="current-waited">
                {' '}
                {t('admin.waited', { n: waitedMinutes(current, now) })}
              </small>
              {current.holderMasked && <small data-testid="current-holder"> {current.holderMasked}</small>}
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
        onDone={(text, endedTicket) => {
          setMessage(text);
          if (endedTicket) {
            setJustCalled(null);
            setEnded(endedTicket.id);
          }
          queue.refresh();
        }}
      />
      <IssueByHand
        api={api}
        services={state?.services ?? []}
        onIssued={(text) => {
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
        <QueueTable
          tickets={waiting}
          counter={counter}
          services={state?.services ?? []}
          now={now}
          busy={busy}
          onCall={callThis}
        />
      </section>
      <NoShowList tickets={noShows} busy={busy} onRequeue={requeue} />
    </div>
  );
}
