import type { TicketView } from '../../contract/api.ts';
import { formatClock } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';

interface NoShowListProps {
  tickets: TicketView[];
  busy: boolean;
  onRequeue: (ticket: TicketView, position: 'front' | 'back') => void;
}

/** Today's no-shows: one who comes back goes into the queue again (as often as the centre allows). */
export function NoShowList({ tickets, busy, onRequeue }: NoShowListProps) {
  const { t } = useLang();
  if (tickets.length === 0) return null;
  return (
    <section class="no-shows" aria-labelledby="no-shows-title">
      <h2 id="no-shows-title">{t('admin.noShows.title', { count: tickets.length })}</h2>
      <ul class="no-show-list">
        {tickets.map((ticket) => (
          <li key={ticket.id} data-testid="no-show-row" data-ticket-number={ticket.number}>
            <span class="queue-number">{ticket.number}</span>
            {ticket.holderMasked && <span> {ticket.holderMasked}</span>}
            {ticket.finishedAt !== undefined && <small> {formatClock(ticket.finishedAt)}</small>}
            {ticket.canRequeue ? (
              <>
                <button
                  type="button"
                  class="link-button"
                  data-testid="requeue-front"
                  disabled={busy}
                  onClick={() => onRequeue(ticket, 'front')}
                >
                  {t('admin.requeue.front')}
                </button>
                <button
                  type="button"
                  class="link-button"
                  data-testid="requeue-back"
                  disabled={busy}
                  onClick={() => onRequeue(ticket, 'back')}
                >
                  {t('admin.requeue.back')}
                </button>
              </>
            ) : (
              <small class="muted"> {t('admin.requeue.limit')}</small>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
