/**
 * The resident's path through the kiosk as a framework-free model: choose a service, present the
 * ID card when the service needs it, see the ticket; the other home tiles; the idle reset.
 * Screens only render the stores and call the actions.
 */
import type { CardView, PublicState, ServiceView, TicketView } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';
import { createStore, type Store } from '../shared/store.ts';

export type SideScreen = 'guide' | 'appointment' | 'progress' | 'rating';

export type KioskScreen =
  | { kind: 'home' }
  | { kind: 'card-prompt'; service: ServiceView }
  | { kind: 'taking'; service: ServiceView }
  | { kind: 'ticket'; service: ServiceView; ticket: TicketView; printed: boolean }
  | { kind: 'error'; service: ServiceView; code: string; message: string }
  | { kind: SideScreen };

export interface KioskPrefs {
  /** 长辈模式: large type, high contrast, fewer choices per screen, spoken prompts. */
  elderly: boolean;
}

export interface KioskFlow {
  screen: Store<KioskScreen>;
  /** The card the screens may show and use: the reader's card unless the idle reset set it aside. */
  card: Store<CardView | null>;
  prefs: Store<KioskPrefs>;
  choose(serviceId: string): Promise<void>;
  /** Call on every state push with the reader's card. */
  cardChanged(card: CardView | null): Promise<void>;
  open(screen: SideScreen): void;
  /** A ticket that came from elsewhere (appointment check-in) shown like a freshly taken one. */
  showTicket(ticket: TicketView, printed: boolean): void;
  home(): void;
  setElderly(on: boolean): void;
  /** Nobody has touched the kiosk for a while: wipe what is on screen and start over. */
  idle(): void;
}

export interface KioskFlowOptions {
  /** Also undone by the idle reset, e.g. the language back to Chinese. */
  onReset?: () => void;
}

export function cardKey(card: CardView): string {
  return `${card.cardType}|${card.maskedNumber}|${card.maskedName}`;
}

export function createKioskFlow(
  api: Pick<ApiClient, 'takeTicket'>,
  getState: () => PublicState | null,
  options: KioskFlowOptions = {},
): KioskFlow {
  const screen = createStore<KioskScreen>({ kind: 'home' });
  const card = createStore<CardView | null>(null);
  const prefs = createStore<KioskPrefs>({ elderly: false });
  /** A card left on the reader by someone who walked away: ignored until it is lifted off. */
  let setAside: string | null = null;
  /** The card elderly mode was switched on for, so toggling it off sticks for that card. */
  let elderlyOfferedFor: string | null = null;

  async function take(service: ServiceView, withCard: boolean): Promise<void> {
    screen.set({ kind: 'taking', service });
    try {
      // The home screen told an elderly card holder they get a priority ticket; the appliance checks.
      const priority = withCard && card.get()?.elderly === true;
      const { ticket, printed } = await api.takeTicket({
        serviceId: service.id,
        withCard,
        ...(priority ? { priority: true } : {}),
      });
      // The resident may have been sent home (idle timeout) while the request was in flight.
      if (screen.get().kind === 'taking') screen.set({ kind: 'ticket', service, ticket, printed });
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'unknown';
      const message = err instanceof Error ? err.message : String(err);
      if (screen.get().kind === 'taking') screen.set({ kind: 'error', service, code, message });
    }
  }

  return {
    screen,
    card,
    prefs,
    async choose(serviceId) {
      const state = getState();
      const service = state?.services.find((s) => s.id === serviceId);
      if (!state || !service || screen.get().kind === 'taking') return;
      if (card.get()) return take(service, true);
      if (service.requiresCard) {
        screen.set({ kind: 'card-prompt', service });
        return;
      }
      return take(service, false);
    },
    async cardChanged(reader) {
      if (!reader) {
        setAside = null;
        elderlyOfferedFor = null;
        card.set(null);
        return;
      }
      const key = cardKey(reader);
      if (key === setAside) return;
      const previous = card.get();
      if (!previous || cardKey(previous) !== key) card.set(reader);
      if (reader.elderly && elderlyOfferedFor !== key) {
        elderlyOfferedFor = key;
        prefs.set({ ...prefs.get(), elderly: true });
      }
      const current = screen.get();
      if (current.kind === 'card-prompt') return take(current.service, true);
    },
    open(side) {
      if (screen.get().kind !== 'taking') screen.set({ kind: side });
    },
    showTicket(ticket, printed) {
      const service = getState()?.services.find((s) => s.id === ticket.serviceId) ?? {
        id: ticket.serviceId,
        prefix: ticket.number.slice(0, 1),
        name: ticket.serviceName,
        nameEn: '',
        requiresCard: false,
        caseItems: [],
      };
      screen.set({ kind: 'ticket', service, ticket, printed });
    },
    home() {
      screen.set({ kind: 'home' });
    },
    setElderly(on) {
      prefs.set({ ...prefs.get(), elderly: on });
    },
    idle() {
      const present = card.get();
      if (present) setAside = cardKey(present);
      card.set(null);
      prefs.set({ elderly: false });
      screen.set({ kind: 'home' });
      options.onReset?.();
    },
  };
}
