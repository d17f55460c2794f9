import { useState } from 'preact/hooks';
import type { CounterView, ServiceView, TicketView, TransferRequest } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import { TransferControl } from './transfer-control.tsx';
import { SHORTCUTS, useShortcuts } from './use-shortcuts.ts';

interface CounterActionsProps {
  api: Pick<ApiClient, 'recall' | 'noShow' | 'finish' | 'transfer' | 'setPaused' | 'reprintTicket'>;
  counter: CounterView | undefined;
  counters: CounterView[];
  services: ServiceView[];
  current: TicketView | null;
  /** A line for the console's status area; `ended` when the current ticket is no longer this counter's. */
  onDone: (message: string, ended?: TicketView) => void;
}

/** Recall / finish / no-show / transfer / pause / reprint for the chosen counter, each with its key. */
export function CounterActions({ api, counter, counters, services, current, onDone }: CounterActionsProps) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [askingTransfer, setAskingTransfer] = useState(false);

  const act = async (work: () => Promise<string>, ends?: TicketView) => {
    setBusy(true);
    try {
      const text = await work();
      onDone(text, ends);
    } catch (err) {
      onDone(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
    }
  };

  const noTicket = busy || !current || !counter;
  const ticket = current?.number ?? '';
  const recall = () =>
    counter &&
    act(async () => {
      await api.recall(counter.id);
      return t('admin.done.recall', { ticket });
    });
  const finish = () =>
    counter &&
    current &&
    act(async () => {
      await api.finish(counter.id);
      return t('admin.done.finish', { ticket });
    }, current);
  const noShow = () =>
    counter &&
    current &&
    act(async () => {
      await api.noShow(counter.id);
      return t('admin.done.noShow', { ticket });
    }, current);
  const pause = () =>
    counter &&
    act(async () => {
      const updated = await api.setPaused(counter.id, !counter.paused);
      return t(updated.paused ? 'admin.done.paused' : 'admin.done.resumed');
    });
  useShortcuts(
    noTicket
      ? { pause: busy || !counter ? undefined : pause }
      : { recall, finish, noShow, transfer: () => setAskingTransfer(true), pause },
  );

  if (!counter) return null;
  const button = (testId: string, label: string, key: string, onClick: () => void, disabled: boolean) => (
    <button
      type="button"
      class="action-button"
      data-testid={testId}
      aria-keyshortcuts={key}
      disabled={disabled}
      onClick={onClick}
    >
      {label} <kbd>{key}</kbd>
    </button>
  );
  return (
    <div class="counter-actions">
      {button('recall', t('admin.recall'), SHORTCUTS.recall, () => recall(), noTicket)}
      {button('finish', t('admin.finish'), SHORTCUTS.finish, () => finish(), noTicket)}
      {button('no-show', t('admin.noShow'), SHORTCUTS.noShow, () => noShow(), noTicket)}
      <TransferControl
        counter={counter}
        counters={counters}
        services={services}
        ticketNumber={ticket}
        disabled={noTicket}
        shortcut={SHORTCUTS.transfer}
        asking={askingTransfer}
        onAsk={setAskingTransfer}
        onTransfer={(request: TransferRequest) =>
          current &&
          act(async () => {
            const { ticket: sent } = await api.transfer(counter.id, request);
            const where =
              sent?.assignedCounterNumber !== undefined
                ? t('admin.sentTo', { n: sent.assignedCounterNumber })
                : (sent?.serviceName ?? '');
            return t('admin.done.transferTo', { ticket, where });
          }, current)
        }
      />
      <button
        type="button"
        class="action-button"
        data-testid="pause"
        aria-pressed={counter.paused}
        aria-keyshortcuts={SHORTCUTS.pause}
        disabled={busy}
        onClick={() => pause()}
      >
        {counter.paused ? t('admin.resume') : t('admin.pause')} <kbd>{SHORTCUTS.pause}</kbd>
      </button>
      <button
        type="button"
        class="link-button"
        data-testid="reprint-ticket"
        disabled={noTicket}
        onClick={() =>
          current &&
          act(async () => {
            const { printed } = await api.reprintTicket(current.id);
            return t(printed ? 'admin.done.reprinted' : 'admin.done.notReprinted', { ticket });
          })
        }
      >
        {t('admin.reprintTicket')}
      </button>
    </div>
  );
}
