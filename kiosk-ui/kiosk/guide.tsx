import { useState } from 'preact/hooks';
import type { PublicState, ServiceView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { serviceLabel } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { byDepartment, byLifeEvent, type GuideEntry, guideEntries } from './guide-index.ts';
import { GuideItems } from './guide-item.tsx';
import { SideFrame } from './side-frame.tsx';

/** How the resident looks for an application: by the service tiles, by department, or by life event. */
type GuideMode = 'service' | 'department' | 'event';
const MODES: readonly GuideMode[] = ['service', 'department', 'event'];

/** One tile of a list: a department or a life event, with how many applications it has. */
interface GroupTile {
  key: string;
  label: string;
  entries: GuideEntry[];
}

function ModeSwitch({ mode, onChange }: { mode: GuideMode; onChange: (m: GuideMode) => void }) {
  const { t } = useLang();
  return (
    <fieldset class="guide-modes" aria-label={t('guide.mode')}>
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          class="secondary-button"
          data-testid={`guide-mode-${m}`}
          aria-pressed={m === mode}
          onClick={() => onChange(m)}
        >
          {t(`guide.mode.${m}` as MessageKey)}
        </button>
      ))}
    </fieldset>
  );
}

/** A service: whether to bring a card, who is waiting, which counters; then its applications. */
function ServiceDetail({
  state,
  service,
  api,
  onOther,
}: {
  state: PublicState;
  service: ServiceView;
  api: ApiClient;
  onOther: () => void;
}) {
  const { lang, t } = useLang();
  const counters = state.counters.filter((c) => c.serviceIds.includes(service.id));
  const entries = service.caseItems.map((item) => ({ item, service }));
  return (
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
      {entries.length > 0 && <p class="guide-keep">{t('guide.keep')}</p>}
      <button type="button" class="secondary-button" onClick={onOther}>
        {t('guide.otherServices')}
      </button>
      <GuideItems entries={entries} api={api} showService={false} />
    </article>
  );
}

/** A department's or a life event's applications, each saying which service to take a number for. */
function GroupDetail({
  group,
  mode,
  api,
  onOther,
}: {
  group: GroupTile;
  mode: GuideMode;
  api: ApiClient;
  onOther: () => void;
}) {
  const { t } = useLang();
  return (
    <article class="guide-detail" data-testid="guide-detail">
      <h3 data-testid="guide-group-title">{group.label}</h3>
      <p class="guide-keep">{t('guide.keep')}</p>
      <button type="button" class="secondary-button" onClick={onOther}>
        {t(mode === 'department' ? 'guide.backToDepartments' : 'guide.backToEvents')}
      </button>
      <GuideItems entries={group.entries} api={api} showService={true} />
    </article>
  );
}

function groupTiles(mode: GuideMode, state: PublicState, t: (k: MessageKey) => string): GroupTile[] {
  const entries = guideEntries(state.services);
  if (mode === 'department')
    return byDepartment(entries).map((g) => ({
      key: g.department ?? '',
      label: g.department ?? t('guide.department.none'),
      entries: g.entries,
    }));
  return byLifeEvent(entries).map((g) => ({
    key: g.event,
    label: t(`lifeEvent.${g.event}` as MessageKey),
    entries: g.entries,
  }));
}

/** 办事指南: the applications the centre accepts (materials, limits in working days, fee, forms), found three ways. */
export function Guide({ state, api, onBack }: { state: PublicState; api: ApiClient; onBack: () => void }) {
  const { lang, t } = useLang();
  const [mode, setMode] = useState<GuideMode>('service');
  const [selected, setSelected] = useState<string | null>(null);
  const back = () => setSelected(null);
  const switchTo = (m: GuideMode) => {
    setSelected(null);
    setMode(m);
  };
  if (mode === 'service') {
    const service = state.services.find((s) => s.id === selected);
    return (
      <SideFrame title={t('guide.title')} onBack={onBack}>
        {service ? (
          <ServiceDetail key={service.id} state={state} service={service} api={api} onOther={back} />
        ) : (
          <>
            <ModeSwitch mode={mode} onChange={switchTo} />
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
        )}
      </SideFrame>
    );
  }
  const tiles = groupTiles(mode, state, t);
  const group = tiles.find((g) => g.key === selected);
  return (
    <SideFrame title={t('guide.title')} onBack={onBack}>
      {group ? (
        <GroupDetail key={group.key} group={group} mode={mode} api={api} onOther={back} />
      ) : (
        <>
          <ModeSwitch mode={mode} onChange={switchTo} />
          <p>{t(mode === 'department' ? 'guide.intro.department' : 'guide.intro.event')}</p>
          <ul class="guide-list" data-testid={`guide-${mode}-list`}>
            {tiles.map((g) => (
              <li key={g.key}>
                <button
                  type="button"
                  class="side-tile guide-group"
                  data-testid="guide-group"
                  disabled={g.entries.length === 0}
                  onClick={() => setSelected(g.key)}
                >
                  <span class="guide-group-name">{g.label}</span>
                  <small class="guide-group-count">
                    {g.entries.length > 0
                      ? t('guide.itemCount', { n: g.entries.length })
                      : t('guide.event.empty')}
                  </small>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </SideFrame>
  );
}
