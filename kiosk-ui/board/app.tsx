import { useEffect, useMemo, useState } from 'preact/hooks';
import { todaysCalls } from '../shared/centre-day.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import { callText, centreLabel, formatClock } from '../shared/format.ts';
import { translator } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { useStore } from '../shared/use-store.ts';
import type { Announcer } from './announcer.ts';
import { createCallTracker } from './call-tracker.ts';
import { latestPerCounter } from './counter-status.ts';

export const RECENT_CALLS_SHOWN = 8;
const en = translator('en');

export function BoardApp({ stream, announcer }: { stream: StateStream; announcer: Announcer }) {
  const { lang, t } = useLang();
  const live = useStore(stream.live);
  const tracker = useMemo(() => createCallTracker(), []);
  const [locked, setLocked] = useState(false);
  const calls = todaysCalls(live.state?.calls ?? []);

  useEffect(() => {
    if (!live.state) return;
    for (const call of tracker.newCalls(live.state.calls)) announcer.announce(call);
    setLocked(announcer.locked());
  }, [live.state, tracker, announcer]);

  const current = calls[0];
  const recent = calls.slice(1, 1 + RECENT_CALLS_SHOWN);
  return (
    <div class="board">
      <ConnectionBanner connected={live.connected} />
      <header class="board-header">
        <h1>{live.state ? centreLabel(lang, live.state.kiosk) : t('app.board.title')}</h1>
        {locked && (
          <button
            type="button"
            class="sound-button"
            onClick={() => {
              announcer.unlock();
              setLocked(false);
            }}
          >
            {t('board.enableSound')}
          </button>
        )}
      </header>
      <main class="board-main">
        <section class="current-call" aria-live="assertive">
          <h2 class="board-label">{t('board.current')}</h2>
          {current ? (
            <>
              <p
                class="current-call-text"
                data-testid="current-call"
                key={`${current.ticketNumber}${current.calledAt}`}
              >
                {callText(t, current)}
              </p>
              <p class="current-call-sub" lang="en">
                {callText(en, current)}
              </p>
            </>
          ) : (
            <p class="current-call-text none">{t('board.none')}</p>
          )}
        </section>
        <section class="recent-calls">
          <h2 class="board-label">{t('board.recent')}</h2>
          <ol class="recent-list">
            {recent.map((call) => (
              <li key={`${call.ticketNumber}${call.calledAt}`} data-testid="recent-call">
                <span class="recent-number">{call.ticketNumber}</span>
                <span class="recent-counter">{call.counterName || `${call.counterNumber}`}</span>
                <span class="recent-time">{formatClock(call.calledAt)}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>
      {live.state && live.state.counters.length > 0 && (
        <section class="counter-strip" aria-label={t('board.counters')}>
          {latestPerCounter(calls, live.state.counters).map(({ counter, call }) => (
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
    </div>
  );
}
