/**
 * The appliance core. It sees typed events from its edges (`handle`: a card placed or removed, a
 * code scanned, a device's health, the uplink) and requests from the screens through its desks,
 * keeps the store, and hands every committed transaction to the outbox. It holds the current
 * configuration and the services built for it; HTTP routes and the fleet agent reach them only
 * through the core's getters, so a new configuration is in effect everywhere at once.
 */
import { EventEmitter } from 'node:events';
import type {
  BackOfficeStepView,
  DeviceHealth,
  DevicesView,
  PublicState,
  ScanView,
} from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import type { NoticeEntry, RectificationEntry } from '../../contract/sharing.ts';
import type { Identity } from '../../drivers/idcard/index.ts';
import type { ReceiptPrinter } from '../../drivers/printer/index.ts';
import { CodeSigner } from '../codes/index.ts';
import type { FleetAgent, UplinkState } from '../fleet-agent/agent.ts';
import type { CommandHandlers } from '../fleet-agent/command-inbox.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { AuditLog } from '../privacy/audit-log.ts';
import type { DeviceVault } from '../privacy/vault.ts';
import { AppointmentBook } from '../queue/appointments.ts';
import { Queue } from '../queue/queue.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { Commit } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { CaseDesk } from './case-desk.ts';
import { type CatalogueLookup, noCatalogue } from './catalogue-overlay.ts';
import { CounterDesk } from './counter-desk.ts';
import { DocumentDesk, type DocumentReader } from './document-desk.ts';
import { ApplianceError } from './errors.ts';
import { EventLog } from './event-log.ts';
import type { CoreEvents, DeviceName, EdgeEvent, IdentitySource } from './events.ts';
import { type Housekeeping, startHousekeeping } from './housekeeping.ts';
import { KioskDesk } from './kiosk-desk.ts';
import { personRef } from './people.ts';
import { PrintDesk } from './print-desk.ts';
import { type PanelCertKeeper, remoteCommands } from './remote-commands.ts';
import { logRepairs } from './repair-log.ts';
import { ScanDesk } from './scan-desk.ts';
import { progressOfFields } from './ticket-progress.ts';
import { ApplianceViews, notConfigured } from './views.ts';

export interface CoreParts {
  config: ApplianceConfig;
  store: Store;
  outbox: Outbox;
  vault: DeviceVault;
  audit: AuditLog;
  printer: ReceiptPrinter | null;
  /** The document camera's OCR, when one is configured. */
  camera: DocumentReader | null;
  /** The devices bound at assembly, with their health now; a device not bound is 'not configured'. */
  bound: Partial<Record<DeviceName, DeviceHealth>>;
  printWaitMs?: number;
}

export class ApplianceCore extends EventEmitter<CoreEvents> {
  readonly log = new EventLog();
  readonly store: Store;
  readonly outbox: Outbox;
  readonly vault: DeviceVault;
  readonly audit: AuditLog;
  readonly codes: CodeSigner;
  readonly queue: Queue;
  readonly appointments: AppointmentBook;
  readonly views: ApplianceViews;
  readonly print: PrintDesk;
  readonly kiosk: KioskDesk;
  readonly counters: CounterDesk;
  readonly scans: ScanDesk;
  readonly documents: DocumentDesk;
  private currentConfig: ApplianceConfig;
  private caseDesk: CaseDesk;
  private housekeeping: Housekeeping;
  private person: { identity: Identity; source: IdentitySource } | null = null;
  private lastScan: ScanView | null = null;
  private uplinkState: UplinkState | null = null;
  private agentRef: FleetAgent | null = null;
  private panelCertRef: PanelCertKeeper | null = null;
  private backOfficeSteps: (caseId: string) => BackOfficeStepView[] = () => [];
  private catalogue: CatalogueLookup = noCatalogue;
  private centralNotices: () => NoticeEntry[] = () => [];
  private centralRectifications: () => RectificationEntry[] = () => [];
  private readonly health = new Map<DeviceName, DeviceHealth>();

