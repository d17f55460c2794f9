import { ApiClientError } from '../shared/api-client.ts';
import { apiErrorText, type ErrorAudience } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

/** Taking a number failed: what happened, in the resident's language, and the way back. */
export function ErrorScreen({ code, onBack }: { code: string; onBack: () => void }) {
  const { t } = useLang();
  const audience: ErrorAudience = 'resident';
  return (
    <main class="error-screen" role="alert">
      <h2>{t('kiosk.error.title')}</h2>
      <p data-testid="error-message" data-code={code}>
        {apiErrorText(t, new ApiClientError(code, '', 0), audience)}
      </p>
      <button type="button" class="primary-button" onClick={onBack}>
        {t('common.back')}
      </button>
    </main>
  );
}
