import { useState } from 'preact/hooks';
import type { AcceptCaseRequest, AcceptCaseResponse, ServiceView, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import { AcceptResult } from './accept-result.tsx';
import { ItemForms } from './item-forms.tsx';

interface AcceptCaseProps {
  api: Pick<ApiClient, 'acceptCase' | 'reprintCase' | 'printForm'>;
  ticket: TicketView;
  service: ServiceView | undefined;
}

const ID_SHAPE = /^[0-9]{17}[0-9Xx]$/;

/**
 * 受理: pick the application, tick what the resident handed over, accept. When materials are
 * missing the case is taken in under 补正 and the 一次性告知单 prints instead of the receipt. A ticket
 * taken without a card is accepted from the ID number the clerk types (the appliance checks it).
 */
export function AcceptCase({ api, ticket, service }: AcceptCaseProps) {
  const { t } = useLang();
  const items = service?.caseItems ?? [];
  const [itemId, setItemId] = useState('');
  const [received, setReceived] = useState<string[]>([]);
  const [idNumber, setIdNumber] = useState('');
  // Empty: the materials arrived today. Earlier when they came by post, online or through a colleague.
  const [arrived, setArrived] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AcceptCaseResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const item = items.find((i) => i.id === itemId) ?? items[0];
  const typed = !ticket.holderMasked;

  if (items.length === 0) {
    return (
      <section class="accept" aria-labelledby="accept-title">
        <h2 id="accept-title">{t('accept.title', { ticket: ticket.number })}</h2>
        <p data-testid="accept-blocked">{t('accept.noItems')}</p>
      </section>
    );
  }

  const toggle = (material: string, on: boolean) =>
    setReceived((now) => (on ? [...now, material] : now.filter((m) => m !== material)));
  const materials = item ? item.materials.filter((m) => received.includes(m)) : [];
  const missing = item ? item.materials.filter((m) => !received.includes(m)) : [];
  const idReady = !typed || ID_SHAPE.test(idNumber.trim());

  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (!item || !idReady) return;
    setBusy(true);
    setError(null);
    try {
      const request: AcceptCaseRequest = {
        ticketId: ticket.id,
        itemId: item.id,
        materials,
        ...(missing.length > 0 ? { missingMaterials: missing } : {}),
        ...(typed ? { idNumber: idNumber.trim().toUpperCase() } : {}),
        ...(arrived ? { materialsArrivedDay: arrived } : {}),
      };
      setResult(await api.acceptCase(request));
      setIdNumber('');
    } catch (err) {
      setError(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="accept" aria-labelledby="accept-title" data-testid="accept-form">
      <h2 id="accept-title">{t('accept.title', { ticket: ticket.number })}</h2>
      {result?.case.number ? (
        <AcceptResult api={api} result={result} />
      ) : (
        <form onSubmit={submit}>
          {typed && (
            <label class="field">
              <span>{t('accept.idNumber')}</span>
              <input
                type="text"
                data-testid="accept-id-number"
                inputMode="numeric"
                autoComplete="off"
                spellcheck={false}
                maxLength={18}
                value={idNumber}
                onInput={(e) => setIdNumber(e.currentTarget.value)}
              />
              <small>{t('accept.idNumber.hint')}</small>
            </label>
          )}
          <label class="field">
            <span>{t('accept.item')}</span>
            <select
              data-testid="accept-item"
              value={item?.id}
              onChange={(e) => {
                setItemId(e.currentTarget.value);
                setReceived([]);
              }}
            >
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="materials">
            <legend>{t('accept.materials')}</legend>
            {item?.materials.map((m) => (
              <label key={m} class="inline-check">
                <input
                  type="checkbox"
                  checked={received.includes(m)}
                  onChange={(e) => toggle(m, e.currentTarget.checked)}
                />
                {m}
              </label>
            ))}
          </fieldset>
          {item && <ItemForms item={item} api={api} />}
          <label class="field">
            <span>{t('accept.arrived')}</span>
            <input
              type="date"
              data-testid="accept-arrived"
              value={arrived}
              onInput={(e) => setArrived(e.currentTarget.value)}
            />
          </label>
          {missing.length > 0 && (
            <p class="accept-missing" data-testid="accept-missing">
              {t('accept.missing', { list: missing.join('、') })}
            </p>
          )}
          <button
            type="submit"
            class="primary-button"
            data-testid="accept-submit"
            disabled={busy || !idReady}
          >
            {busy
              ? t('accept.submitting')
              : missing.length > 0
                ? t('accept.submitCorrection')
                : t('accept.submit')}
          </button>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
