import { useState } from 'preact/hooks';
import type { ServiceView, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { formatWait, serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { useCountdown } from '../shared/use-countdown.ts';
import { SmsOptIn, useSmsOffer } from './sms-optin.tsx';

export const TICKET_SCREEN_SECONDS = 20;
/** Typing a phone number takes an elderly resident longer than reading a ticket. */
export const SMS_SCREEN_SECONDS = 90;

interface TicketScreenProps {
  service: ServiceView;
  ticket: TicketView;
  printed: boolean;
  withCard: boolean;
  api: ApiClient;
  onDone: () => void;
}

export function TicketScreen({ service, ticket, printed, withCard, api, onDone }: TicketScreenProps) {
  const { lang, t } = useLang();
  const [sms, setSms] = useState(false);
  const smsOffered = useSmsOffer(api, ticket);
  const left = useCountdown(sms ? SMS_SCREEN_SECONDS : TICKET_SCREEN_SECONDS, onDone, `${ticket.id}|${sms}`);
  if (sms) return <SmsOptIn api={api} ticket={ticket} onClose={() => setSms(false)} />;
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
      {smsOffered && (
        <button type="button" class="side-tile" data-testid="sms-offer" onClick={() => setSms(true)}>
          {t('sms.offer')}
        </button>
      )}
      <button type="button" class="primary-button" data-testid="ticket-done" onClick={onDone}>
        {t('common.done')}
      </button>
      <p class="countdown">{t('kiosk.ticket.autoReturn', { seconds: left })}</p>
    </main>
  );
}
