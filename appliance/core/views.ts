/**
 * The view models of the HTTP API: what the screens may see of tickets, calls, the card on the
 * reader, the devices and the whole public state. Built on each request from the current
 * configuration and services, and never with personal data unmasked.
 */
import type {
  AppointmentView,
  CallView,
  CardView,
  DeviceHealth,
  DevicesView,
  PublicState,
  ScanView,
  TicketView,
} from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { type Identity, maskIdNumber, maskName } from '../../drivers/idcard/index.ts';
import { ageOn, dayOf } from '../../platform/centre-day.ts';
import type { UplinkState } from '../fleet-agent/agent.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { AppointmentRecord } from '../queue/appointment-record.ts';
import type { Queue } from '../queue/queue.ts';
import type { TicketRecord } from '../store/records.ts';
import type { CatalogueLookup } from './catalogue-overlay.ts';
import type { DeviceName, IdentitySource } from './events.ts';
import { guideSummary } from './guide-pages.ts';

/** What the views read, always the current one: the core passes getters, never copies. */
export interface ViewSource {
  config(): ApplianceConfig;
  queue(): Queue;
  outbox: Outbox;
  health(device: DeviceName): DeviceHealth;
  uplink(): UplinkState | null;
  /** The staff panel's certificate, when the panel is served over TLS. */
  panelCert(): DeviceHealth | null;
  person(): { identity: Identity; source: IdentitySource } | null;
  lastScan(): ScanView | null;
  recentCalls(): readonly CallView[];
  /** The district's catalogue, over the configured items of the same ID. */
  catalogue: () => CatalogueLookup;
}

export const notConfigured = (since = Date.now()): DeviceHealth => ({
  state: 'disconnected',
  detail: 'not configured',
  since,
});

/** A card's 'YYYY-MM-DD' validity end (or 'long-term') has passed by `today`. */
export function expiredOn(validTo: string, today: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(validTo) && validTo < today;
}

/** A scan is news for half a minute; after that the next resident should not see it. */
const SCAN_NEWS_MS = 30_000;

export class ApplianceViews {
  constructor(private readonly src: ViewSource) {}

  ticket(ticket: TicketRecord, todays = this.src.queue().tickets()): TicketView {
    const queue = this.src.queue();
    const service = queue.service(ticket.serviceId);
    const counters = this.src.config().counters;
    const counter = ticket.counterId ? counters.find((c) => c.id === ticket.counterId) : undefined;
    const assigned = ticket.assignedCounterId
      ? counters.find((c) => c.id === ticket.assignedCounterId)
      : undefined;
    return {
      id: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      serviceName: service.name,
      status: ticket.status,
      priority: ticket.priority,
      issuedAt: ticket.issuedAt,
      ...(ticket.calledAt ? { calledAt: ticket.calledAt } : {}),
      ...(counter ? { counterId: counter.id, counterNumber: counter.number } : {}),
      peopleAhead: queue.peopleAhead(ticket, todays),
      estimatedWaitMin: queue.estimatedWaitMin(ticket, todays),
      ...(ticket.holder ? { holderMasked: ticket.holder.maskedName } : {}),
      ...(ticket.queuedAt !== undefined ? { queuedAt: ticket.queuedAt } : {}),
      ...(assigned ? { assignedCounterId: assigned.id, assignedCounterNumber: assigned.number } : {}),
      ...(ticket.finishedAt !== undefined ? { finishedAt: ticket.finishedAt } : {}),
      ...(ticket.recalls ? { recalls: ticket.recalls } : {}),
      ...(ticket.requeues ? { requeues: ticket.requeues } : {}),
      ...(ticket.status === 'no-show' ? { canRequeue: queue.canRequeue(ticket) } : {}),
    };
  }

  call(ticket: TicketRecord): CallView {
    const queue = this.src.queue();
    const counter = queue.counter(ticket.counterId ?? '');
    return {
      ticketNumber: ticket.number,
      serviceName: queue.service(ticket.serviceId).name,
      counterNumber: counter.number,
      counterName: counter.name,
      calledAt: ticket.calledAt ?? 0,
    };
  }

  appointment(a: AppointmentRecord): AppointmentView {
    return {
      id: a.id,
      serviceId: a.serviceId,
      day: a.day,
      slot: a.slot,
      ...(a.holder ? { holderMasked: a.holder.maskedName } : {}),
      checkedIn: a.checkedInAt !== undefined,
      bookedBy: a.bookedBy,
      ...(a.reminderTo ? { reminderTo: a.reminderTo } : {}),
    };
  }

  card(): CardView | null {
    const person = this.src.person();
    if (!person) return null;
    const { identity } = person;
    return {
      maskedName: maskName(identity.name || identity.nameEn || ''),
      maskedNumber: maskIdNumber(identity.number),
      cardType: identity.cardType,
      elderly: ageOn(identity.birthDate, this.src.queue().today()) >= this.src.config().queue.elderlyAge,
      checkDigitValid: identity.checkDigitValid,
      ...(expiredOn(identity.validTo, this.src.queue().today()) ? { expired: true } : {}),
      source: person.source,
    };
  }

  devices(): DevicesView {
    const uplink = this.src.uplink();
    const outbox = this.src.outbox;
    const panelCert = this.src.panelCert();
    return {
      reader: this.src.health('reader'),
      printer: this.src.health('printer'),
      scanner: this.src.health('scanner'),
      camera: this.src.health('camera'),
      uplink: uplink ? uplinkHealth(uplink) : notConfigured(),
      ...(panelCert ? { panelCert } : {}),
      outbox: {
        depth: outbox.depth,
        oldestAgeMs: outbox.oldestAgeMs(),
        ...(outbox.lastAckAt ? { lastAckAt: outbox.lastAckAt } : {}),
      },
    };
  }

  publicState(): PublicState {
    const config = this.src.config();
    const queue = this.src.queue();
    const todays = queue.tickets();
    const scan = this.src.lastScan();
    return {
      kiosk: { id: config.kioskId, centreName: config.centre.name, centreNameEn: config.centre.nameEn },
      // The guide's items are paged from their own route (guide-pages.ts): here only its version.
      services: config.services.map((s) => ({
        id: s.id,
        prefix: s.prefix,
        name: s.name,
        nameEn: s.nameEn,
        requiresCard: s.requiresCard,
        caseItems: [],
      })),
      counters: config.counters.map((c) => ({ ...c, paused: queue.isPaused(c.id) })),
      waitingByService: Object.fromEntries(
        config.services.map((s) => [s.id, queue.waitingCount(s.id, todays)]),
      ),
      // Yesterday's calls do not belong on this morning's board.
      calls: this.src
        .recentCalls()
        .filter((c) => dayOf(c.calledAt, config.centre.timeZone) === queue.today())
        .slice(0, 10),
      card: this.card(),
      devices: this.devices(),
      scan: scan && Date.now() - scan.at < SCAN_NEWS_MS ? scan : null,
      guide: guideSummary(config.services, this.src.catalogue()),
    };
  }
}

function uplinkHealth(uplink: UplinkState): DeviceHealth {
  if (uplink.connected) {
    return uplink.ingestOnline === false
      ? { state: 'warning', detail: 'central ingest offline', since: uplink.since }
      : { state: 'ok', since: uplink.since };
  }
  return {
    state: 'disconnected',
    ...(uplink.lastError ? { detail: uplink.lastError } : {}),
    since: uplink.since,
  };
}
