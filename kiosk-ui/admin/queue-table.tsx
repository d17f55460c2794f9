import type { CounterView, ServiceView, TicketView } from '../../contract/api.ts';
import { formatClock, ticketServiceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { servesTicket, waitedMinutes } from './queue-view.ts';

interface QueueTableProps {
  tickets: TicketView[];
  counter: CounterView | undefined;
  services: ServiceView[];
  now: number;
  busy: boolean;
  /** Calls this ticket to the counter out of turn (only offered for tickets the counter may call). */
  onCall: (ticket: TicketView) => void;
}

export function QueueTable({ tickets, counter, services, now, busy, onCall }: QueueTableProps) {
  const { lang, t } = useLang();
  if (tickets.length === 0) return <p class="queue-empty">{t('admin.queue.empty')}</p>;
  return (
    <table class="queue-table">
      <thead>
        <tr>
          <th scope="col">{t('admin.col.number')}</th>
          <th scope="col">{t('admin.col.service')}</th>
          <th scope="col">{t('admin.col.issued')}</th>
          <th scope="col">{t('admin.col.waited')}</th>
          <th scope="col">{t('admin.col.holder')}</th>
          <th scope="col">{t('admin.col.priority')}</th>
          <th scope="col">{t('admin.col.sentTo')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('admin.col.action')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => {
          const mine = servesTicket(counter, ticket);
          return (
            <tr
              key={ticket.id}
              data-testid="queue-row"
              data-ticket-number={ticket.number}
              class={mine ? '' : 'other-counter'}
            >
              <td class="queue-number">{ticket.number}</td>
              <td>{ticketServiceLabel(lang, services, ticket)}</td>
              <td>{formatClock(ticket.issuedAt)}</td>
              <td data-testid="queue-waited">{t('admin.waited', { n: waitedMinutes(ticket, now) })}</td>
              <td>{ticket.holderMasked ?? '—'}</td>
              <td>{ticket.priority ? '★' : ''}</td>
              <td data-testid="queue-sent-to">
                {ticket.assignedCounterNumber !== undefined
                  ? t('admin.sentTo', { n: ticket.assignedCounterNumber })
                  : ''}
              </td>
              <td>
                {counter && mine && (
                  <button
                    type="button"
                    class="link-button"
                    data-testid="call-this"
                    disabled={busy || counter.paused}
                    onClick={() => onCall(ticket)}
                  >
                    {t('admin.callThis')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
