import { useState } from 'preact/hooks';
import type { PublicState } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { SideFrame } from './side-frame.tsx';

/** 办事指南 from what the appliance already publishes: card needed, who is waiting, which counters. */
export function Guide({ state, onBack }: { state: PublicState; onBack: () => void }) {
  const { lang, t } = useLang();
  const [selected, setSelected] = useState<string | null>(null);
  const service = state.services.find((s) => s.id === selected);
  const counters = service ? state.counters.filter((c) => c.serviceIds.includes(service.id)) : [];
  return (
    <SideFrame title={t('guide.title')} onBack={onBack}>
      {!service ? (
        <>
          <p>{t('guide.intro')}</p>
          <ul class="guide-list">
            {state.services.map((s) => (
              <li key={s.id}>
                <button type="button" class="side-tile" onClick={() => setSelected(s.id)}>
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
          <button type="button" class="secondary-button" onClick={() => setSelected(null)}>
            {t('common.back')}
          </button>
        </article>
      )}
    </SideFrame>
  );
}
