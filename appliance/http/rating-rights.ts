/**
 * Who may rate which ticket: the resident who was served, never whoever read a number off the
 * board. At the kiosk that is the card on its reader holding the ticket; at a counter's rating
 * screen it is the ticket that counter called last, once the clerk has finished it and for a
 * short while after.
 */
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ApplianceError } from '../core/errors.ts';
import type { PairedDevice } from '../pairing/device-registry.ts';
import type { TicketRecord } from '../store/records.ts';

/** How long after the clerk finishes the counter's rating screen still takes that resident's rating. */
export const COUNTER_RATING_WINDOW_MS = 10 * 60_000;

/** The ticket a counter is serving, or finished a short while ago (what its rating screen shows). */
export function servedAtCounter(
  core: ApplianceCore,
  counterId: string,
  now = Date.now(),
): TicketRecord | null {
  let last: TicketRecord | null = null;
  for (const t of core.queue.tickets()) {
    if (t.counterId !== counterId || t.calledAt === undefined) continue;
    if (!last || t.calledAt > (last.calledAt ?? 0)) last = t;
  }
  if (!last) return null;
  if (last.status === 'called') return last;
  if (last.status === 'done' && now - (last.finishedAt ?? 0) <= COUNTER_RATING_WINDOW_MS) return last;
  return null;
}

/** The ticket a counter's rating screen may rate now: 一次一评 after service, not mid-service. */
export function ratableAtCounter(
  core: ApplianceCore,
  counterId: string,
  now = Date.now(),
): TicketRecord | null {
  const served = servedAtCounter(core, counterId, now);
  return served?.status === 'done' ? served : null;
}

/** Throws a 403 unless `device` rates for the resident who was served with `ticketNumber`. */
export function assertMayRate(core: ApplianceCore, device: PairedDevice, ticketNumber: string): void {
  const number = ticketNumber.toUpperCase();
  if (device.role === 'counter-rating') {
    const ratable = device.counterId ? ratableAtCounter(core, device.counterId) : null;
    if (ratable?.number === number) return;
    throw new ApplianceError(
      'rating.not-this-counter',
      `this counter's rating screen rates the resident it is serving or has just served, not ticket ${number}`,
      403,
    );
  }
  const holder = core.currentHolder();
  if (!holder) {
    throw new ApplianceError(
      'rating.card-needed',
      'put the ID card you took the ticket with on the reader',
      403,
    );
  }
  const ticket = core.queue.tickets().find((t) => t.number === number);
  // An unknown number is left to the desk to say so (today's numbers are on the board anyway).
  if (ticket && ticket.holder?.ref !== holder.ref) {
    throw new ApplianceError('rating.not-yours', `ticket ${number} was not taken with this ID card`, 403);
  }
}
