/**
 * 好差评 by the national rules: the five levels (5 非常满意 … 1 非常不满意); 不满意 and 非常不满意
 * then ask why (choices, optional words) before anything is sent. Used by the kiosk's 好差评
 * screen and by a counter's rating screen.
 */
import { useState } from 'preact/hooks';
import type { RatingReason, RatingRequest } from '../../contract/api.ts';
import type { MessageKey } from './i18n.ts';
import { useLang } from './lang.ts';

export type RatingScore = RatingRequest['score'];
export type RatingChoice = Pick<RatingRequest, 'score' | 'reasons' | 'comment'>;

const scores: RatingScore[] = [5, 4, 3, 2, 1];
const scoreLabels: Record<RatingScore, MessageKey> = {
  5: 'rating.5',
  4: 'rating.4',
  3: 'rating.3',
  2: 'rating.2',
  1: 'rating.1',
};

/** 不满意 (2) and 非常不满意 (1) ask why. */
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
export const RATING_REFUSALS: Record<string, MessageKey> = {
  'ticket.unknown': 'rating.unknown',
  'rating.not-served': 'rating.notServed',
  'rating.already-given': 'rating.already',
};

export function RatingPicker({ onSend }: { onSend: (choice: RatingChoice) => void }) {
  const { t } = useLang();
  const [poor, setPoor] = useState<RatingScore | null>(null);
  const [chosen, setChosen] = useState<RatingReason[]>([]);
  const [comment, setComment] = useState('');

  const choose = (score: RatingScore) => {
    if (score > POOR_SCORE) return onSend({ score });
    setChosen([]);
    setComment('');
    setPoor(score);
  };
  const toggle = (reason: RatingReason) =>
    setChosen((now) => (now.includes(reason) ? now.filter((r) => r !== reason) : [...now, reason]));

  if (poor === null) {
    return (
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
    );
  }
  const words = comment.trim();
  return (
    <div class="rating-reasons">
      <p>{t('rating.why', { level: t(scoreLabels[poor]) })}</p>
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
        disabled={chosen.length === 0 && words === ''}
        onClick={() =>
          onSend({
            score: poor,
            ...(chosen.length ? { reasons: chosen } : {}),
            ...(words ? { comment: words } : {}),
          })
        }
      >
        {t('rating.send')}
      </button>
    </div>
  );
}
