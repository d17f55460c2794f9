/**
 * The appliance core. It sees typed events from the devices (a card placed or removed, printer
 * health) and requests from the screens, keeps the store, and hands transactions to the outbox.
 * Hardware, HTTP and MQTT are adapters around it.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type {
  AppointmentView,
  BookAppointmentRequest,
  BookAppointmentResponse,
  CallView,
  CardView,
  CounterView,
  DevicesView,
  PublicState,
  ScanView,
  TakeTicketRequest,
  TakeTicketResponse,
  TicketView,
  TransferRequest,
} from '../../contract/api.ts';
import { type IdCardReader, type Identity, maskIdNumber, maskName } from '../../drivers/idcard/index.ts';
import { buildTestPageJob } from '../../drivers/printer/documents/test-page.ts';
import { buildTicketJob, type ReceiptPrinter } from '../../drivers/printer/index.ts';
import type { Scanner } from '../../drivers/scanner/index.ts';
import type { ApplianceConfig } from '../../firmware-config/schema.ts';
import { type SupervisionTimer, startSupervisionTimer } from '../cases/index.ts';
import { CodeSigner } from '../codes/index.ts';
import { FleetAgent, type FleetAgentOptions } from '../fleet-agent/agent.ts';
import type { CommandHandlers } from '../fleet-agent/command-inbox.ts';
import { Outbox } from '../outbox/outbox.ts';
import { AuditLog } from '../privacy/audit-log.ts';
import { purgeExpiredPersonalData } from '../privacy/retention.ts';
import { DeviceVault } from '../privacy/vault.ts';
import { AppointmentBook, type AppointmentRecord } from '../queue/appointments.ts';
import { ageOn, dayOf } from '../queue/calendar-day.ts';
import { Queue } from '../queue/queue.ts';
import type { PersonRef, TicketRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { CaseDesk } from './case-desk.ts';
import { notConfigured } from './device-health.ts';
import { ApplianceError } from './errors.ts';
import { EventLog } from './event-log.ts';

export const APPLIANCE_VERSION = '0.1.0';

export interface ApplianceOptions {
  config: ApplianceConfig;
  dataDir: string;
  reader?: IdCardReader | null;
  printer?: ReceiptPrinter | null;
  scanner?: Scanner | null;
  /** How long a ticket request waits for the printer before answering `printed: false`. */
  printWaitMs?: number;
  agent?: Partial<
    Pick<
      FleetAgentOptions,
      | 'ackTimeoutMs'
      | 'reconnectBaseMs'
      | 'reconnectCapMs'
      | 'window'
      | 'telemetryIntervalMs'
      | 'mqttOptions'
      | 'describeError'
      | 'onConnected'
    >
  >;
}

export class Appliance extends EventEmitter<{ changed: []; printed: [string] }> {
  readonly queue: Queue;
  private card: Identity | null = null;
  private lastScan: ScanView | null = null;
  private readonly calls: CallView[] = [];
  agent: FleetAgent | null = null;
  readonly log = new EventLog();
  readonly codes: CodeSigner;
  readonly appointments: AppointmentBook;
  desk!: CaseDesk;
  audit!: AuditLog;
  private timers: Array<{ stop(): void }> = [];

  private constructor(
    private currentConfig: ApplianceConfig,
    readonly store: Store,
    readonly outbox: Outbox,
    readonly vault: DeviceVault,
    private readonly opts: ApplianceOptions,
  ) {
    super();
    this.queue = new Queue(store, currentConfig);
    this.codes = new CodeSigner(vault.deriveKey('codes'));
    this.appointments = new AppointmentBook(store, this.queue, this.codes);
  }

  get config(): ApplianceConfig {
    return this.currentConfig;
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
    this.desk = desk;
    for (const t of this.timers) t.stop();
    this.timers = [];
    this.startHousekeeping();
    this.log.add('info', 'config', 'new configuration in effect');
    this.emit('changed');
  }

  private makeDesk(config: ApplianceConfig): CaseDesk {
    return new CaseDesk({
      store: this.store,
      config,
      queue: this.queue,
      vault: this.vault,
      audit: this.audit,
      codes: this.codes,
      printer: this.opts.printer ?? null,
    });
  }

