import { useState } from 'preact/hooks';
import type { CounterView, TicketView } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import { isNotImplemented } from '../shared/proposed-api.ts';

interface CounterActionsProps {
  api: Pick<ApiClient, 'recall' | 'noShow' | 'transfer' | 'setPaused'>;
  counter: CounterView | undefined;
  counters: CounterView[];
  current: TicketView | null;
  onDone: (message: string | null) => void;
}

/**
 * Recall / no-show / transfer / pause. These use PROPOSED endpoints (shared/proposed-api.ts);
 * until the appliance has them the console says so instead of failing silently.
 */
export function CounterActions({ api, counter, counters, current, onDone }: CounterActionsProps) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const others = counters.filter((c) => c.id !== counter?.id);
  const [target, setTarget] = useState<string>('');

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      onDone(null);
    } catch (err) {
      if (err instanceof ApiClientError && isNotImplemented(err.code, err.status)) {
        onDone(t('admin.notSupported', { code: err.code }));
      } else {
        onDone(t('admin.error', { message: err instanceof Error ? err.message : String(err) }));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!counter) return null;
  const noTicket = busy || !current;
  const transferTo = target || others[0]?.id || '';
  return (
    <div class="counter-actions">
      <button
        type="button"
        class="action-button"
        data-testid="recall"
        disabled={noTicket}
        onClick={() => act(() => api.recall(counter.id))}
      >
        {t('admin.recall')}
      </button>
      <button
        type="button"
        class="action-button"
        data-testid="no-show"
        disabled={noTicket}
        onClick={() => act(() => api.noShow(counter.id))}
      >
        {t('admin.noShow')}
      </button>
      <span class="transfer">
        <label>
          <span class="visually-hidden">{t('admin.transferTo')}</span>
          <select
            value={transferTo}
            onChange={(e) => setTarget(e.currentTarget.value)}
            aria-label={t('admin.transferTo')}
          >
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} · {c.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="action-button"
          data-testid="transfer"
          disabled={noTicket || !transferTo}
          onClick={() => act(() => api.transfer(counter.id, transferTo))}
        >
          {t('admin.transfer')}
        </button>
      </span>
      <button
        type="button"
        class="action-button"
        data-testid="pause"
        aria-pressed={counter.paused}
        disabled={busy}
        onClick={() => act(() => api.setPaused(counter.id, !counter.paused))}
      >
        {counter.paused ? t('admin.resume') : t('admin.pause')}
      </button>
    </div>
  );
}
