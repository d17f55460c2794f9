import type { CardView, PublicState, ServiceView } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { FaultPanels } from './fault-panel.tsx';
import type { FaultSummary } from './faults.ts';
import type { SideScreen } from './flow.ts';
import { ReaderIllustration, ReaderWhere } from './reader-hint.tsx';
import type { ReaderPlacement } from './reader-placement.ts';
import { tileColumns } from './tile-grid.ts';

interface HomeProps {
  state: PublicState;
  card: CardView | null;
  faults: FaultSummary;
  elderly: boolean;
  reader: ReaderPlacement;
  onChoose: (service: ServiceView) => void;
  onOpen: (screen: SideScreen) => void;
  /** 证件拍照, when this kiosk has a document camera. */
  onCamera?: (() => void) | undefined;
}

const sideTiles: { screen: SideScreen; label: MessageKey }[] = [
  { screen: 'appointment', label: 'kiosk.side.appointment' },
  { screen: 'progress', label: 'kiosk.side.progress' },
  { screen: 'guide', label: 'kiosk.side.guide' },
  { screen: 'rating', label: 'kiosk.side.rating' },
];

/** Every service on the one screen (no paging, no scrolling), the other services, and the card strip by the reader. */
export function Home({ state, card, faults, elderly, reader, onChoose, onOpen, onCamera }: HomeProps) {
  const { lang, t } = useLang();
  const cols = tileColumns(state.services.length, elderly);
  // Past eight services (six in elderly mode) the names get smaller so long ones still fit.
  const dense = state.services.length > (elderly ? 6 : 8);
  return (
    <main class="home">
      <FaultPanels faults={faults.faults} />
      <h2 class="section-title" id="services-title">
        {t('kiosk.chooseService')}
      </h2>
      <ul
        class={dense ? 'tiles tiles-dense' : 'tiles'}
        aria-labelledby="services-title"
        style={{ '--cols-portrait': String(cols.portrait), '--cols-landscape': String(cols.landscape) }}
      >
        {state.services.map((service) => {
          const blocked = service.requiresCard && !card && !faults.canReadCards;
          const label = serviceLabel(lang, service);
          return (
            <li key={service.id} class={blocked ? 'tile tile-blocked' : 'tile'}>
              <button
                type="button"
                class="tile-button"
                data-service-id={service.id}
                disabled={blocked}
                aria-label={label}
                aria-describedby={`meta-${service.id}`}
                onClick={() => onChoose(service)}
              >
                <span class="tile-prefix" aria-hidden="true">
                  {service.prefix}
                </span>
                <span class="tile-name">{label}</span>
                <span class="tile-meta" id={`meta-${service.id}`}>
                  {t('kiosk.waiting', { count: state.waitingByService[service.id] ?? 0 })}
                  {service.requiresCard
                    ? ` · ${blocked ? t('kiosk.cardUnavailable') : t('kiosk.needsCard')}`
                    : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <ul class="side-tiles" aria-label={t('kiosk.more')}>
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
      <section class={`card-strip reader-${reader}`} aria-live="polite" data-testid="card-strip">
        <ReaderIllustration placement={reader} />
        {card ? (
          <div class="card-line">
            <p class="card-greeting" data-testid="card-name">
              {card.maskedName
                ? t('card.greeting', { name: card.maskedName })
                : t('card.greetingNumber', { number: card.maskedNumber })}
            </p>
            {card.expired && (
              <p class="card-expired" role="alert" data-testid="card-expired">
                {t('card.expired')}
              </p>
            )}
            {card.elderly && !card.expired && (
              <p class="priority-offer" data-testid="priority-offer">
                {t('kiosk.priority.offer')}
              </p>
            )}
          </div>
        ) : (
          <div class="card-line">
            <p class="card-hint">{faults.canReadCards ? t('card.placeHint') : t('kiosk.cardUnavailable')}</p>
            {faults.canReadCards && <ReaderWhere placement={reader} />}
          </div>
        )}
        {/* Elderly mode keeps fewer choices on screen: there 证件拍照 is offered where a card is asked for. */}
        {!card && onCamera && !elderly && (
          <button type="button" class="camera-open-home" data-testid="camera-open" onClick={onCamera}>
            {t('kiosk.camera.openShort')}
          </button>
        )}
      </section>
    </main>
  );
}
