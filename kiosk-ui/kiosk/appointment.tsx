import { useState } from 'preact/hooks';
import type { CardView, TakeTicketResponse } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import { SideFrame } from './side-frame.tsx';

/**
 * 预约签到: hold the appointment QR under the scanner (the appliance checks it in and the ticket
 * prints), or check in with the ID card on the reader. Either way the resident gets a priority number.
 */
export function Appointment({
  api,
  card,
  onTicket,
  onBack,
}: {
  api: Pick<ApiClient, 'checkInAppointment'>;
  card: CardView | null;
  onTicket: (res: TakeTicketResponse) => void;
  onBack: () => void;
}) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const checkIn = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onTicket(await api.checkInAppointment({ withCard: true }));
    } catch (err) {
      setFailure(apiErrorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <SideFrame title={t('appointment.title')} onBack={onBack}>
      <p data-testid="appointment-body">{t('appointment.body')}</p>
      <button
        type="button"
        class="primary-button"
        data-testid="appointment-with-card"
        disabled={busy || !card}
        onClick={() => void checkIn()}
      >
        {card ? t('appointment.withCard') : t('appointment.needCard')}
      </button>
      {failure && (
        <p class="side-result side-result-warn" role="alert" data-testid="side-failure">
          {failure}
        </p>
      )}
      <p>{t('appointment.instead')}</p>
    </SideFrame>
  );
}
