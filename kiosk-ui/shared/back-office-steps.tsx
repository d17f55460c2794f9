import type { BackOfficeStepView } from '../../contract/api.ts';
import { useLang } from './lang.ts';

export function formatDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * What the deciding department did with a case after the counter (shared down from central),
 * oldest first: on the kiosk's progress lookup and on the admin panel's case card alike.
 */
export function BackOfficeSteps({ steps }: { steps: BackOfficeStepView[] | undefined }) {
  const { t } = useLang();
  if (!steps || steps.length === 0) return null;
  return (
    <div class="case-back-office" data-testid="case-back-office">
      <strong>{t('progress.backOffice', { department: steps.at(-1)!.department })}</strong>
      <ol>
        {steps.map((s) => (
          <li key={`${s.step}-${s.at}`} data-testid="back-office-step">
            {formatDay(s.at)} {t(`progress.step.${s.step}`)}
            {s.note ? `：${s.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
