/** Pure views of the staff queue for the counter console (unit-tested). */
import type { CounterView, TicketView } from '../../contract/api.ts';

/** Waiting tickets in the order they will most likely be called: priority first, then by issue time. */
export function waitingTickets(tickets: readonly TicketView[]): TicketView[] {
  return tickets
    .filter((t) => t.status === 'waiting')
    .sort((a, b) => Number(b.priority) - Number(a.priority) || a.issuedAt - b.issuedAt);
}

/** The ticket this counter called most recently and has not finished, if any. */
export function currentTicket(tickets: readonly TicketView[], counterId: string): TicketView | null {
  let best: TicketView | null = null;
  for (const t of tickets) {
    if (t.status !== 'called' || t.counterId !== counterId) continue;
    if (!best || (t.calledAt ?? 0) > (best.calledAt ?? 0)) best = t;
  }
  return best;
}

export function servesTicket(counter: CounterView | undefined, ticket: TicketView): boolean {
  return !counter || counter.serviceIds.includes(ticket.serviceId);
}
