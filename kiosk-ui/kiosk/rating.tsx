import { useState } from 'preact/hooks';
import type { PublicState, RatingReason, RatingRequest } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { isNotImplemented } from '../shared/proposed-api.ts';
import { Keypad } from './keypad.tsx';
import { failureText, SideFrame } from './side-frame.tsx';

/** 好差评 five levels: 5 非常满意 … 1 非常不满意. */
type RatingScore = RatingRequest['score'];

const scores: RatingScore[] = [5, 4, 3, 2, 1];
const scoreLabels: Record<RatingScore, MessageKey> = {
  5: 'rating.5',
  4: 'rating.4',
  3: 'rating.3',
  2: 'rating.2',
  1: 'rating.1',
};

/** 不满意 and 非常不满意 ask why (the 好差评 rules): these choices, and optional words. */
const POOR_SCORE = 2;
const reasons: RatingReason[] = [
  'long-wait',
  'attitude',
  'complex-process',
  'not-told-once',
  'repeat-visits',
  'other',
];
const reasonLabels: Record<RatingReason, MessageKey> = {
  'long-wait': 'rating.reason.long-wait',
  attitude: 'rating.reason.attitude',
  'complex-process': 'rating.reason.complex-process',
  'not-told-once': 'rating.reason.not-told-once',
  'repeat-visits': 'rating.reason.repeat-visits',
  other: 'rating.reason.other',
};

/** The appliance's refusals a resident can act on, in their language rather than the server's. */
const refusalKeys: Record<string, MessageKey> = {
  'ticket.unknown': 'rating.unknown',
  'rating.not-served': 'rating.notServed',
  'rating.already-given': 'rating.already',
};

type Step =
  | { kind: 'number' }
  | { kind: 'score' }
  | { kind: 'reasons'; score: RatingScore }
  | { kind: 'sending' }
  | { kind: 'done' }
  | { kind: 'failed'; text: string };

/**
 * 好差评: the resident types the number from their ticket and picks one of the five national levels;
 * 不满意 and 非常不满意 then ask why (choices and optional words) before anything is sent.
 */
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
  const [chosen, setChosen] = useState<RatingReason[]>([]);
  const [comment, setComment] = useState('');
  const prefixes = [...new Set(state.services.map((s) => s.prefix))].sort();

  const choose = (score: RatingScore) => {
    if (score > POOR_SCORE) return void send(score);
    setChosen([]);
    setComment('');
    setStep({ kind: 'reasons', score });
  };
  const toggle = (reason: RatingReason) =>
    setChosen((now) => (now.includes(reason) ? now.filter((r) => r !== reason) : [...now, reason]));

  const send = async (score: RatingScore) => {
    setStep({ kind: 'sending' });
    const words = comment.trim();
    try {
      await api.rate({
        ticketNumber,
        score,
        ...(score <= POOR_SCORE && chosen.length ? { reasons: chosen } : {}),
        ...(score <= POOR_SCORE && words ? { comment: words } : {}),
      });
      setStep({ kind: 'done' });
    } catch (err) {
      const known = err instanceof ApiClientError ? refusalKeys[err.code] : undefined;
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
      {step.kind === 'score' && (
        <>
          <p>{t('rating.choose')}</p>
          <ul class="rating-scores">
            {scores.map((score) => (
              <li key={score}>
                <button type="button" class={`side-tile score-${score}`} onClick={() => choose(score)}>
                  {t(scoreLabels[score])}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {step.kind === 'reasons' && (
        <div class="rating-reasons">
          <p>{t('rating.why', { level: t(scoreLabels[step.score]) })}</p>
          <ul class="reason-choices">
            {reasons.map((reason) => (
              <li key={reason}>
                <button
                  type="button"
                  class="side-tile reason-choice"
                  aria-pressed={chosen.includes(reason)}
                  data-reason={reason}
                  onClick={() => toggle(reason)}
                >
                  {t(reasonLabels[reason])}
                </button>
              </li>
            ))}
          </ul>
          <label class="reason-words">
            {t('rating.words')}
            <input
              type="text"
              maxLength={140}
              value={comment}
              data-testid="rating-words"
              onInput={(e) => setComment(e.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            class="primary-button"
            data-testid="rating-send"
            disabled={chosen.length === 0 && comment.trim() === ''}
            onClick={() => void send(step.score)}
          >
            {t('rating.send')}
          </button>
        </div>
      )}
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
