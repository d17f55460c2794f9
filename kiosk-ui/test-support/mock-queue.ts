/** The in-memory queue behind the mock appliance: just enough behaviour to drive the screens. */
import type { CallNextResponse, PublicState, TakeTicketResponse, TicketView } from '../../contract/api.ts';
import { sampleState } from './fixtures.ts';

export class MockApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class MockQueue {
  state: PublicState;
  tickets: TicketView[] = [];
  private counts = new Map<string, number>();

  constructor(state: PublicState = sampleState()) {
    this.state = state;
  }

  take(serviceId: string, withCard: boolean, now = Date.now()): TakeTicketResponse {
    const service = this.state.services.find((s) => s.id === serviceId);
    if (!service) throw new MockApiError(404, 'service.unknown', `no service ${serviceId}`);
    if (withCard && !this.state.card) throw new MockApiError(409, 'card.absent', '读卡器上没有身份证');
    if (service.requiresCard && !withCard) throw new MockApiError(409, 'card.required', '此业务需要身份证');
    const n = (this.counts.get(service.prefix) ?? 0) + 1;
    this.counts.set(service.prefix, n);
    const ahead = this.tickets.filter((t) => t.serviceId === serviceId && t.status === 'waiting').length;
    const ticket: TicketView = {
      id: `t-${this.tickets.length + 1}`,
      number: `${service.prefix}${String(n).padStart(3, '0')}`,
      serviceId,
      serviceName: service.name,
      status: 'waiting',
      priority: withCard && (this.state.card?.elderly ?? false),
      issuedAt: now,
      peopleAhead: ahead,
      estimatedWaitMin: ahead * 6,
      holderMasked: withCard ? this.state.card?.maskedName : undefined,
    };
    this.tickets.push(ticket);
    this.refreshWaiting();
    return { ticket, printed: this.state.devices.printer.state === 'ok' };
  }

  callNext(counterId: string, now = Date.now()): CallNextResponse {
    const counter = this.state.counters.find((c) => c.id === counterId);
    if (!counter) throw new MockApiError(404, 'counter.unknown', `no counter ${counterId}`);
    for (const t of this.tickets) if (t.status === 'called' && t.counterId === counterId) t.status = 'done';
    const next = this.tickets
      .filter((t) => t.status === 'waiting' && counter.serviceIds.includes(t.serviceId))
      .sort((a, b) => Number(b.priority) - Number(a.priority) || a.issuedAt - b.issuedAt)[0];
    if (!next) return { ticket: null };
    Object.assign(next, { status: 'called', calledAt: now, counterId, counterNumber: counter.number });
    this.state.calls = [
      {
        ticketNumber: next.number,
        serviceName: next.serviceName,
        counterNumber: counter.number,
        counterName: counter.name,
        calledAt: now,
      },
      ...this.state.calls,
    ].slice(0, 20);
    this.refreshWaiting();
    return { ticket: next };
  }

  private refreshWaiting(): void {
    const waiting: Record<string, number> = {};
    for (const s of this.state.services) waiting[s.id] = 0;
    for (const t of this.tickets)
      if (t.status === 'waiting') waiting[t.serviceId] = (waiting[t.serviceId] ?? 0) + 1;
    this.state.waitingByService = waiting;
  }
}
