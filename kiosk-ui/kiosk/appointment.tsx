import type { CardView, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import { LookupForm } from './lookup.tsx';
import { SideFrame } from './side-frame.tsx';

interface AppointmentProps {
  api: Pick<ApiClient, 'checkInAppointment'>;
  card: CardView | null;
  onTicket: (ticket: TicketView, printed: boolean) => void;
  onBack: () => void;
}

/** 预约签到: by ID card or appointment code; the answer is a ticket, shown like any other. */
export function Appointment({ api, card, onTicket, onBack }: AppointmentProps) {
  const { t } = useLang();
  return (
    <SideFrame title={t('appointment.title')} onBack={onBack}>
      <LookupForm
        card={card}
        body={t('appointment.body')}
        codeLabel={t('appointment.code')}
        submitLabel={t('appointment.submit')}
        withCardLabel={t('appointment.withCard')}
        onSubmit={async (code) => {
          const res = await api.checkInAppointment(
            code === null ? { withCard: true } : { code, withCard: false },
          );
          onTicket(res.ticket, res.printed);
        }}
      />
    </SideFrame>
  );
}
