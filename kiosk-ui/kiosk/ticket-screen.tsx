import type { ServiceView, TicketView } from '../../contract/api.ts';
import { formatWait, serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { useCountdown } from '../shared/use-countdown.ts';

export const TICKET_SCREEN_SECONDS = 20;

interface TicketScreenProps {
  service: ServiceView;
  ticket: TicketView;
  printed: boolean;
  withCard: boolean;
  onDone: () => void;
}

export function TicketScreen({ service, ticket, printed, withCard, onDone }: TicketScreenProps) {
  const { lang, t } = useLang();
  const left = useCountdown(TICKET_SCREEN_SECONDS, onDone, ticket.id);
  return (
    <main class="ticket-screen" aria-live="polite">
      <h2 class="ticket-title">{t('kiosk.ticket.title')}</h2>
      <div class="ticket-card">
        <p class="ticket-label">{t('kiosk.ticket.number')}</p>
        <p class="ticket-number" data-testid="ticket-number">
          {ticket.number}
        </p>
        {ticket.priority && <p class="ticket-priority">{t('kiosk.ticket.priority')}</p>}
        <dl class="ticket-facts">
          <div>
            <dt>{t('kiosk.ticket.service')}</dt>
            <dd data-testid="ticket-service">{serviceLabel(lang, service)}</dd>
          </div>
          <div>
            <dt>{t('kiosk.ticket.ahead')}</dt>
            <dd data-testid="ticket-ahead">{t('kiosk.ticket.aheadCount', { count: ticket.peopleAhead })}</dd>
          </div>
          <div>
            <dt>{t('kiosk.ticket.wait')}</dt>
            <dd data-testid="ticket-wait">{formatWait(t, ticket.estimatedWaitMin)}</dd>
          </div>
        </dl>
      </div>
      <p class={printed ? 'ticket-note' : 'ticket-note ticket-note-warn'} data-testid="ticket-printed">
        {printed ? t('kiosk.ticket.printed') : t('kiosk.ticket.notPrinted')}
      </p>
      {withCard && (
        <p class="ticket-note ticket-note-card" role="alert" data-testid="ticket-take-card">
          {t('kiosk.takeCard')}
        </p>
      )}
      <button type="button" class="primary-button" data-testid="ticket-done" onClick={onDone}>
        {t('common.done')}
      </button>
      <p class="countdown">{t('kiosk.ticket.autoReturn', { seconds: left })}</p>
    </main>
  );
}