  static async open(opts: ApplianceOptions): Promise<Appliance> {
    const store = await Store.open(join(opts.dataDir, 'log'));
    const outbox = await Outbox.open(opts.dataDir, store);
    const vault = await DeviceVault.openOrCreate(join(opts.dataDir, 'keys', 'device.key'));
    const app = new Appliance(opts.config, store, outbox, vault, opts);
    app.audit = await AuditLog.open(join(opts.dataDir, 'audit.log'));
    app.desk = app.makeDesk(opts.config);
    app.startHousekeeping();
    store.onCommit = (commit) => {
      if (commit.tx) outbox.add(commit.tx);
      app.emit('changed');
    };
    outbox.on('change', () => app.emit('changed'));
    for (const q of store.quarantined) app.log.add('error', 'store', `quarantined corrupt file: ${q.reason}`);
    app.restoreRecentCalls();
    app.attachDevices();
    if (opts.config.broker) {
      app.agent = new FleetAgent({
        kioskId: opts.config.kioskId,
        brokerUrl: opts.config.broker.url,
        protocolVersion: opts.config.broker.protocolVersion,
        dataDir: opts.dataDir,
        outbox,
        version: APPLIANCE_VERSION,
        telemetry: () => ({
          reader: app.devices().reader,
          printer: app.devices().printer,
          scanner: app.devices().scanner,
          queue: { waiting: app.queue.tickets().filter((t) => t.status === 'waiting').length },
        }),
        commands: app.commandHandlers(),
        ...opts.agent,
      });
      app.agent.on('uplink', (u) => {
        app.log.add(
          u.connected ? 'info' : 'warn',
          'uplink',
          u.connected ? 'connected' : `down: ${u.lastError ?? 'closed'}`,
        );
        app.emit('changed');
      });
      app.agent.on('rejected', (txId, why) =>
        app.log.add('error', 'outbox', `central rejected ${txId}: ${why}`),
      );
      await app.agent.start();
    }
    return app;
  }

  /** Supervision levels follow the clock; raw personal data leaves when its retention period ends. */
  private startHousekeeping(): void {
    const supervision: SupervisionTimer = startSupervisionTimer(this.desk.cases, { everyMs: 10 * 60_000 });
    const purge = async () => {
      const n = await purgeExpiredPersonalData(this.store, this.config.retention.personalDataDays);
      if (n > 0) this.log.add('info', 'retention', `purged personal data from ${n} records`);
    };
    void purge().catch((err: Error) => this.log.add('error', 'retention', err.message));
    const purgeTimer = setInterval(() => void purge().catch(() => {}), 6 * 60 * 60_000);
    purgeTimer.unref();
    this.timers.push(supervision, { stop: () => clearInterval(purgeTimer) });
  }

  appointmentView(a: AppointmentRecord): AppointmentView {
    return {
      id: a.id,
      serviceId: a.serviceId,
      day: a.day,
      slot: a.slot,
      ...(a.holder ? { holderMasked: a.holder.maskedName } : {}),
      checkedIn: a.checkedInAt !== undefined,
    };
  }

  async bookAppointment(req: BookAppointmentRequest, staff: string): Promise<BookAppointmentResponse> {
    const holder = req.idNumber
      ? this.personRef({ name: '', number: req.idNumber.toUpperCase() })
      : undefined;
    const { appointment, code } = await this.appointments.book(
      { serviceId: req.serviceId, day: req.day, slot: req.slot, ...(holder ? { holder } : {}) },
      staff,
    );
    return { appointment: this.appointmentView(appointment), code };
  }

  /** Checks in an appointment and prints its priority ticket. */
  async checkInAppointment(by: { code: string } | 'card'): Promise<TakeTicketResponse> {
    let ticket: TicketRecord;
    if (by === 'card') {
      const holder = this.currentHolder();
      if (!holder) throw new ApplianceError('card.absent', 'no valid ID card on the reader', 422);
      ticket = await this.appointments.checkIn({ holder });
    } else {
      ticket = await this.appointments.checkIn(by);
    }
    const printed = await this.printTicket(ticket);
    return { ticket: this.ticketView(ticket), printed };
  }

