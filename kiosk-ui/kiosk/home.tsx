import { useState } from 'preact/hooks';
import type { CardView, PublicState, ServiceView } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { FaultPanels } from './fault-panel.tsx';
import type { FaultSummary } from './faults.ts';
import type { SideScreen } from './flow.ts';
import { pageOf, SERVICES_PER_PAGE } from './paging.ts';

interface HomeProps {
  state: PublicState;
  card: CardView | null;
  faults: FaultSummary;
  elderly: boolean;
  onChoose: (service: ServiceView) => void;
  onOpen: (screen: SideScreen) => void;
  onElderly: (on: boolean) => void;
}

const sideTiles: { screen: SideScreen; label: MessageKey }[] = [
  { screen: 'appointment', label: 'kiosk.side.appointment' },
  { screen: 'progress', label: 'kiosk.side.progress' },
  { screen: 'guide', label: 'kiosk.side.guide' },
  { screen: 'rating', label: 'kiosk.side.rating' },
];

export function Home({ state, card, faults, elderly, onChoose, onOpen, onElderly }: HomeProps) {
  const { lang, t } = useLang();
  const [page, setPage] = useState(0);
  const shown = pageOf(
    state.services,
    page,
    elderly ? SERVICES_PER_PAGE.elderly : SERVICES_PER_PAGE.standard,
  );
  return (
    <main class="home">
      {card ? (
        <div class="card-line">
          <p class="card-greeting" data-testid="card-name">
            {t('card.greeting', { name: card.maskedName })}
          </p>
          {card.elderly && (
            <p class="priority-offer" data-testid="priority-offer">
              {t('kiosk.priority.offer')}
            </p>
          )}
        </div>
      ) : (
        <p class="card-hint">{faults.canReadCards ? t('card.placeHint') : t('kiosk.cardUnavailable')}</p>
      )}
      <FaultPanels faults={faults.faults} />
      <h2 class="section-title" id="services-title">
        {t('kiosk.chooseService')}
      </h2>
      <ul class="tiles" aria-labelledby="services-title">
        {shown.items.map((service) => {
          const blocked = service.requiresCard && !card && !faults.canReadCards;
          return (
            <li key={service.id} class={blocked ? 'tile tile-blocked' : 'tile'}>
              <button
                type="button"
                class="tile-button"
                data-service-id={service.id}
                disabled={blocked}
                aria-describedby={`meta-${service.id}`}
                onClick={() => onChoose(service)}
              >
                {serviceLabel(lang, service)}
              </button>
              <span class="tile-meta" id={`meta-${service.id}`}>
                {t('kiosk.waiting', { count: state.waitingByService[service.id] ?? 0 })}
                {service.requiresCard
                  ? ` · ${blocked ? t('kiosk.cardUnavailable') : t('kiosk.needsCard')}`
                  : ''}
              </span>
            </li>
          );
        })}
      </ul>
      {shown.pages > 1 && (
        <nav class="pager" aria-label={t('kiosk.page', { page: shown.page + 1, pages: shown.pages })}>
          <button
            type="button"
            class="secondary-button"
            disabled={shown.page === 0}
            onClick={() => setPage(shown.page - 1)}
          >
            {t('kiosk.prevPage')}
          </button>
          <span>{t('kiosk.page', { page: shown.page + 1, pages: shown.pages })}</span>
          <button
            type="button"
            class="secondary-button"
            disabled={shown.page >= shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            {t('kiosk.nextPage')}
          </button>
        </nav>
      )}
      <h2 class="section-title">{t('kiosk.more')}</h2>
      <ul class="side-tiles">
        {sideTiles.map((tile) => (
          <li key={tile.screen}>
            <button
              type="button"
              class="side-tile"
              data-testid={`side-${tile.screen}`}
              onClick={() => onOpen(tile.screen)}
            >
              {t(tile.label)}
            </button>
          </li>
        ))}
      </ul>
      <div class="mode-bar">
        <button
          type="button"
          class="mode-button"
          aria-pressed={elderly}
          data-testid="elderly-toggle"
          onClick={() => onElderly(!elderly)}
        >
          {elderly ? t('kiosk.elderly.off') : t('kiosk.elderly.on')}
        </button>
      </div>
    </main>
  );
}
