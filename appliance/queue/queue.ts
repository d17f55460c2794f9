/**
 * The day's queue: issuing numbered tickets per service, calling them to counters with priority
 * tickets served in a bounded ratio, and the waiting-time estimates shown on tickets. Every change
 * is one durable commit carrying its transaction for central.
 */
import type { ApplianceConfig, CounterConfig, ServiceConfig } from '../../contract/config/schema.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { Mutex } from '../../platform/mutex.ts';
import { ApplianceError } from '../core/errors.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { callableAt, nextFor, peopleAhead } from './call-order.ts';
import { requeued, transferred } from './redirect.ts';
import { estimatedWaitMin, newTicket } from './ticket-issue.ts';

export interface IssueRequest {
  serviceId: string;
  holder?: PersonRef;
  priority: boolean;
}

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
    const { ticket, body, issued } = newTicket({
      service: this.service(req.serviceId),
      holder: req.holder,
      priority: req.priority,
      todays: this.tickets(),
      highestIssued: (scope) => this.store.highestIssued(scope),
      now: this.now(),
      timeZone: this.config.centre.timeZone,
    });
    await this.store.commit([ticket], { type: 'ticket.issued', body }, [issued]);
    return ticket;
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
    const counter = this.openCounter(counterId);
    const todays = this.tickets();
    return this.callNow(counter, nextFor(counter, todays, this.config.queue.priorityRatio), todays, clerk);
  }

  /**
   * Calls one waiting ticket the clerk chose from the list (out of turn). It must be one this
   * counter may call: of its services and sent to no other counter, or sent to this one.
   */
  callTicket(counterId: string, clerk: string, ticketId: string): Promise<TicketRecord> {
    return this.mutex.run(async () => {
      const counter = this.openCounter(counterId);
      const todays = this.tickets();
      const chosen = todays.find((t) => t.id === ticketId);
      if (!chosen) throw new ApplianceError('ticket.unknown', `no ticket '${ticketId}' today`, 404);
      if (chosen.status !== 'waiting') {
        throw new ApplianceError(
          'ticket.not-waiting',
          `ticket ${chosen.number} is ${chosen.status}, not waiting`,
        );
      }
      if (!callableAt(counter, chosen)) {
        throw new ApplianceError(
          chosen.assignedCounterId ? 'ticket.assigned-elsewhere' : 'ticket.not-served-here',
          `${counter.name} cannot call ticket ${chosen.number}`,
        );
      }
      return (await this.callNow(counter, chosen, todays, clerk))!;
    });
  }

  private openCounter(counterId: string): CounterConfig {
    const counter = this.counter(counterId);
    if (this.isPaused(counter.id)) {
      throw new ApplianceError('counter.paused', `${counter.name} is paused; resume it before calling`);
    }
    return counter;
  }

  /** Finishes what the counter was serving and calls `pick` (if any), in one commit. */
  private async callNow(
    counter: CounterConfig,
    pick: TicketRecord | undefined,
    todays: TicketRecord[],
    clerk: string,
  ): Promise<TicketRecord | null> {
    const now = this.now();
    const finishing = todays
      .filter((t) => t.counterId === counter.id && t.status === 'called')
      .map((t): TicketRecord => ({ ...t, status: 'done', finishedAt: now }));
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
   * A no-show who came back goes into the queue again, at the front or the back of its line, at
   * most `queue.maxRequeues` times (then the resident takes a new ticket).
   */
  requeue(ticketId: string, clerk: string, position: 'front' | 'back'): Promise<TicketRecord> {
    return this.mutex.run(async () => {
      const todays = this.tickets();
      const ticket = todays.find((t) => t.id === ticketId);
      if (!ticket) throw new ApplianceError('ticket.unknown', `no ticket '${ticketId}' today`, 404);
      const { record, body } = requeued({
        ticket,
        todays,
        line: ticket.assignedCounterId ? this.counter(ticket.assignedCounterId) : undefined,
        position,
        maxRequeues: this.config.queue.maxRequeues,
        clerk,
        now: this.now(),
      });
      await this.store.commit([record], { type: 'ticket.requeued', body });
      return record;
    });
  }

  /** Whether a no-show may still be put back into the queue. */
  canRequeue(ticket: TicketRecord): boolean {
    return ticket.status === 'no-show' && (ticket.requeues ?? 0) < this.config.queue.maxRequeues;
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
    const { record, body } = transferred({
      ticket,
      fromCounterId: counterId,
      todays: this.tickets(),
      service: this.service(req.toServiceId ?? ticket.serviceId),
      target: req.toCounterId ? this.counter(req.toCounterId) : undefined,
      position: req.position,
      clerk,
      now: this.now(),
    });
    await this.store.commit([record], { type: 'ticket.transferred', body });
    return record;
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

  /** People who will be called before this ticket in its line. */
  peopleAhead(ticket: TicketRecord, todays = this.tickets()): number {
    return peopleAhead(ticket, todays);
  }

  waitingCount(serviceId: string, todays = this.tickets()): number {
    return todays.filter((t) => t.serviceId === serviceId && t.status === 'waiting').length;
  }

  /** Minutes until this ticket is likely called (see estimatedWaitMin). */
  estimatedWaitMin(ticket: TicketRecord, todays = this.tickets()): number {
    const service = this.service(ticket.serviceId);
    const serving = this.config.counters.filter((c) => c.serviceIds.includes(service.id)).length;
    return estimatedWaitMin(this.peopleAhead(ticket, todays), service, serving, todays);
  }
}