  constructor(parts: CoreParts) {
    super();
    this.currentConfig = parts.config;
    this.store = parts.store;
    this.outbox = parts.outbox;
    this.vault = parts.vault;
    this.audit = parts.audit;
    for (const [device, health] of Object.entries(parts.bound)) this.health.set(device as DeviceName, health);
    this.codes = new CodeSigner(parts.vault.deriveKey('codes'));
    this.queue = new Queue(parts.store, parts.config);
    this.appointments = new AppointmentBook(parts.store, this.queue, this.codes);
    this.views = new ApplianceViews({
      config: () => this.currentConfig,
      queue: () => this.queue,
      outbox: parts.outbox,
      health: (device) => this.health.get(device) ?? notConfigured(),
      uplink: () => this.uplinkState,
      panelCert: () => this.panelCertRef?.health() ?? null,
      person: () => this.person,
      lastScan: () => this.lastScan,
      recentCalls: () => this.counters.recentCalls(),
      catalogue: () => this.catalogue,
    });
    this.print = new PrintDesk({
      printer: parts.printer,
      codes: this.codes,
      config: () => this.currentConfig,
      ...(parts.printWaitMs !== undefined ? { waitMs: parts.printWaitMs } : {}),
      onTicketPrinted: (ticketId) => this.emit('printed', ticketId),
      appointmentSlot: (ticketId) => this.store.all('appointment').find((a) => a.ticketId === ticketId)?.slot,
    });
    this.kiosk = new KioskDesk({
      queue: () => this.queue,
      appointments: this.appointments,
      print: this.print,
      views: this.views,
      holder: () => this.currentHolder(),
      seal: (p) => personRef(this.vault, p),
    });
    this.counters = new CounterDesk(
      () => this.queue,
      this.views,
      () => this.emit('changed'),
    );
    this.scans = new ScanDesk({
      codes: this.codes,
      desk: () => this.caseDesk,
      checkIn: async (code) => (await this.kiosk.checkInAppointment({ code })).ticket.number,
      progress: (fields) => progressOfFields(fields, this.queue, this.config),
      publish: (scan) => this.onScanVerdict(scan),
    });
    this.documents = new DocumentDesk(parts.camera, (event) => this.handle(event));
    this.caseDesk = this.makeDesk(parts.config);
    this.housekeeping = this.startHousekeeping();
    parts.store.on('committed', (commit) => this.onCommitted(commit));
    parts.outbox.on('change', () => this.handle({ type: 'outbox.changed' }));
    logRepairs(this.log, parts);
  }

  get config(): ApplianceConfig {
    return this.currentConfig;
  }

  /** The case desk of the configuration in effect (its items, limits and holidays). */
  get desk(): CaseDesk {
    return this.caseDesk;
  }

  get agent(): FleetAgent | null {
    return this.agentRef;
  }

  /** The composition gives the core what keeps the staff panel's certificate (health, renewal on command). */
  attachPanelCert(panelCert: PanelCertKeeper): void {
    this.panelCertRef = panelCert;
  }

  /** The composition gives the core its agent once both exist (the agent needs the core's commands). */
  attachAgent(agent: FleetAgent): void {
    this.agentRef = agent;
  }

  /**
   * The composition gives the core the district's service catalogue as it arrives (and calls again
   * after each new version, so screens showing the guide refresh).
   */
  attachCatalogue(lookup: CatalogueLookup): void {
    this.catalogue = lookup;
    this.emit('changed');
  }

  /** The district's catalogue as this kiosk holds it now (the guide's pages read it). */
  catalogueLookup(): CatalogueLookup {
    return this.catalogue;
  }

  /** The composition gives the core what central shares of its cases' back-office progress. */
  attachBackOffice(steps: (caseId: string) => BackOfficeStepView[]): void {
    this.backOfficeSteps = steps;
  }

  /** The composition gives the core the supervision notices central addressed to this centre. */
  attachNotices(notices: () => NoticeEntry[]): void {
    this.centralNotices = notices;
  }

  /** The supervision notices central shared down to this centre (none without sharing). */
  notices(): NoticeEntry[] {
    return this.centralNotices();
  }

  /** The composition gives the core central's side of this centre's 差评 rectifications. */
  attachRectifications(entries: () => RectificationEntry[]): void {
    this.centralRectifications = entries;
  }

  /** Central's state of this centre's rectifications (回访, reassignment, escalation; none without sharing). */
  rectifications(): RectificationEntry[] {
    return this.centralRectifications();
  }

