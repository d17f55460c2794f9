/** Pure views of the staff queue for the counter console (unit-tested). */
import type { CounterView, TicketView } from '../../contract/api.ts';

const placeInQueue = (t: TicketView): number => t.queuedAt ?? t.issuedAt;

/**
 * Waiting tickets in the order they will most likely be called: priority first, then by place in
 * the queue (the issue time, moved by a transfer or a re-queue to the front or the back).
 */
export function waitingTickets(tickets: readonly TicketView[]): TicketView[] {
  return tickets
    .filter((t) => t.status === 'waiting')
    .sort((a, b) => Number(b.priority) - Number(a.priority) || placeInQueue(a) - placeInQueue(b));
}

/** Today's no-shows, latest first: a resident who comes back can be put into the queue again. */
export function noShowTickets(tickets: readonly TicketView[]): TicketView[] {
  return tickets
    .filter((t) => t.status === 'no-show')
    .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
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

/** Whether this counter may call the ticket: one sent to it, or one of its services sent to no counter. */
export function servesTicket(counter: CounterView | undefined, ticket: TicketView): boolean {
  if (!counter) return true;
  if (ticket.assignedCounterId) return ticket.assignedCounterId === counter.id;
  return counter.serviceIds.includes(ticket.serviceId);
}

/** Whole minutes a resident has waited: until called, or until now while still waiting. */
export function waitedMinutes(ticket: TicketView, now: number): number {
  const until = ticket.calledAt ?? now;
  return Math.max(0, Math.floor((until - ticket.issuedAt) / 60_000));
}
