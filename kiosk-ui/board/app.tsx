import { useEffect, useMemo } from 'preact/hooks';
import type { CallView } from '../../contract/api.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import {
  boardDate,
  callText,
  centreLabel,
  formatClock,
  formatClockSeconds,
  serviceLabel,
} from '../shared/format.ts';
import { translator } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import type { Announcer } from './announcer.ts';
import type { BoardModel } from './board-model.ts';
import { createCallTracker } from './call-tracker.ts';
import { latestPerCounter } from './counter-status.ts';

const en = translator('en');

function CurrentCall({ call }: { call: CallView | null }) {
  const { t } = useLang();
  if (!call) return <p class="current-call-text none">{t('board.none')}</p>;
  return (
    <>
      <p class="current-call-text" data-testid="current-call" key={`${call.ticketNumber}${call.calledAt}`}>
        {callText(t, call)}
      </p>
      <p class="current-call-sub" lang="en">
        {callText(en, call)}
      </p>
    </>
  );
}

export function BoardApp({
  stream,
  board,
  announcer,
}: {
  stream: StateStream;
  board: BoardModel;
  announcer: Announcer;
}) {
  const { lang, t } = useLang();
  const live = stream.live.value;
  const tracker = useMemo(() => createCallTracker(), []);

  useEffect(() => {
    if (!live.state) return;
    for (const call of tracker.newCalls(live.state.calls)) announcer.announce(call);
  }, [live.state, tracker, announcer]);

  const now = board.now.value;
  const state = live.state;
  return (
    <div class="board">
      <ConnectionBanner connected={live.connected} />
      <header class="board-header">
        <h1>{state ? centreLabel(lang, state.kiosk) : t('app.board.title')}</h1>
        <p class="board-clock" data-testid="board-clock">
          <span class="board-date">{boardDate(lang, now)}</span>
          <time class="board-time" dateTime={new Date(now).toISOString()}>
            {formatClockSeconds(now)}
          </time>
        </p>
        {announcer.locked.value && (
          <button type="button" class="sound-button" data-testid="sound-switch" onClick={announcer.unlock}>
            {t('board.enableSound')}
          </button>
        )}
      </header>
      <main class="board-main">
        <section class="current-call" aria-live="assertive">
          <h2 class="board-label">{t('board.current')}</h2>
          <CurrentCall call={board.current.value} />
        </section>
        <section class="recent-calls">
          <h2 class="board-label">{t('board.recent')}</h2>
          <ol class="recent-list">
            {board.recent.value.map((call) => (
              <li key={`${call.ticketNumber}${call.calledAt}`} data-testid="recent-call">
                <span class="recent-number">{call.ticketNumber}</span>
                <span class="recent-counter">{call.counterName || `${call.counterNumber}`}</span>
                <span class="recent-time">{formatClock(call.calledAt)}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>
      {state && (
        <section class="waiting-strip" aria-label={t('board.waiting')}>
          <h2 class="board-label">{t('board.waiting')}</h2>
          <ul class="waiting-list">
            {board.waiting.value.map(({ service, waiting }) => (
              <li key={service.id} data-testid="waiting-cell" data-service-id={service.id}>
                <span class="waiting-service">{serviceLabel(lang, service)}</span>
                <span class="waiting-count">{t('board.waitingCount', { count: waiting })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {state && state.counters.length > 0 && (
        <section class="counter-strip" aria-label={t('board.counters')}>
          {latestPerCounter(board.calls.value, state.counters).map(({ counter, call }) => (
            <div
              key={counter.id}
              class={counter.paused ? 'counter-cell paused' : 'counter-cell'}
              data-testid="counter-cell"
            >
              <span class="counter-cell-name">{counter.name}</span>
              <span class="counter-cell-number">{call ? call.ticketNumber : t('board.counterIdle')}</span>
            </div>
          ))}
        </section>
      )}
      <output
        class="visually-hidden"
        data-testid="announcer"
        data-sequence={announcer.sequence.value.join(' ')}
        data-played={String(announcer.clipsPlayed.value)}
      />
    </div>
  );
}
