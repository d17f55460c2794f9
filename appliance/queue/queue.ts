/**
 * The day's queue: issuing numbered tickets per service, calling them to counters with priority
 * tickets served in a bounded ratio, and the waiting-time estimates shown on tickets. Every change
 * is one durable commit carrying its transaction for central.
 */
import { ulid } from 'ulid';
import type { ApplianceConfig, CounterConfig, ServiceConfig } from '../../contract/config/schema.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { Mutex } from '../../platform/mutex.ts';
import { ApplianceError } from '../core/errors.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export interface IssueRequest {
  serviceId: string;
  holder?: PersonRef;
  priority: boolean;
}

const ACTIVE = new Set(['waiting', 'called']);

const queueKey = (t: TicketRecord): number => t.queuedAt ?? t.issuedAt;
const byQueueKey = (a: TicketRecord, b: TicketRecord): number =>
  queueKey(a) - queueKey(b) || a.ordinal - b.ordinal;

export interface TransferRequest {
  toServiceId?: string;
  toCounterId?: string;
  position: 'front' | 'back';
}

export class Queue {
  private readonly mutex = new Mutex();

  constructor(
    private readonly store: Store,
    private config: ApplianceConfig,
    private readonly now: () => number = Date.now,
  ) {}

  setConfig(config: ApplianceConfig): void {
    this.config = config;
  }

  today(): string {
    return dayOf(this.now(), this.config.centre.timeZone);
  }

  service(serviceId: string): ServiceConfig {
    const service = this.config.services.find((s) => s.id === serviceId);
    if (!service)
      throw new ApplianceError('service.unknown', `no service '${serviceId}' at this centre`, 404);
    return service;
  }

  counter(counterId: string): CounterConfig {
    const counter = this.config.counters.find((c) => c.id === counterId);
    if (!counter)
      throw new ApplianceError('counter.unknown', `no counter '${counterId}' at this centre`, 404);
    return counter;
  }

  /** Today's tickets, in issue order. */
  tickets(): TicketRecord[] {
    return this.store
      .ticketsOfDay(this.today())
      .sort((a, b) => a.issuedAt - b.issuedAt || a.ordinal - b.ordinal);
  }

  issue(req: IssueRequest): Promise<TicketRecord> {
    return this.mutex.run(() => this.issueNow(req));
  }

  private async issueNow(req: IssueRequest): Promise<TicketRecord> {
    const service = this.service(req.serviceId);
    if (service.requiresCard && !req.holder) {
      throw new ApplianceError(
        'service.requires-card',
        `${service.name} needs an ID card on the reader`,
        422,
      );
    }
    const todays = this.tickets();
    if (req.holder) {
      const active = todays.find(
        (t) => t.serviceId === service.id && t.holder?.ref === req.holder?.ref && ACTIVE.has(t.status),
      );
      if (active) {
        throw new ApplianceError(
          'ticket.already-active',
          `this card already holds ticket ${active.number} for ${service.name}`,
        );
      }
    }
    // Numbers follow the prefix, not the current service: a transferred ticket keeps its number.
    const lastOrdinal = Math.max(
      service.firstNumber - 1,
      ...todays.filter((t) => t.number.startsWith(service.prefix)).map((t) => t.ordinal),
    );
    const ordinal = lastOrdinal + 1;
    if (ordinal > service.lastNumber) {
      throw new ApplianceError(
        'service.numbers-exhausted',
        `${service.name} has issued all of today's numbers`,
      );
    }
    const width = Math.max(3, String(service.lastNumber).length);
    const issuedAt = this.now();
    const ticket: TicketRecord = {
      kind: 'ticket',
      id: ulid(issuedAt),
      day: dayOf(issuedAt, this.config.centre.timeZone),
      serviceId: service.id,
      number: `${service.prefix}${String(ordinal).padStart(width, '0')}`,
      ordinal,
      priority: req.priority,
      status: 'waiting',
      issuedAt,
      ...(req.holder ? { holder: req.holder } : {}),
    };
    await this.store.commit([ticket], {
      type: 'ticket.issued',
      body: {
        ticketId: ticket.id,
        number: ticket.number,
        serviceId: ticket.serviceId,
        priority: ticket.priority,
        day: ticket.day,
        issuedAt,
        ...(ticket.holder ? { holderRef: ticket.holder.ref } : {}),
      },
    });
    return ticket;
  }

  /** Waiting tickets a counter may serve, in the order it would serve them. */
  private waitingOrder(serviceIds: readonly string[], todays: TicketRecord[]): TicketRecord[] {
    const waiting = todays
      .filter((t) => t.status === 'waiting' && serviceIds.includes(t.serviceId))
      .sort(byQueueKey);
    return [...waiting.filter((t) => t.priority), ...waiting.filter((t) => !t.priority)];
  }

