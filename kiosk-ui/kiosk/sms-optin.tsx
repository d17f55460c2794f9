/**
 * "Text me when my turn is near" after a ticket: offered only while the appliance says central can
 * take it (the uplink is up), and only when enough people are ahead for a text to be worth it. The
 * number is typed on the large keypad, shown back only masked, and never kept on this screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import { Keypad } from './keypad.tsx';

/** Text when this many are ahead; the offer needs more than this many ahead now. */
export const SMS_AHEAD = 3;
const MOBILE = /^1[3-9]\d{9}$/;

export function useSmsOffer(api: ApiClient, ticket: TicketView): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (ticket.peopleAhead <= SMS_AHEAD) return;
    let live = true;
    api.notifyStatus().then(
      (s) => live && setAvailable(s.available),
      () => live && setAvailable(false),
    );
    return () => {
      live = false;
    };
  }, [api, ticket.id, ticket.peopleAhead]);
  return available;
}

type Step =
  | { kind: 'typing' }
  | { kind: 'sending' }
  | { kind: 'done'; masked: string }
  | { kind: 'failed'; text: string };

export function SmsOptIn({
  api,
  ticket,
  onClose,
}: {
  api: ApiClient;
  ticket: TicketView;
  onClose: () => void;
}) {
  const { t } = useLang();
  const [phone, setPhone] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'typing' });
  const send = async () => {
    setStep({ kind: 'sending' });
    try {
      const res = await api.notifyTicket(ticket.id, { phone, ahead: SMS_AHEAD });
      setPhone('');
      setStep({ kind: 'done', masked: res.masked });
    } catch (err) {
      setStep({ kind: 'failed', text: apiErrorText(t, err) });
    }
  };
  return (
    <main class="sms-optin" data-testid="sms-optin">
      <h2 class="ticket-title">{t('sms.title', { ticket: ticket.number })}</h2>
      {step.kind === 'done' ? (
        <p class="side-result" role="status" data-testid="sms-done">
          {t('sms.done', { masked: step.masked, ahead: SMS_AHEAD })}
        </p>
      ) : (
        <>
          <p>{t('sms.body', { ahead: SMS_AHEAD })}</p>
          <Keypad value={phone} onChange={setPhone} maxLength={11} label={t('sms.phone')} />
          <button
            type="button"
            class="primary-button"
            data-testid="sms-send"
            disabled={!MOBILE.test(phone) || step.kind === 'sending'}
            onClick={() => void send()}
          >
            {step.kind === 'sending' ? t('common.loading') : t('sms.send')}
          </button>
          {step.kind === 'failed' && (
            <p class="side-result side-result-warn" role="alert" data-testid="sms-failure">
              {step.text}
            </p>
          )}
        </>
      )}
      <button type="button" class="side-tile" data-testid="sms-close" onClick={onClose}>
        {step.kind === 'done' ? t('common.done') : t('sms.cancel')}
      </button>
    </main>
  );
}
