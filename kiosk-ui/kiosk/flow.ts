/**
 * The resident's path through the kiosk as a framework-free model: choose a service, present the
 * ID card when the service needs it, see the ticket; the other home tiles; the idle reset.
 * Screens only render the stores and call the actions.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals-core';
import type { CardView, PublicState, ScanView, ServiceView, TicketView } from '../../contract/api.ts';
import { type ApiClient, ApiClientError } from '../shared/api-client.ts';

export type SideScreen = 'guide' | 'appointment' | 'progress' | 'rating';

export type KioskScreen =
  | { kind: 'home' }
  | { kind: 'card-prompt'; service: ServiceView }
  | { kind: 'taking'; service: ServiceView }
  | {
      kind: 'ticket';
      service: ServiceView;
      ticket: TicketView;
      printed: boolean;
      /** Taken with the card on the reader: the screen and voice ask for the card back. */
      withCard: boolean;
    }
  | { kind: 'error'; service: ServiceView; code: string }
  /** 证件拍照: the document camera reads the resident's card or passport, then the service (if chosen) is taken. */
  | { kind: 'camera'; service?: ServiceView }
  | { kind: SideScreen };

export interface KioskPrefs {
  /** 长辈模式: large type, high contrast, fewer choices per screen, spoken prompts. */
  elderly: boolean;
}

/** What the scanner read, for the screen to say in its own words; belongs to the visit that scanned it. */
export type ScanNotice = Pick<ScanView, 'at' | 'verdict' | 'ticketNumber' | 'reason' | 'progress'>;

/** A scan notice leaves the screen after this long, or sooner when the visit ends. */
export const SCAN_NOTICE_MS = 15_000;

export interface KioskFlow {
  screen: ReadonlySignal<KioskScreen>;
  /**
   * The card the screens may show and use: the reader's card for one visit only. It is set aside
   * (ignored until lifted off) after a ticket, on the idle reset, and when the page loads with a
   * card already on the reader, so the next resident never acts as the previous one.
   */
  card: ReadonlySignal<CardView | null>;
  /** A card that was set aside still lies on the reader: the screen asks for it to be taken. */
  cardToTake: ReadonlySignal<boolean>;
  prefs: ReadonlySignal<KioskPrefs>;
  notice: ReadonlySignal<ScanNotice | null>;
  /** A receipt number the scanner just read, for the progress screen to look up at once. */
  scannedReceipt: ReadonlySignal<string | undefined>;
  choose(serviceId: string): Promise<void>;
  /** Call on every state push with the reader's card; the first call is what lay there before this page. */
  cardChanged(card: CardView | null): Promise<void>;
  /**
   * Call on every state push with the last scan. The first value seen is what was scanned before
   * this page loaded (not for this visitor); after that, each new scan moves the screen.
   */
  scanned(scan: ScanView | null): void;
  open(screen: SideScreen): void;
  /** 证件拍照, from the card prompt (with the service to take once identified) or from home. */
  openCamera(service?: ServiceView): void;
  /** A ticket that came from elsewhere (appointment check-in) shown like a freshly taken one. */
  showTicket(ticket: TicketView, printed: boolean, withCard: boolean): void;
  home(): void;
  setElderly(on: boolean): void;
  /** Nobody has touched the kiosk for a while: wipe what is on screen and start over. */
  idle(): void;
}