  /** The one entry for what happens at the edges. */
  handle(event: EdgeEvent): void {
    switch (event.type) {
      case 'card.placed':
        this.person = { identity: event.identity, source: event.source };
        break;
      case 'card.removed':
        if (this.person?.source === event.source) this.person = null;
        break;
      case 'code.scanned':
        this.scans.read(event.text);
        return;
      case 'device.health': {
        const { health } = event;
        this.health.set(event.device, health);
        this.log.add(
          health.state === 'ok' ? 'info' : 'warn',
          event.device,
          `${health.state}${health.detail ? `: ${health.detail}` : ''}`,
        );
        break;
      }
      case 'uplink.changed': {
        const u = event.uplink;
        const before = this.uplinkState;
        // A line when the link comes or goes, or fails anew; not for every ingest-state update.
        if (
          (before?.connected ?? false) !== u.connected ||
          (!u.connected && u.lastError !== before?.lastError)
        ) {
          this.log.add(
            u.connected ? 'info' : 'warn',
            'uplink',
            u.connected ? 'connected' : `down: ${u.lastError ?? 'closed'}`,
          );
        }
        this.uplinkState = u;
        break;
      }
      case 'outbox.changed':
        break;
    }
    this.emit('changed');
  }

  /**
   * Puts a new configuration into effect while the appliance keeps serving (a signed bundle from
   * central). Tickets, cases and their numbers carry on; services, counters, limits and holidays change.
   */
  reconfigure(config: ApplianceConfig): void {
    if (config.kioskId !== this.currentConfig.kioskId) {
      throw new ApplianceError('config.kiosk-id', 'a configuration cannot change the kiosk ID', 422);
    }
    const kept = new Set(config.services.map((s) => s.id));
    const stranded = this.queue
      .tickets()
      .filter((t) => (t.status === 'waiting' || t.status === 'called') && !kept.has(t.serviceId));
    if (stranded.length > 0) {
      const ids = [...new Set(stranded.map((t) => t.serviceId))].join(', ');
      throw new ApplianceError(
        'config.strands-tickets',
        `the new configuration drops ${ids} while ${stranded.length} resident(s) hold tickets for it today`,
        422,
      );
    }
    const desk = this.makeDesk(config);
    this.currentConfig = config;
    this.queue.setConfig(config);
    this.caseDesk = desk;
    this.housekeeping.stop();
    this.housekeeping = this.startHousekeeping();
    this.log.add('info', 'config', 'new configuration in effect');
    this.emit('config.changed', config);
    this.emit('changed');
  }

  /** The person on the reader (or read by the camera), sealed and masked; null unless the number is valid. */
  currentHolder(): PersonRef | null {
    return this.person?.identity.checkDigitValid ? personRef(this.vault, this.person.identity) : null;
  }

  commandHandlers(): CommandHandlers {
    return remoteCommands({
      queue: () => this.queue,
      store: this.store,
      outbox: this.outbox,
      kiosk: this.kiosk,
      print: this.print,
      log: this.log,
      devices: () => this.views.devices(),
      agent: () => this.agentRef,
      panelCert: () => this.panelCertRef,
    });
  }

  // The views most callers want, by their old names.
  publicState(): PublicState {
    return this.views.publicState();
  }

  devices(): DevicesView {
    return this.views.devices();
  }

  cardView() {
    return this.views.card();
  }

  bookAppointment(...args: Parameters<KioskDesk['bookAppointment']>) {
    return this.kiosk.bookAppointment(...args);
  }

  async close(): Promise<void> {
    this.housekeeping.stop();
    this.documents.close();
    await this.audit.close();
  }

  private makeDesk(config: ApplianceConfig): CaseDesk {
    return new CaseDesk({
      store: this.store,
      config,
      queue: this.queue,
      vault: this.vault,
      audit: this.audit,
      codes: this.codes,
      print: this.print,
      backOffice: (caseId) => this.backOfficeSteps(caseId),
      catalogue: () => this.catalogue,
    });
  }

  private startHousekeeping(): Housekeeping {
    return startHousekeeping({
      desk: this.caseDesk,
      store: this.store,
      retentionDays: this.currentConfig.retention.personalDataDays,
      log: this.log,
      outbox: this.outbox,
      timeZone: this.currentConfig.centre.timeZone,
    });
  }

  private onScanVerdict(scan: ScanView): void {
    this.log.add(scan.verdict === 'forged' ? 'warn' : 'info', 'scanner', `scanned: ${scan.verdict}`);
    this.lastScan = scan;
    this.emit('scan.read', scan);
    this.emit('changed');
  }

  private onCommitted(commit: Commit): void {
    if (commit.tx) this.outbox.add(commit.tx);
    this.emit('committed', commit);
    for (const record of commit.puts) {
      if (record.kind === 'ticket') this.emit('ticket.changed', record);
      else if (record.kind === 'case') this.emit('case.changed', record);
    }
    this.emit('changed');
  }
}
