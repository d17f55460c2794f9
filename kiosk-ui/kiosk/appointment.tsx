import { useLang } from '../shared/lang.ts';
import { SideFrame } from './side-frame.tsx';

/**
 * 预约签到. There is no appointment system at this centre yet (the appliance has no endpoint for
 * it), so the screen says so plainly instead of offering a form that can only fail.
 */
export function Appointment({ onBack }: { onBack: () => void }) {
  const { t } = useLang();
  return (
    <SideFrame title={t('appointment.title')} onBack={onBack}>
      <p class="side-result" role="status" data-testid="appointment-unavailable">
        {t('appointment.unavailable')}
      </p>
      <p>{t('appointment.instead')}</p>
    </SideFrame>
  );
}
