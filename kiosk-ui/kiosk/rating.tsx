import { useState } from 'preact/hooks';
import type { PublicState } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import { isNotImplemented } from '../shared/proposed-api.ts';
import { RATING_REFUSALS, type RatingChoice, RatingPicker } from '../shared/rating-picker.tsx';
import { Keypad } from './keypad.tsx';
import { failureText, SideFrame } from './side-frame.tsx';

type Step =
  | { kind: 'number' }
  | { kind: 'score' }
  | { kind: 'sending' }
  | { kind: 'done' }
  | { kind: 'failed'; text: string };

/** 好差评 at the kiosk: the resident types the number from their ticket, then rates (RatingPicker). */
export function Rating({
  state,
  api,
  onBack,
}: {
  state: PublicState;
  api: Pick<ApiClient, 'rate'>;
  onBack: () => void;
}) {
  const { t } = useLang();
  const [ticketNumber, setTicketNumber] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'number' });
  const prefixes = [...new Set(state.services.map((s) => s.prefix))].sort();

  const send = async (choice: RatingChoice) => {
    setStep({ kind: 'sending' });
    try {
      await api.rate({ ticketNumber, ...choice });
      setStep({ kind: 'done' });
    } catch (err) {
      const known = err instanceof ApiClientError ? RATING_REFUSALS[err.code] : undefined;
      if (known) return setStep({ kind: 'failed', text: t(known, { ticket: ticketNumber }) });
      const missing = err instanceof ApiClientError && isNotImplemented(err.code, err.status);
      setStep({ kind: 'failed', text: failureText(t, err, missing) });
    }
  };

  return (
    <SideFrame title={t('rating.title')} onBack={onBack}>
      {step.kind === 'number' && (
        <div class="rating-number">
          <p>{t('rating.ticket')}</p>
          <Keypad
            value={ticketNumber}
            onChange={setTicketNumber}
            letters={prefixes}
            maxLength={6}
            label={t('rating.ticket')}
          />
          <button
            type="button"
            class="primary-button"
            disabled={!/^[A-Z]\d+$/.test(ticketNumber)}
            onClick={() => setStep({ kind: 'score' })}
          >
            {t('common.done')}
          </button>
        </div>
      )}
      {step.kind === 'score' && <RatingPicker onSend={(choice) => void send(choice)} />}
      {step.kind === 'sending' && <p aria-busy="true">{t('common.loading')}</p>}
      {step.kind === 'done' && (
        <p class="side-result" role="status" data-testid="rating-thanks">
          {t('rating.thanks')}
        </p>
      )}
      {step.kind === 'failed' && (
        <p class="side-result side-result-warn" role="alert" data-testid="side-failure">
          {step.text}
        </p>
      )}
    </SideFrame>
  );
}