export interface KioskFlowOptions {
  /** Also undone by the idle reset, e.g. the language back to Chinese. */
  onReset?: () => void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export function cardKey(card: CardView): string {
  return `${card.cardType}|${card.maskedNumber}|${card.maskedName}`;
}

export function createKioskFlow(
  api: Pick<ApiClient, 'takeTicket'> & Partial<Pick<ApiClient, 'forgetDocumentPerson'>>,
  getState: () => PublicState | null,
  options: KioskFlowOptions = {},
): KioskFlow {
  const screen = signal<KioskScreen>({ kind: 'home' });
  const card = signal<CardView | null>(null);
  const cardToTake = signal(false);
  const prefs = signal<KioskPrefs>({ elderly: false });
  const notice = signal<ScanNotice | null>(null);
  const scannedReceipt = signal<string | undefined>(undefined);
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let noticeTimer: unknown = null;
  /** The last scan seen (at, verdict and details: one scan's follow-up can share its millisecond); undefined until the first push. */
  let scanBaseline: string | null | undefined;
  const clearNotice = () => {
    if (noticeTimer !== null) timers.clearTimeout(noticeTimer);
    noticeTimer = null;
    notice.value = null;
  };
  const go = (next: KioskScreen) => {
    if (next.kind !== 'progress') scannedReceipt.value = undefined;
    screen.value = next;
  };
  /** A card whose visit is over (a ticket, the idle reset, a page reload): ignored until it is lifted off. */
  let setAside: string | null = null;
  let firstCardPush = true;
  const forgetCard = () => {
    const present = card.peek();
    card.value = null;
    if (present?.source === 'camera') {
      // Nothing to take back: the appliance forgets the person read from the photo.
      setAside = cardKey(present);
      cardToTake.value = false;
      void api.forgetDocumentPerson?.().catch(() => {});
      return;
    }
    if (present) setAside = cardKey(present);
    cardToTake.value = setAside !== null;
  };
  /** The card elderly mode was switched on for, so toggling it off sticks for that card. */
  let elderlyOfferedFor: string | null = null;

  async function take(service: ServiceView, withCard: boolean): Promise<void> {
    go({ kind: 'taking', service });
    try {
      // The home screen told an elderly card holder they get a priority ticket; the appliance checks.
      const priority = withCard && card.peek()?.elderly === true;
      const fromCamera = withCard && card.peek()?.source === 'camera';
      const { ticket, printed } = await api.takeTicket({
        serviceId: service.id,
        withCard,
        ...(priority ? { priority: true } : {}),
      });
      // The resident may have been sent home (idle timeout) while the request was in flight.
      if (screen.peek().kind !== 'taking') return;
      batch(() => {
        // The card has done its work for this visit; the next tap must not act for its holder.
        if (withCard) forgetCard();
        go({ kind: 'ticket', service, ticket, printed, withCard: withCard && !fromCamera });
      });
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'unknown';
      if (screen.peek().kind === 'taking') go({ kind: 'error', service, code });
    }
  }

  return {
    screen,
    card,
    cardToTake,
    prefs,
    notice,
    scannedReceipt,
    async choose(serviceId) {
      const state = getState();
      const service = state?.services.find((s) => s.id === serviceId);
      if (!state || !service || screen.peek().kind === 'taking') return;
      if (card.peek()) return take(service, true);
      if (service.requiresCard) {
        go({ kind: 'card-prompt', service });
        return;
      }
      return take(service, false);
    },
    async cardChanged(reader) {
      const first = firstCardPush;
      firstCardPush = false;
      if (!reader) {
        setAside = null;
        elderlyOfferedFor = null;
        batch(() => {
          card.value = null;
          cardToTake.value = false;
        });
        return;
      }
      const key = cardKey(reader);
      // Already on the reader when this page loaded (a reload, a restart): someone else's visit.
      if (first) setAside = key;
      if (key === setAside) {
        cardToTake.value = reader.source !== 'camera';
        return;
      }
      // A different card replaced the set-aside one without the reader seeing it lifted.
      setAside = null;
      cardToTake.value = false;
      const previous = card.peek();
      if (!previous || cardKey(previous) !== key) card.value = reader;
      if (reader.elderly && elderlyOfferedFor !== key) {
        elderlyOfferedFor = key;
        prefs.value = { ...prefs.peek(), elderly: true };
      }
      const current = screen.peek();
      if (current.kind === 'card-prompt') return take(current.service, true);
      if (current.kind === 'camera' && reader.source === 'camera') {
        if (current.service && !reader.expired) return take(current.service, true);
        go({ kind: 'home' });
      }
    },
    scanned(scan) {
      const key = scan ? `${scan.at}|${scan.verdict}|${scan.reason ?? ''}|${scan.ticketNumber ?? ''}` : null;
      if (scanBaseline === undefined) {
        scanBaseline = key;
        return;
      }
      if (!scan || key === scanBaseline) return;
      scanBaseline = key;
      if (scan.verdict === 'receipt' && scan.receiptNo) {
        const receiptNo = scan.receiptNo;
        clearNotice();
        if (screen.peek().kind === 'taking') return;
        batch(() => {
          go({ kind: 'progress' });
          scannedReceipt.value = receiptNo;
        });
        return;
      }
      clearNotice();
      notice.value = {
        at: scan.at,
        verdict: scan.verdict,
        ...(scan.ticketNumber ? { ticketNumber: scan.ticketNumber } : {}),
        ...(scan.reason ? { reason: scan.reason } : {}),
        ...(scan.progress ? { progress: scan.progress } : {}),
      };
      noticeTimer = timers.setTimeout(() => {
        noticeTimer = null;
        notice.value = null;
      }, SCAN_NOTICE_MS);
    },
    open(side) {
      if (screen.peek().kind !== 'taking') go({ kind: side });
    },
    openCamera(service) {
      if (screen.peek().kind !== 'taking') go(service ? { kind: 'camera', service } : { kind: 'camera' });
    },
    showTicket(ticket, printed, withCard) {
      const service = getState()?.services.find((s) => s.id === ticket.serviceId) ?? {
        id: ticket.serviceId,
        prefix: ticket.number.slice(0, 1),
        name: ticket.serviceName,
        nameEn: '',
        requiresCard: false,
        caseItems: [],
      };
      batch(() => {
        if (withCard) forgetCard();
        go({ kind: 'ticket', service, ticket, printed, withCard });
      });
    },
    home() {
      clearNotice();
      go({ kind: 'home' });
    },
    setElderly(on) {
      prefs.value = { ...prefs.peek(), elderly: on };
    },
    idle() {
      batch(() => {
        clearNotice();
        forgetCard();
        prefs.value = { elderly: false };
        go({ kind: 'home' });
      });
      options.onReset?.();
    },
  };
}
