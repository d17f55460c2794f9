import type { CounterView, ServiceView, TicketView } from '../../contract/api.ts';
import { formatClock, ticketServiceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { servesTicket } from './queue-view.ts';

export function QueueTable({
  tickets,
  counter,
  services,
}: {
  tickets: TicketView[];
  counter: CounterView | undefined;
  services: ServiceView[];
}) {
  const { lang, t } = useLang();
  if (tickets.length === 0) return <p class="queue-empty">{t('admin.queue.empty')}</p>;
  return (
    <table class="queue-table">
      <thead>
        <tr>
          <th scope="col">{t('admin.col.number')}</th>
          <th scope="col">{t('admin.col.service')}</th>
          <th scope="col">{t('admin.col.issued')}</th>
          <th scope="col">{t('admin.col.holder')}</th>
          <th scope="col">{t('admin.col.priority')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => (
          <tr
            key={ticket.id}
            data-testid="queue-row"
            class={servesTicket(counter, ticket) ? '' : 'other-counter'}
          >
            <td class="queue-number">{ticket.number}</td>
            <td>{ticketServiceLabel(lang, services, ticket)}</td>
            <td>{formatClock(ticket.issuedAt)}</td>
            <td>{ticket.holderMasked ?? '—'}</td>
            <td>{ticket.priority ? '★' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
