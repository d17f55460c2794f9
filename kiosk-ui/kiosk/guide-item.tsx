import { useState } from 'preact/hooks';
import type { CaseItemView, PrintedResponse } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { serviceLabel } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import type { GuideEntry } from './guide-index.ts';

type PrintState = 'idle' | 'printing' | 'printed' | 'failed';

/** Prints on the kiosk's receipt printer and says how it went, in place. */
function PrintButton({
  label,
  printed,
  testId,
  print,
}: {
  label: MessageKey;
  printed: MessageKey;
  testId: string;
  print: () => Promise<PrintedResponse>;
}) {
  const { t } = useLang();
  const [state, setState] = useState<PrintState>('idle');
  const message: Record<Exclude<PrintState, 'idle'>, MessageKey> = {
    printing: 'guide.printing',
    printed,
    failed: 'guide.printFailed',
  };
  const run = async () => {
    setState('printing');
    try {
      setState((await print()).printed ? 'printed' : 'failed');
    } catch {
      setState('failed');
    }
  };
  return (
    <div class="guide-print">
      <button
        type="button"
        class="secondary-button"
        data-testid={testId}
        disabled={state === 'printing'}
        onClick={() => void run()}
      >
        {t(label)}
      </button>
      {state !== 'idle' && (
        <p role="status" data-testid={`${testId}-status`}>
          {t(message[state])}
        </p>
      )}
    </div>
  );
}

/** The item's forms (表格): each prints as a paper copy whose QR code downloads the full form. */
function GuideForms({ item, api }: { item: CaseItemView; api: ApiClient }) {
  const { t } = useLang();
  const forms = item.forms ?? [];
  if (forms.length === 0) return null;
  return (
    <div class="guide-forms" data-testid="guide-forms">
      <p>{t('guide.forms')}</p>
      <ul>
        {forms.map((f) => (
          <li key={f.name} data-testid="guide-form">
            <span data-testid="guide-form-name">{f.name}</span>
            <PrintButton
              label="guide.form.print"
              printed="guide.form.printed"
              testId="guide-form-print"
              print={() => api.printForm(item.id, f.name)}
            />
          </li>
        ))}
      </ul>
      <p class="guide-keep">{t('guide.form.hint')}</p>
    </div>
  );
}

/** One application: what to bring, how long it takes, the fee, who decides; where to take a number. */
export function CaseItemGuide({
  entry,
  api,
  showService,
}: {
  entry: GuideEntry;
  api: ApiClient;
  showService: boolean;
}) {
  const { lang, t } = useLang();
  const { item, service } = entry;
  return (
    <section class="guide-item" data-testid="guide-item" aria-labelledby={`item-${item.id}`}>
      <h4 id={`item-${item.id}`}>{item.name}</h4>
      {showService && (
        <p class="guide-take" data-testid="guide-take-number">
          {t('guide.takeNumber', { service: serviceLabel(lang, service) })}
        </p>
      )}
      {item.guide && <p data-testid="guide-text">{item.guide}</p>}
      <p>{t('guide.materials')}</p>
      {item.materials.length > 0 ? (
        <ol class="checklist" data-testid="guide-materials">
          {item.materials.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ol>
      ) : (
        <p>{t('guide.materials.none')}</p>
      )}
      <dl class="guide-facts">
        <dt>{t('guide.promised')}</dt>
        <dd data-testid="guide-promised">{t('guide.days', { n: item.promisedLimitDays })}</dd>
        <dt>{t('guide.legal')}</dt>
        <dd data-testid="guide-legal">{t('guide.days', { n: item.legalLimitDays })}</dd>
        <dt>{t('guide.fee')}</dt>
        <dd data-testid="guide-fee">{item.fee && item.fee !== '免费' ? item.fee : t('guide.fee.free')}</dd>
        {item.department && (
          <>
            <dt>{t('guide.department')}</dt>
            <dd data-testid="guide-department">{item.department}</dd>
          </>
        )}
        {item.lifeEvents && item.lifeEvents.length > 0 && (
          <>
            <dt>{t('guide.lifeEvents')}</dt>
            <dd data-testid="guide-life-events">
              {item.lifeEvents
                .map((e) => t(`lifeEvent.${e}` as MessageKey))
                .join(lang === 'en' ? ', ' : '、')}
            </dd>
          </>
        )}
      </dl>
      <GuideForms item={item} api={api} />
      <PrintButton
        label="guide.print"
        printed="guide.printed"
        testId="guide-print"
        print={() => api.printChecklist(item.id)}
      />
    </section>
  );
}

/** The applications of one service, department or life event: one tab each, the chosen one below. */
export function GuideItems({
  entries,
  api,
  showService,
}: {
  entries: readonly GuideEntry[];
  api: ApiClient;
  showService: boolean;
}) {
  const { t } = useLang();
  const [index, setIndex] = useState(0);
  const entry = entries[Math.min(index, entries.length - 1)];
  return (
    <div class="guide-items">
      {entries.length > 1 && (
        <fieldset class="guide-tabs" aria-label={t('guide.items')}>
          {entries.map((e, i) => (
            <button
              key={e.item.id}
              type="button"
              class="secondary-button"
              aria-pressed={e === entry}
              onClick={() => setIndex(i)}
            >
              {e.item.name}
            </button>
          ))}
        </fieldset>
      )}
      {entry ? (
        <CaseItemGuide key={entry.item.id} entry={entry} api={api} showService={showService} />
      ) : (
        <p data-testid="guide-no-items">{t('guide.noItems')}</p>
      )}
    </div>
  );
}
