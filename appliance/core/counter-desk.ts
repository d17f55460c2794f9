/**
 * The counter clerk's actions (call next or a chosen ticket, recall, finish, no-show, re-queue,
 * transfer, pause) and the calls they announce on the hall's board, most recent first. A no-show
 * or a transfer withdraws the ticket's call: the board stops calling it to this counter.
 */
import type { CallView, CounterView, TicketView, TransferRequest } from '../../contract/api.ts';
import type { Queue } from '../queue/queue.ts';
import type { TicketRecord } from '../store/records.ts';
import type { ApplianceViews } from './views.ts';

const CALLS_KEPT = 10;

export class CounterDesk {
  private readonly calls: CallView[] = [];

  constructor(
    private readonly queue: () => Queue,
    private readonly views: ApplianceViews,
    private readonly announced: () => void,
  ) {
    const called = queue()
      .tickets()
      .filter((t) => t.calledAt !== undefined && t.counterId)
      .sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0))
      .slice(0, CALLS_KEPT);
    this.calls.push(
      ...called.map((t) => ({
        ...views.call(t),
        ...(t.status === 'no-show' ? { withdrawn: 'no-show' as const } : {}),
      })),
    );
  }

  recentCalls(): readonly CallView[] {
    return this.calls;
  }

  async callNext(counterId: string, clerk: string): Promise<TicketView | null> {
    const ticket = await this.queue().callNext(counterId, clerk);
    if (!ticket) return null;
    this.announce(ticket);
    return this.views.ticket(ticket);
  }

  async callTicket(counterId: string, clerk: string, ticketId: string): Promise<TicketView> {
    const ticket = await this.queue().callTicket(counterId, clerk, ticketId);
    this.announce(ticket);
    return this.views.ticket(ticket);
  }

  async recall(counterId: string, clerk: string): Promise<TicketView> {
    const ticket = await this.queue().recall(counterId, clerk);
    this.announce({ ...ticket, calledAt: Date.now() });
    return this.views.ticket(ticket);
  }

  async finish(counterId: string, clerk: string): Promise<TicketView> {
    return this.views.ticket(await this.queue().finish(counterId, clerk));
  }

  async noShow(counterId: string, clerk: string): Promise<TicketView> {
    const ticket = await this.queue().noShow(counterId, clerk);
    this.withdraw(ticket.number, counterId, 'no-show');
    return this.views.ticket(ticket);
  }

  async requeue(ticketId: string, clerk: string, position: 'front' | 'back'): Promise<TicketView> {
    return this.views.ticket(await this.queue().requeue(ticketId, clerk, position));
  }

  async transfer(counterId: string, clerk: string, req: TransferRequest): Promise<TicketView> {
    const ticket = await this.queue().transfer(counterId, clerk, {
      ...(req.toServiceId ? { toServiceId: req.toServiceId } : {}),
      ...(req.toCounterId ? { toCounterId: req.toCounterId } : {}),
      position: req.position ?? 'back',
    });
    this.withdraw(ticket.number, counterId, 'transferred');
    return this.views.ticket(ticket);
  }

  async setPaused(counterId: string, paused: boolean, by: string): Promise<CounterView> {
    const queue = this.queue();
    await queue.setPaused(counterId, paused, by);
    const counter = queue.counter(counterId);
    return { ...counter, paused: queue.isPaused(counter.id) };
  }

  /** The board stops calling this ticket to this counter (its calls stay in the list, marked). */
  private withdraw(number: string, counterId: string, why: 'no-show' | 'transferred'): void {
    const counterNumber = this.queue().counter(counterId).number;
    let changed = false;
    for (const [i, call] of this.calls.entries()) {
      if (call.ticketNumber !== number || call.counterNumber !== counterNumber || call.withdrawn) continue;
      this.calls[i] = { ...call, withdrawn: why };
      changed = true;
    }
    if (changed) this.announced();
  }

  private announce(ticket: TicketRecord): void {
    this.calls.unshift(this.views.call(ticket));
    this.calls.length = Math.min(this.calls.length, CALLS_KEPT);
    this.announced();
  }
}