  /** A code from the kiosk's scanner: verified here, so the screen only ever sees a verdict. */
  onScan(text: string): ScanView {
    const verdict = this.codes.verifyCode(text);
    const at = Date.now();
    let scan: ScanView;
    if (verdict.kind === 'shequ' && verdict.type === 'receipt') {
      const found = this.desk.cases.get((verdict.fields as { caseId: string }).caseId);
      scan = found
        ? { at, verdict: 'receipt', message: '已识别受理回执', receiptNo: found.number }
        : { at, verdict: 'forged', message: '本中心没有这份回执的记录' };
    } else if (verdict.kind === 'shequ' && verdict.type === 'ticket') {
      const number = (verdict.fields as { number: string }).number;
      scan = { at, verdict: 'ticket', message: `排队号 ${number}`, ticketNumber: number };
    } else if (verdict.kind === 'shequ') {
      scan = { at, verdict: 'appointment', message: '正在签到…' };
      void this.checkInAppointment({ code: text }).then(
        (r) =>
          this.setScan({
            at: Date.now(),
            verdict: 'appointment',
            message: `签到成功，您的号码是 ${r.ticket.number}`,
            ticketNumber: r.ticket.number,
          }),
        (err: Error) => this.setScan({ at: Date.now(), verdict: 'appointment', message: err.message }),
      );
    } else if (verdict.kind === 'forged') {
      scan = { at, verdict: 'forged', message: '二维码无效或已被改动，请到窗口咨询' };
    } else if (verdict.kind === 'expired') {
      scan = { at, verdict: 'expired', message: '预约码已过期' };
    } else if (verdict.kind === 'malformed') {
      scan = { at, verdict: 'malformed', message: '二维码无法识别，请重新扫描' };
    } else {
      scan = { at, verdict: 'foreign', message: '这不是本中心的二维码' };
    }
    this.log.add(scan.verdict === 'forged' ? 'warn' : 'info', 'scanner', `scanned: ${scan.verdict}`);
    this.setScan(scan);
    return scan;
  }

  private setScan(scan: ScanView): void {
    this.lastScan = scan;
    this.emit('changed');
  }

  /** The person on the reader, sealed and masked, for lookups by card. */
  currentHolder(): PersonRef | null {
    return this.card?.checkDigitValid ? this.personRef(this.card) : null;
  }

  private attachDevices(): void {
    const { reader, printer } = this.opts;
    reader?.on('card', (identity) => {
      this.card = identity;
      this.emit('changed');
    });
    reader?.on('removed', () => {
      this.card = null;
      this.emit('changed');
    });
    reader?.on('health', (h) => {
      this.log.add(
        h.state === 'ok' ? 'info' : 'warn',
        'reader',
        `${h.state}${h.detail ? `: ${h.detail}` : ''}`,
      );
      this.emit('changed');
    });
    this.opts.scanner?.on('code', (text) => this.onScan(text));
    this.opts.scanner?.on('health', (h) => {
      this.log.add(
        h.state === 'ok' ? 'info' : 'warn',
        'scanner',
        `${h.state}${h.detail ? `: ${h.detail}` : ''}`,
      );
      this.emit('changed');
    });
    printer?.on('health', (h) => {
      this.log.add(
        h.state === 'ok' ? 'info' : 'warn',
        'printer',
        `${h.state}${h.detail ? `: ${h.detail}` : ''}`,
      );
      this.emit('changed');
    });
  }

