import { useState } from 'preact/hooks';
import type { CounterView, ServiceView, TransferRequest } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';

interface TransferControlProps {
  counter: CounterView;
  counters: CounterView[];
  services: ServiceView[];
  disabled: boolean;
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

/** The serving ticket goes to another counter or another service's queue, at the front or the back. */
export function TransferControl({ counter, counters, services, disabled, onTransfer }: TransferControlProps) {
  const { lang, t } = useLang();
  const others = counters.filter((c) => c.id !== counter.id);
  const [chosen, setChosen] = useState('');
  const [front, setFront] = useState(true);
  const target =
    chosen || (others[0] ? `counter:${others[0].id}` : services[0] ? `service:${services[0].id}` : '');
  const request = transferRequest(target, front);
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
        disabled={disabled || !request}
        onClick={() => request && onTransfer(request)}
      >
        {t('admin.transfer')}
      </button>
    </span>
  );
}
