import { useState } from 'preact/hooks';
import type { CaseItemView, PublicState } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { serviceLabel } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { SideFrame } from './side-frame.tsx';

type PrintState = 'idle' | 'printing' | 'printed' | 'failed';
const PRINT_MESSAGE: Record<Exclude<PrintState, 'idle'>, MessageKey> = {
  printing: 'guide.printing',
  printed: 'guide.printed',
  failed: 'guide.printFailed',
};

/** Prints the item's 材料清单 on the kiosk's receipt printer, from the same items the guide shows. */
function PrintChecklist({ item, api }: { item: CaseItemView; api: ApiClient }) {
  const { t } = useLang();
  const [state, setState] = useState<PrintState>('idle');
  const print = async () => {
    setState('printing');
    try {
      setState((await api.printChecklist(item.id)).printed ? 'printed' : 'failed');
    } catch {
      setState('failed');
    }
  };
  return (
    <div class="guide-print">
      <button
        type="button"
        class="secondary-button"
        data-testid="guide-print"
        disabled={state === 'printing'}
        onClick={() => void print()}
      >
        {t('guide.print')}
      </button>
      {state !== 'idle' && (
        <p role="status" data-testid="guide-print-status">
          {t(PRINT_MESSAGE[state])}
        </p>
      )}
    </div>
  );
}

/** One application the counter accepts under a service: what to bring, how long it takes, the fee. */
function CaseItemGuide({ item, api }: { item: CaseItemView; api: ApiClient }) {
  const { t } = useLang();
  return (
    <section class="guide-item" data-testid="guide-item" aria-labelledby={`item-${item.id}`}>
      <h4 id={`item-${item.id}`}>{item.name}</h4>
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
              {item.lifeEvents.map((e) => t(`lifeEvent.${e}` as MessageKey)).join('、')}
            </dd>
          </>
        )}
      </dl>
      <PrintChecklist item={item} api={api} />
    </section>
  );
}

/** 办事指南: each service's applications (materials, time limits in working days, fee) and counters. */
export function Guide({ state, api, onBack }: { state: PublicState; api: ApiClient; onBack: () => void }) {
  const { lang, t } = useLang();
  const [selected, setSelected] = useState<string | null>(null);
  const [itemIndex, setItemIndex] = useState(0);
  const service = state.services.find((s) => s.id === selected);
  const items = service?.caseItems ?? [];
  const item = items[Math.min(itemIndex, items.length - 1)];
  const counters = service ? state.counters.filter((c) => c.serviceIds.includes(service.id)) : [];
  return (
    <SideFrame title={t('guide.title')} onBack={onBack}>
      {!service ? (
        <>
          <p>{t('guide.intro')}</p>
          <ul class="guide-list">
            {state.services.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  class="side-tile"
                  onClick={() => {
                    setItemIndex(0);
                    setSelected(s.id);
                  }}
                >
                  {serviceLabel(lang, s)}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <article class="guide-detail" data-testid="guide-detail">
          <h3>{serviceLabel(lang, service)}</h3>
          <ul>
            <li>{service.requiresCard ? t('guide.needsCard') : t('guide.noCard')}</li>
            <li>{t('guide.waitingNow', { count: state.waitingByService[service.id] ?? 0 })}</li>
            <li>
              {counters.length > 0
                ? t('guide.counters', { counters: counters.map((c) => c.name).join('、') })
                : t('guide.counters.none')}
            </li>
          </ul>
          {item && <p class="guide-keep">{t('guide.keep')}</p>}
          <button type="button" class="secondary-button" onClick={() => setSelected(null)}>
            {t('guide.otherServices')}
          </button>
          <div class="guide-items">
            {items.length > 1 && (
              <fieldset class="guide-tabs" aria-label={t('guide.items')}>
                {items.map((it, i) => (
                  <button
                    key={it.id}
                    type="button"
                    class="secondary-button"
                    aria-pressed={it === item}
                    onClick={() => setItemIndex(i)}
                  >
                    {it.name}
                  </button>
                ))}
              </fieldset>
            )}
            {item ? (
              <CaseItemGuide key={item.id} item={item} api={api} />
            ) : (
              <p data-testid="guide-no-items">{t('guide.noItems')}</p>
            )}
          </div>
        </article>
      )}
    </SideFrame>
  );
}
