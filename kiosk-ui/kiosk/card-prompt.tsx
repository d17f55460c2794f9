import type { ServiceView } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';

export function CardPrompt({ service, onCancel }: { service: ServiceView; onCancel: () => void }) {
  const { lang, t } = useLang();
  return (
    <main class="card-prompt" aria-live="polite">
      <h2>{t('kiosk.cardPrompt.title', { service: serviceLabel(lang, service) })}</h2>
      <div class="card-illustration" aria-hidden="true">
        <span class="card-shape" />
      </div>
      <p class="prompt-body">{t('kiosk.cardPrompt.body')}</p>
      <p class="prompt-aside">{t('kiosk.cardAside')}</p>
      <button type="button" class="secondary-button" onClick={onCancel}>
        {t('common.back')}
      </button>
    </main>
  );
}
