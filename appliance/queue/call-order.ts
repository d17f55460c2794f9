/**
 * Who is called next, as pure functions of the day's tickets: which waiting tickets a counter may
 * call (its services, or tickets transferred to it alone), in which order (place in the queue,
 * priority first but never more than the ratio in a row), and how many are ahead of a ticket.
 */
import type { CounterConfig } from '../../contract/config/schema.ts';
import type { TicketRecord } from '../store/records.ts';

export const queueKey = (t: TicketRecord): number => t.queuedAt ?? t.issuedAt;
export const byQueueKey = (a: TicketRecord, b: TicketRecord): number =>
  queueKey(a) - queueKey(b) || a.ordinal - b.ordinal;

/** A waiting ticket this counter may call: one transferred to it, or one of its services sent to no counter. */
export function callableAt(counter: CounterConfig, t: TicketRecord): boolean {
  if (t.status !== 'waiting') return false;
  return t.assignedCounterId ? t.assignedCounterId === counter.id : counter.serviceIds.includes(t.serviceId);
}

/**
 * The ticket `callNext` calls: priority tickets first, but never more than `priorityRatio` in a row
 * at this counter while normal tickets wait.
 */
export function nextFor(
  counter: CounterConfig,
  todays: readonly TicketRecord[],
  priorityRatio: number,
): TicketRecord | undefined {
  const candidates = todays.filter((t) => callableAt(counter, t)).sort(byQueueKey);
  const priority = candidates.filter((t) => t.priority);
  const normal = candidates.filter((t) => !t.priority);
  const calledHere = todays
    .filter((t) => t.counterId === counter.id && t.calledAt !== undefined)
    .sort((a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0));
  let priorityRun = 0;
  for (let i = calledHere.length - 1; i >= 0 && calledHere[i]!.priority; i--) priorityRun++;
  return priority.length > 0 && (normal.length === 0 || priorityRun < priorityRatio)
    ? priority[0]
    : normal[0];
}

/**
 * People called before this ticket: those waiting in the same line (the counter it was sent to,
 * or its service's shared queue), priority first, then by place in the queue.
 */
export function peopleAhead(ticket: TicketRecord, todays: readonly TicketRecord[]): number {
  if (ticket.status !== 'waiting') return 0;
  const sameLine = todays
    .filter(
      (t) =>
        t.status === 'waiting' &&
        (ticket.assignedCounterId
          ? t.assignedCounterId === ticket.assignedCounterId
          : t.serviceId === ticket.serviceId && !t.assignedCounterId),
    )
    .sort(byQueueKey);
  const order = [...sameLine.filter((t) => t.priority), ...sameLine.filter((t) => !t.priority)];
  return Math.max(
    order.findIndex((t) => t.id === ticket.id),
    0,
  );
}

/** A place at the front (just before the first waiting) or the back (now) of the given waiting tickets. */
export function placeIn(waiting: readonly TicketRecord[], position: 'front' | 'back', now: number): number {
  return position === 'front' ? Math.min(now, ...waiting.map(queueKey)) - 1 : now;
}