  isPaused(counterId: string): boolean {
    return this.store.get('counter', counterId)?.paused ?? false;
  }

  /** The ticket a counter is serving now, if any. */
  current(counterId: string, todays = this.tickets()): TicketRecord | undefined {
    return todays.find((t) => t.counterId === counterId && t.status === 'called');
  }

  private requireCurrent(counterId: string): TicketRecord {
    const counter = this.counter(counterId);
    const ticket = this.current(counter.id);
    if (!ticket) throw new ApplianceError('counter.idle', `${counter.name} is not serving a ticket`);
    return ticket;
  }

  /**
   * Calls the next ticket to a counter. The ticket the counter was serving is finished first.
   * Priority tickets go first, but never more than `priorityRatio` in a row while normal tickets wait.
   */
  callNext(counterId: string, clerk: string): Promise<TicketRecord | null> {
    return this.mutex.run(() => this.callNextNow(counterId, clerk));
  }

  private async callNextNow(counterId: string, clerk: string): Promise<TicketRecord | null> {
    const counter = this.counter(counterId);
    if (this.isPaused(counter.id)) {
      throw new ApplianceError('counter.paused', `${counter.name} is paused; resume it before calling`);
    }
    const todays = this.tickets();
    const now = this.now();
    const finishing = todays
      .filter((t) => t.counterId === counter.id && t.status === 'called')
      .map((t): TicketRecord => ({ ...t, status: 'done', finishedAt: now }));
    const candidates = todays
      .filter(
        (t) =>
          t.status === 'waiting' &&
          (t.assignedCounterId
            ? t.assignedCounterId === counter.id
            : counter.serviceIds.includes(t.serviceId)),
      )
      .sort(byQueueKey);
    const priority = candidates.filter((t) => t.priority);
    const normal = candidates.filter((t) => !t.priority);
    const calledHere = todays
      .filter((t) => t.counterId === counter.id && t.calledAt !== undefined)
      .sort((a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0));
    let priorityRun = 0;
    for (let i = calledHere.length - 1; i >= 0 && calledHere[i]!.priority; i--) priorityRun++;
    const pick =
      priority.length > 0 && (normal.length === 0 || priorityRun < this.config.queue.priorityRatio)
        ? priority[0]
        : normal[0];
    if (!pick) {
      if (finishing.length > 0) await this.store.commit(finishing, this.completedTx(finishing));
      return null;
    }
    const called: TicketRecord = { ...pick, status: 'called', calledAt: now, counterId: counter.id, clerk };
    await this.store.commit([...finishing, called], {
      type: 'ticket.called',
      body: {
        ticketId: called.id,
        number: called.number,
        counterId: counter.id,
        counterNumber: counter.number,
        clerk,
        calledAt: now,
        waitedMs: now - called.issuedAt,
        finished: finishing.map((t) => t.id),
      },
    });
    return called;
  }

  private completedTx(finished: TicketRecord[]) {
    return {
      type: 'ticket.completed' as const,
      body: {
        tickets: finished.map((t) => ({ ticketId: t.id, number: t.number, finishedAt: t.finishedAt })),
      },
    };
  }

  /** Calls the serving ticket again (the board announces it once more). */
  recall(counterId: string, clerk: string): Promise<TicketRecord> {
    return this.mutex.run(() => this.recallNow(counterId, clerk));
  }

  private async recallNow(counterId: string, clerk: string): Promise<TicketRecord> {
    const ticket = this.requireCurrent(counterId);
    const recalls = (ticket.recalls ?? 0) + 1;
    const recalled: TicketRecord = { ...ticket, recalls };
    await this.store.commit([recalled], {
      type: 'ticket.recalled',
      body: {
        ticketId: ticket.id,
        number: ticket.number,
        counterId,
        clerk,
        recalls,
        at: this.now(),
      },
    });
    return recalled;
  }

  /** The clerk has finished with the resident in front of the counter. */
  finish(counterId: string, clerk: string): Promise<TicketRecord> {
    return this.mutex.run(async () => {
      const ticket = this.requireCurrent(counterId);
      const now = this.now();
      const done: TicketRecord = { ...ticket, status: 'done', finishedAt: now };
      await this.store.commit([done], {
        type: 'ticket.completed',
        body: {
          tickets: [{ ticketId: ticket.id, number: ticket.number, finishedAt: now }],
          counterId,
          clerk,
        },
      });
      return done;
    });
  }

