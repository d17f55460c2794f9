import { useState } from 'preact/hooks';
import type { ServiceView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';

interface IssueByHandProps {
  api: ApiClient;
  services: ServiceView[];
  onIssued: (text: string) => void;
}

/** A card-less ticket issued by the clerk, past the kiosk's limits, for a resident it turned away. */
export function IssueByHand({ api, services, onIssued }: IssueByHandProps) {
  const { lang, t } = useLang();
  const cardless = services.filter((s) => !s.requiresCard);
  const [serviceId, setServiceId] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = serviceId || cardless[0]?.id || '';
  if (cardless.length === 0) return null;
  const issue = async () => {
    setBusy(true);
    try {
      const { ticket } = await api.issueTicket(chosen);
      onIssued(t('admin.byHand.issued', { ticket: ticket.number }));
    } catch (err) {
      onIssued(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="issue-by-hand" aria-labelledby="by-hand-title" data-testid="issue-by-hand">
      <h2 id="by-hand-title">{t('admin.byHand.title')}</h2>
      <p class="note">{t('admin.byHand.note')}</p>
      <label>
        {t('admin.byHand.service')}{' '}
        <select value={chosen} onChange={(e) => setServiceId(e.currentTarget.value)}>
          {cardless.map((s) => (
            <option key={s.id} value={s.id}>
              {serviceLabel(lang, s)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={busy || !chosen} onClick={issue}>
        {t('admin.byHand.issue')}
      </button>
    </section>
  );
}
