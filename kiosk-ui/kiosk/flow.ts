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
  | { kind: 'ticket'; service: ServiceView; ticket: TicketView; printed: boolean }
  | { kind: 'error'; service: ServiceView; code: string }
  | { kind: SideScreen };

export interface KioskPrefs {
  /** 长辈模式: large type, high contrast, fewer choices per screen, spoken prompts. */
  elderly: boolean;
}

/** What the scanner read, for the screen to say in its own words; belongs to the visit that scanned it. */
export type ScanNotice = Pick<ScanView, 'at' | 'verdict' | 'ticketNumber' | 'reason'>;

/** A scan notice leaves the screen after this long, or sooner when the visit ends. */
export const SCAN_NOTICE_MS = 15_000;

export interface KioskFlow {
  screen: ReadonlySignal<KioskScreen>;
  /** The card the screens may show and use: the reader's card unless the idle reset set it aside. */
  card: ReadonlySignal<CardView | null>;
  prefs: ReadonlySignal<KioskPrefs>;
  notice: ReadonlySignal<ScanNotice | null>;
  /** A receipt number the scanner just read, for the progress screen to look up at once. */
  scannedReceipt: ReadonlySignal<string | undefined>;
  choose(serviceId: string): Promise<void>;
  /** Call on every state push with the reader's card. */
  cardChanged(card: CardView | null): Promise<void>;
  /**
   * Call on every state push with the last scan. The first value seen is what was scanned before
   * this page loaded (not for this visitor); after that, each new scan moves the screen.
   */
  scanned(scan: ScanView | null): void;
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
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export function cardKey(card: CardView): string {
  return `${card.cardType}|${card.maskedNumber}|${card.maskedName}`;
}

export function createKioskFlow(
  api: Pick<ApiClient, 'takeTicket'>,
  getState: () => PublicState | null,
  options: KioskFlowOptions = {},
): KioskFlow {
  const screen = signal<KioskScreen>({ kind: 'home' });
  const card = signal<CardView | null>(null);
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
  /** A card left on the reader by someone who walked away: ignored until it is lifted off. */
  let setAside: string | null = null;
  /** The card elderly mode was switched on for, so toggling it off sticks for that card. */
  let elderlyOfferedFor: string | null = null;

  async function take(service: ServiceView, withCard: boolean): Promise<void> {
    go({ kind: 'taking', service });
    try {
      // The home screen told an elderly card holder they get a priority ticket; the appliance checks.
      const priority = withCard && card.peek()?.elderly === true;
      const { ticket, printed } = await api.takeTicket({
        serviceId: service.id,
        withCard,
        ...(priority ? { priority: true } : {}),
      });
      // The resident may have been sent home (idle timeout) while the request was in flight.
      if (screen.peek().kind === 'taking') go({ kind: 'ticket', service, ticket, printed });
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'unknown';
      if (screen.peek().kind === 'taking') go({ kind: 'error', service, code });
    }
  }

  return {
    screen,
    card,
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
      if (!reader) {
        setAside = null;
        elderlyOfferedFor = null;
        card.value = null;
        return;
      }
      const key = cardKey(reader);
      if (key === setAside) return;
      const previous = card.peek();
      if (!previous || cardKey(previous) !== key) card.value = reader;
      if (reader.elderly && elderlyOfferedFor !== key) {
        elderlyOfferedFor = key;
        prefs.value = { ...prefs.peek(), elderly: true };
      }
      const current = screen.peek();
      if (current.kind === 'card-prompt') return take(current.service, true);
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
      };
      noticeTimer = timers.setTimeout(() => {
        noticeTimer = null;
        notice.value = null;
      }, SCAN_NOTICE_MS);
    },
    open(side) {
      if (screen.peek().kind !== 'taking') go({ kind: side });
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
      go({ kind: 'ticket', service, ticket, printed });
    },
    home() {
      clearNotice();
      go({ kind: 'home' });
    },
    setElderly(on) {
      prefs.value = { ...prefs.peek(), elderly: on };
    },
    idle() {
      const present = card.peek();
      if (present) setAside = cardKey(present);
      batch(() => {
        clearNotice();
        card.value = null;
        prefs.value = { elderly: false };
        go({ kind: 'home' });
      });
      options.onReset?.();
    },
  };
}