  /** The called resident did not come. */
  noShow(counterId: string, clerk: string): Promise<TicketRecord> {
    return this.mutex.run(() => this.noShowNow(counterId, clerk));
  }

  private async noShowNow(counterId: string, clerk: string): Promise<TicketRecord> {
    const ticket = this.requireCurrent(counterId);
    const now = this.now();
    const gone: TicketRecord = { ...ticket, status: 'no-show', finishedAt: now };
    await this.store.commit([gone], {
      type: 'ticket.no-show',
      body: { ticketId: ticket.id, number: ticket.number, counterId, clerk, at: now },
    });
    return gone;
  }

  /**
   * Sends the serving ticket to another service's queue or to one counter, at the front or the back.
   * It keeps its number, so the resident's paper stays right.
   */
  transfer(counterId: string, clerk: string, req: TransferRequest): Promise<TicketRecord> {
    return this.mutex.run(() => this.transferNow(counterId, clerk, req));
  }

  private async transferNow(counterId: string, clerk: string, req: TransferRequest): Promise<TicketRecord> {
    if (!req.toServiceId && !req.toCounterId) {
      throw new ApplianceError('transfer.no-target', 'say which service or counter to transfer to', 422);
    }
    const ticket = this.requireCurrent(counterId);
    const service = req.toServiceId ? this.service(req.toServiceId) : this.service(ticket.serviceId);
    const target = req.toCounterId ? this.counter(req.toCounterId) : undefined;
    if (target && target.id === counterId) {
      throw new ApplianceError('transfer.same-counter', 'the ticket is already at this counter', 422);
    }
    const todays = this.tickets();
    const waitingThere = todays
      .filter(
        (t) =>
          t.status === 'waiting' &&
          (target
            ? t.assignedCounterId === target.id || target.serviceIds.includes(t.serviceId)
            : t.serviceId === service.id),
      )
      .map(queueKey);
    const now = this.now();
    const queuedAt = req.position === 'front' ? Math.min(now, ...waitingThere) - 1 : now;
    const { counterId: _from, ...rest } = ticket;
    const moved: TicketRecord = {
      ...rest,
      serviceId: service.id,
      status: 'waiting',
      queuedAt,
      ...(target ? { assignedCounterId: target.id } : {}),
    };
    if (!target) delete moved.assignedCounterId;
    await this.store.commit([moved], {
      type: 'ticket.transferred',
      body: {
        ticketId: ticket.id,
        number: ticket.number,
        fromCounterId: counterId,
        toServiceId: service.id,
        ...(target ? { toCounterId: target.id } : {}),
        position: req.position,
        clerk,
        at: now,
      },
    });
    return moved;
  }

  setPaused(counterId: string, paused: boolean, by: string): Promise<boolean> {
    return this.mutex.run(() => this.setPausedNow(counterId, paused, by));
  }

  private async setPausedNow(counterId: string, paused: boolean, by: string): Promise<boolean> {
    const counter = this.counter(counterId);
    if (this.isPaused(counter.id) === paused) return paused;
    await this.store.commit([{ kind: 'counter', id: counter.id, paused, since: this.now(), by }]);
    return paused;
  }

  /** People who will be called before this ticket at the counters serving its service. */
  peopleAhead(ticket: TicketRecord, todays = this.tickets()): number {
    if (ticket.status !== 'waiting') return 0;
    const order = this.waitingOrder([ticket.serviceId], todays);
    const index = order.findIndex((t) => t.id === ticket.id);
    return Math.max(index, 0);
  }

  waitingCount(serviceId: string, todays = this.tickets()): number {
    return todays.filter((t) => t.serviceId === serviceId && t.status === 'waiting').length;
  }

  /**
   * Minutes until this ticket is likely called: people ahead × today's median handling time for the
   * service (the configured typical time until the day has observations) ÷ open counters serving it.
   */
  estimatedWaitMin(ticket: TicketRecord, todays = this.tickets()): number {
    const ahead = this.peopleAhead(ticket, todays);
    if (ahead === 0) return 0;
    const service = this.service(ticket.serviceId);
    const handled = todays
      .filter((t) => t.serviceId === service.id && t.calledAt !== undefined && t.finishedAt !== undefined)
      .map((t) => (t.finishedAt! - t.calledAt!) / 60_000)
      .sort((a, b) => a - b);
    const perPerson =
      handled.length >= 3 ? handled[Math.floor(handled.length / 2)]! : service.typicalHandlingMin;
    const counters = Math.max(
      1,
      this.config.counters.filter((c) => c.serviceIds.includes(service.id)).length,
    );
    return Math.ceil((ahead * perPerson) / counters);
  }
}
