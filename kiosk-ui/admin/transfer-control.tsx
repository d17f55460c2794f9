import { useState } from 'preact/hooks';
import type { CounterView, ServiceView, TransferRequest } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import type { Lang } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';

interface TransferControlProps {
  counter: CounterView;
  counters: CounterView[];
  services: ServiceView[];
  /** The number being transferred, named in the confirmation. */
  ticketNumber: string;
  disabled: boolean;
  /** The keyboard shortcut shown on the button. */
  shortcut: string;
  /** Set by the shortcut: open the confirmation as the button would. */
  asking: boolean;
  onAsk: (asking: boolean) => void;
  onTransfer: (request: TransferRequest) => void;
}

/** Option values are `counter:<id>` or `service:<id>`: one list for both kinds of destination. */
export function transferRequest(target: string, front: boolean): TransferRequest | null {
  const [kind, id] = target.split(/:(.*)/s);
  if (!id) return null;
  const position = front ? 'front' : 'back';
  if (kind === 'counter') return { toCounterId: id, position };
  if (kind === 'service') return { toServiceId: id, position };
  return null;
}

/** Where a transfer goes, in words for the confirmation: '3号窗口' or '低保业务队列'. */
function targetName(
  target: string,
  counters: CounterView[],
  services: ServiceView[],
  lang: Lang,
): { key: 'admin.transfer.counter' | 'admin.transfer.service'; name: string } {
  const [kind, id] = target.split(/:(.*)/s);
  if (kind === 'counter')
    return { key: 'admin.transfer.counter', name: counters.find((c) => c.id === id)?.name ?? '' };
  const service = services.find((s) => s.id === id);
  return { key: 'admin.transfer.service', name: service ? serviceLabel(lang, service) : '' };
}

/**
 * The serving ticket goes to another counter or another service's queue, at the front or the back,
 * after a confirmation that names where.
 */
export function TransferControl({
  counter,
  counters,
  services,
  ticketNumber,
  disabled,
  shortcut,
  asking,
  onAsk,
  onTransfer,
}: TransferControlProps) {
  const { lang, t } = useLang();
  const others = counters.filter((c) => c.id !== counter.id);
  const [chosen, setChosen] = useState('');
  const [front, setFront] = useState(true);
  const target =
    chosen || (others[0] ? `counter:${others[0].id}` : services[0] ? `service:${services[0].id}` : '');
  const request = transferRequest(target, front);
  const where = targetName(target, counters, services, lang);
  return (
    <span class="transfer">
      <label>
        <span class="visually-hidden">{t('admin.transferTarget')}</span>
        <select
          value={target}
          data-testid="transfer-target"
          aria-label={t('admin.transferTarget')}
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          <optgroup label={t('config.counters')}>
            {others.map((c) => (
              <option key={c.id} value={`counter:${c.id}`}>
                {t('admin.transfer.counter', { name: c.name })}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('config.services')}>
            {services.map((s) => (
              <option key={s.id} value={`service:${s.id}`}>
                {t('admin.transfer.service', { name: serviceLabel(lang, s) })}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label class="inline-check">
        <input type="checkbox" checked={front} onChange={(e) => setFront(e.currentTarget.checked)} />
        {t('admin.transfer.front')}
      </label>
      <button
        type="button"
        class="action-button"
        data-testid="transfer"
        aria-keyshortcuts={shortcut}
        disabled={disabled || !request}
        onClick={() => onAsk(true)}
      >
        {t('admin.transfer')} <kbd>{shortcut}</kbd>
      </button>
      {asking && request && !disabled && (
        <span class="transfer-confirm" role="alertdialog" aria-labelledby="transfer-question">
          <span id="transfer-question" data-testid="transfer-question">
            {t(front ? 'admin.transfer.askFront' : 'admin.transfer.askBack', {
              ticket: ticketNumber,
              target: t(where.key, { name: where.name }),
            })}
          </span>
          <button
            type="button"
            class="primary-button"
            data-testid="transfer-confirm"
            onClick={() => {
              onAsk(false);
              onTransfer(request);
            }}
          >
            {t('admin.transfer.confirm')}
          </button>
          <button type="button" class="link-button" onClick={() => onAsk(false)}>
            {t('common.cancel')}
          </button>
        </span>
      )}
    </span>
  );
}
