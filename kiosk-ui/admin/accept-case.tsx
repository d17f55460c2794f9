import { useState } from 'preact/hooks';
import type { AcceptCaseResponse, ServiceView, TicketView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

interface AcceptCaseProps {
  api: Pick<ApiClient, 'acceptCase'>;
  ticket: TicketView;
  service: ServiceView | undefined;
}

/** 受理: pick the application, tick the materials the resident handed over, accept, print the receipt. */
export function AcceptCase({ api, ticket, service }: AcceptCaseProps) {
  const { t } = useLang();
  const items = service?.caseItems ?? [];
  const [itemId, setItemId] = useState('');
  const [received, setReceived] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AcceptCaseResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const item = items.find((i) => i.id === itemId) ?? items[0];

  // A case needs the applicant's card: a ticket taken without one cannot be accepted.
  const blocker =
    items.length === 0 ? t('accept.noItems') : !ticket.holderMasked ? t('accept.needsCard') : null;
  if (blocker) {
    return (
      <section class="accept" aria-labelledby="accept-title">
        <h2 id="accept-title">{t('accept.title', { ticket: ticket.number })}</h2>
        <p data-testid="accept-blocked">{blocker}</p>
      </section>
    );
  }

  const toggle = (material: string, on: boolean) =>
    setReceived((now) => (on ? [...now, material] : now.filter((m) => m !== material)));

  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      // Only materials of the chosen item, in the item's order.
      const materials = item.materials.filter((m) => received.includes(m));
      setResult(await api.acceptCase({ ticketId: ticket.id, itemId: item.id, materials }));
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
        <div class="accept-result" role="status" data-testid="accept-result">
          <p class="accept-number" data-testid="accept-case-number">
            {t('accept.done', { number: result.case.number })}
          </p>
          <p data-testid="accept-deadline">
            {t('accept.deadline', {
              promised: result.case.promisedDeadline,
              legal: result.case.legalDeadline,
            })}
          </p>
          <p data-testid="accept-printed" class={result.printed ? '' : 'form-error'}>
            {result.printed ? t('accept.printed') : t('accept.notPrinted')}
          </p>
        </div>
      ) : (
        <form onSubmit={submit}>
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
          <button type="submit" class="primary-button" data-testid="accept-submit" disabled={busy}>
            {busy ? t('accept.submitting') : t('accept.submit')}
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