  private restoreRecentCalls(): void {
    const called = this.queue
      .tickets()
      .filter((t) => t.calledAt !== undefined && t.counterId)
      .sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0))
      .slice(0, 10);
    this.calls.push(...called.map((t) => this.callView(t)));
  }

  cardView(): CardView | null {
    const card = this.card;
    if (!card) return null;
    return {
      maskedName: maskName(card.name || card.nameEn || ''),
      maskedNumber: maskIdNumber(card.number),
      cardType: card.cardType,
      elderly: ageOn(card.birthDate, this.queue.today()) >= this.config.queue.elderlyAge,
      checkDigitValid: card.checkDigitValid,
    };
  }

  devices(): DevicesView {
    const uplink = this.agent?.uplink;
    return {
      reader: this.opts.reader?.health ?? notConfigured(),
      printer: this.opts.printer?.health ?? notConfigured(),
      scanner: this.opts.scanner?.health ?? notConfigured(),
      uplink: uplink
        ? {
            state: uplink.connected ? (uplink.ingestOnline === false ? 'warning' : 'ok') : 'disconnected',
            ...(uplink.connected && uplink.ingestOnline === false
              ? { detail: 'central ingest offline' }
              : uplink.lastError && !uplink.connected
                ? { detail: uplink.lastError }
                : {}),
            since: uplink.since,
          }
        : notConfigured(),
      outbox: {
        depth: this.outbox.depth,
        oldestAgeMs: this.outbox.oldestAgeMs(),
        ...(this.outbox.lastAckAt ? { lastAckAt: this.outbox.lastAckAt } : {}),
      },
    };
  }

  publicState(): PublicState {
    const todays = this.queue.tickets();
    return {
      kiosk: {
        id: this.config.kioskId,
        centreName: this.config.centre.name,
        centreNameEn: this.config.centre.nameEn,
      },
      services: this.config.services.map((s) => ({
        id: s.id,
        prefix: s.prefix,
        name: s.name,
        nameEn: s.nameEn,
        requiresCard: s.requiresCard,
        caseItems: s.caseItems,
      })),
      counters: this.config.counters.map((c) => ({ ...c, paused: this.queue.isPaused(c.id) })),
      waitingByService: Object.fromEntries(
        this.config.services.map((s) => [s.id, this.queue.waitingCount(s.id, todays)]),
      ),
      // Yesterday's calls do not belong on this morning's board.
      calls: this.calls
        .filter((c) => dayOf(c.calledAt, this.config.centre.timeZone) === this.queue.today())
        .slice(0, 10),
      card: this.cardView(),
      devices: this.devices(),
      // A scan is news for half a minute; after that the next resident should not see it.
      scan: this.lastScan && Date.now() - this.lastScan.at < 30_000 ? this.lastScan : null,
    };
  }

  ticketView(ticket: TicketRecord, todays = this.queue.tickets()): TicketView {
    const service = this.queue.service(ticket.serviceId);
    const counter = ticket.counterId
      ? this.config.counters.find((c) => c.id === ticket.counterId)
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
      peopleAhead: this.queue.peopleAhead(ticket, todays),
      estimatedWaitMin: this.queue.estimatedWaitMin(ticket, todays),
      ...(ticket.holder ? { holderMasked: ticket.holder.maskedName } : {}),
    };
  }

  private personRef(
    card: Pick<Identity, 'name' | 'number'> & Partial<Pick<Identity, 'nameEn' | 'address'>>,
  ): PersonRef {
    return {
      ref: this.vault.lookupRef(card.number),
      sealed: this.vault.seal({
        name: card.name || card.nameEn || '',
        number: card.number,
        address: card.address,
      }),
      maskedName: maskName(card.name || card.nameEn || ''),
      maskedNumber: maskIdNumber(card.number),
    };
  }

  /** Issues a ticket: durable first, then printed. */
  async takeTicket(req: TakeTicketRequest): Promise<TakeTicketResponse> {
    let holder: PersonRef | undefined;
    let priority = false;
    if (req.withCard) {
      const card = this.card;
      if (!card) throw new ApplianceError('card.absent', 'no ID card on the reader', 422);
      if (!card.checkDigitValid) {
        throw new ApplianceError(
          'card.invalid',
          'the card number fails its check digit; please see a clerk',
          422,
        );
      }
      holder = this.personRef(card);
      priority = req.priority === true && (this.cardView()?.elderly ?? false);
      if (req.priority && !priority) {
        throw new ApplianceError(
          'priority.not-eligible',
          'the card does not show a priority entitlement',
          422,
        );
      }
    } else if (req.priority) {
      throw new ApplianceError(
        'priority.needs-card',
        'a priority ticket needs the ID card on the reader',
        422,
      );
    }
    const ticket = await this.queue.issue({
      serviceId: req.serviceId,
      priority,
      ...(holder ? { holder } : {}),
    });
    const printed = await this.printTicket(ticket);
    return { ticket: this.ticketView(ticket), printed };
  }

  private async printTicket(ticket: TicketRecord, jobId = ticket.id): Promise<boolean> {
    const printer = this.opts.printer;
    if (!printer) return false;
    const view = this.ticketView(ticket);
    const job = await buildTicketJob({
      centreName: this.config.centre.name,
      serviceName: view.serviceName,
      number: ticket.number,
      peopleAhead: view.peopleAhead,
      estimatedWaitMin: view.estimatedWaitMin,
      issuedAt: new Date(ticket.issuedAt),
      qrPayload: this.codes.signCode({
        type: 'ticket',
        fields: { kioskId: this.config.kioskId, day: ticket.day, number: ticket.number, ticketId: ticket.id },
      }),
      priority: ticket.priority,
      ...(ticket.holder ? { holderMasked: ticket.holder.maskedName } : {}),
    });
    const printing = printer.print(jobId, job).then(
      () => {
        this.emit('printed', ticket.id);
        return true;
      },
      () => false,
    );
    const waitMs = this.opts.printWaitMs ?? 5_000;
    return Promise.race([printing, new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]);
  }

  /** What this kiosk does when central sends a command (see contract/mqtt.ts COMMAND_NAMES). */
  private commandHandlers(): CommandHandlers {
    const needPrinter = () => {
      if (!this.opts.printer) throw new Error('no printer configured');
      return this.opts.printer;
    };
    return {
      reprint: async (args) => {
        const ref =
          typeof args.ticketId === 'string'
            ? args.ticketId
            : typeof args.number === 'string'
              ? args.number
              : '';
        const ticket =
          this.queue.tickets().find((t) => t.id === ref || t.number === ref) ?? this.store.get('ticket', ref);
        if (!ticket) throw new Error(`no ticket '${ref}' (give args.ticketId or today's args.number)`);
        needPrinter();
        const printed = await this.printTicket(ticket, `${ticket.id}/reprint/${Date.now()}`);
        return { ticket: ticket.number, printed };
      },
      'print-test': async () => {
        await needPrinter().print(`test-page/${Date.now()}`, await buildTestPageJob());
        return { printed: true };
      },
      'sync-now': async () => this.agent?.syncNow() ?? { connected: false, pending: this.outbox.depth },
      'restart-service': async (args) => {
        if (args.service !== undefined && args.service !== 'uplink') {
          throw new Error(
            `cannot restart '${String(args.service)}'; only 'uplink' can be restarted remotely`,
          );
        }
        setTimeout(() => this.agent?.restartUplink(), 100).unref();
        return { restarting: 'uplink' };
      },
      'collect-logs': async (args) => ({
        entries: this.log.recent(typeof args.limit === 'number' ? Math.min(500, args.limit) : 100),
        devices: this.devices(),
      }),
    };
  }

  async callNext(counterId: string, clerk: string): Promise<TicketView | null> {
    const ticket = await this.queue.callNext(counterId, clerk);
    if (!ticket) return null;
    this.announce(ticket);
    return this.ticketView(ticket);
  }

  private announce(ticket: TicketRecord): void {
    this.calls.unshift(this.callView(ticket));
    this.calls.length = Math.min(this.calls.length, 10);
    this.emit('changed');
  }

  async recall(counterId: string, clerk: string): Promise<TicketView> {
    const ticket = await this.queue.recall(counterId, clerk);
    this.announce({ ...ticket, calledAt: Date.now() });
    return this.ticketView(ticket);
  }

  async finish(counterId: string, clerk: string): Promise<TicketView> {
    return this.ticketView(await this.queue.finish(counterId, clerk));
  }

  async noShow(counterId: string, clerk: string): Promise<TicketView> {
    return this.ticketView(await this.queue.noShow(counterId, clerk));
  }

  async transfer(counterId: string, clerk: string, req: TransferRequest): Promise<TicketView> {
    return this.ticketView(
      await this.queue.transfer(counterId, clerk, {
        ...(req.toServiceId ? { toServiceId: req.toServiceId } : {}),
        ...(req.toCounterId ? { toCounterId: req.toCounterId } : {}),
        position: req.position ?? 'back',
      }),
    );
  }

  async setPaused(counterId: string, paused: boolean, by: string): Promise<CounterView> {
    await this.queue.setPaused(counterId, paused, by);
    const counter = this.queue.counter(counterId);
    return { ...counter, paused: this.queue.isPaused(counter.id) };
  }

  private callView(ticket: TicketRecord): CallView {
    const counter = this.queue.counter(ticket.counterId ?? '');
    return {
      ticketNumber: ticket.number,
      serviceName: this.queue.service(ticket.serviceId).name,
      counterNumber: counter.number,
      counterName: counter.name,
      calledAt: ticket.calledAt ?? 0,
    };
  }

  async close(): Promise<void> {
    for (const t of this.timers) t.stop();
    await this.agent?.close();
    await this.audit.close();
  }
}
