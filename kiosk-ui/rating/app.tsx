import { apiErrorTextForCode } from '../shared/api-errors.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import { useLang } from '../shared/lang.ts';
import { LanguageButton } from '../shared/lang-button.tsx';
import { RATING_REFUSALS, RatingPicker } from '../shared/rating-picker.tsx';
import type { StateStream } from '../shared/state-stream.ts';
import type { RatingScreen } from './rating-model.ts';

/**
 * The small screen on a counter, facing the resident: the counter and the clerk serving there
 * (name and 工号), dark while nobody is served, lit with the five levels once the clerk finishes.
 */
export function RatingScreenApp({ stream, model }: { stream: StateStream; model: RatingScreen }) {
  const { t } = useLang();
  const view = model.view.value;
  const problem = model.problem.value;
  const send = model.send.value;
  const ticket = view?.ticket;
  const lit = ticket?.ratable === true && send.kind !== 'sent';
  const body = (() => {
    if (problem === 'device.unpaired' || problem === 'device.wrong-role') {
      return <p class="rating-message">{t('rating.screen.unpaired')}</p>;
    }
    if (!view) return <p class="rating-message">{t('common.loading')}</p>;
    if (send.kind === 'sent' || ticket?.rated) {
      return (
        <p class="rating-message rating-thanks" role="status" data-testid="rating-thanks">
          {t('rating.screen.thanks')}
        </p>
      );
    }
    if (send.kind === 'sending') return <p class="rating-message">{t('common.loading')}</p>;
    if (ticket?.ratable) {
      return (
        <>
          <p class="rating-ask" data-testid="rating-ask">
            {t('rating.screen.ask', { ticket: ticket.number })}
          </p>
          {send.kind === 'failed' && (
            <p class="rating-failed" role="alert" data-testid="rating-failed">
              {RATING_REFUSALS[send.code]
                ? t(RATING_REFUSALS[send.code]!, { ticket: ticket.number })
                : apiErrorTextForCode(t, send.code)}
            </p>
          )}
          <RatingPicker onSend={(choice) => void model.rate(choice)} />
        </>
      );
    }
    if (ticket?.status === 'called') {
      return (
        <p class="rating-message" data-testid="rating-serving">
          {t('rating.screen.serving')} · {ticket.number}
        </p>
      );
    }
    return <p class="rating-message">{t('rating.screen.idle')}</p>;
  })();
  return (
    <div class={lit ? 'rating-screen lit' : 'rating-screen'} data-testid="rating-screen" data-lit={lit}>
      <ConnectionBanner connected={stream.live.value.connected} />
      <header class="rating-head">
        <h1>{t('rating.screen.title', { counter: view?.counter.name ?? '' })}</h1>
        {view?.clerk && (
          <p class="rating-clerk" data-testid="rating-clerk">
            <span>{t('rating.screen.clerk', { name: view.clerk.name })}</span>
            {view.clerk.staffNumber && (
              <span>{t('rating.screen.clerkNumber', { number: view.clerk.staffNumber })}</span>
            )}
          </p>
        )}
        <LanguageButton />
      </header>
      <main class="rating-body">{body}</main>
    </div>
  );
}
