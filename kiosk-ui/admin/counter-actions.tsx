import { useState } from 'preact/hooks';
import type { CounterView, ServiceView, TicketView, TransferRequest } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import { TransferControl } from './transfer-control.tsx';

interface CounterActionsProps {
  api: Pick<ApiClient, 'recall' | 'noShow' | 'finish' | 'transfer' | 'setPaused'>;
  counter: CounterView | undefined;
  counters: CounterView[];
  services: ServiceView[];
  current: TicketView | null;
  /** A line for the console's status area: what was done, or what went wrong. */
  onDone: (message: string) => void;
}

/** Recall / no-show / transfer / pause for the chosen counter. */
export function CounterActions({ api, counter, counters, services, current, onDone }: CounterActionsProps) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      onDone(await work());
    } catch (err) {
      onDone(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
    }
  };

  if (!counter) return null;
  const noTicket = busy || !current;
  const ticket = current?.number ?? '';
  return (
    <div class="counter-actions">
      <button
        type="button"
        class="action-button"
        data-testid="recall"
        disabled={noTicket}
        onClick={() =>
          act(async () => {
            await api.recall(counter.id);
            return t('admin.done.recall', { ticket });
          })
        }
      >
        {t('admin.recall')}
      </button>
      <button
        type="button"
        class="action-button"
        data-testid="finish"
        disabled={noTicket}
        onClick={() =>
          act(async () => {
            await api.finish(counter.id);
            return t('admin.done.finish', { ticket });
          })
        }
      >
        {t('admin.finish')}
      </button>
      <button
        type="button"
        class="action-button"
        data-testid="no-show"
        disabled={noTicket}
        onClick={() =>
          act(async () => {
            await api.noShow(counter.id);
            return t('admin.done.noShow', { ticket });
          })
        }
      >
        {t('admin.noShow')}
      </button>
      <TransferControl
        counter={counter}
        counters={counters}
        services={services}
        disabled={noTicket}
        onTransfer={(request: TransferRequest) =>
          act(async () => {
            await api.transfer(counter.id, request);
            return t('admin.done.transfer', { ticket });
          })
        }
      />
      <button
        type="button"
        class="action-button"
        data-testid="pause"
        aria-pressed={counter.paused}
        disabled={busy}
        onClick={() =>
          act(async () => {
            const updated = await api.setPaused(counter.id, !counter.paused);
            return t(updated.paused ? 'admin.done.paused' : 'admin.done.resumed');
          })
        }
      >
        {counter.paused ? t('admin.resume') : t('admin.pause')}
      </button>
    </div>
  );
}
