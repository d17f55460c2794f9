/**
 * A new ticket for a service: who may take it (a card where the service needs one, one active ticket
 * per card and service) and its number (the next after everything issued today under the prefix,
 * including numbers the store has reserved that a damaged log may no longer hold).
 */
import { ulid } from 'ulid';
import type { ServiceConfig } from '../../contract/config/schema.ts';
import type { TxBody } from '../../contract/mqtt.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { ApplianceError } from '../core/errors.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';

const ACTIVE = new Set(['waiting', 'called']);

export interface NewTicket {
  ticket: TicketRecord;
  body: TxBody<'ticket.issued'>;
  /** The number reservation the store keeps apart from the log. */
  issued: { scope: string; n: number; day: string };
}

export function ticketScope(day: string, prefix: string): string {
  return `ticket:${day}:${prefix}`;
}

export function newTicket(o: {
  service: ServiceConfig;
  holder?: PersonRef | undefined;
  priority: boolean;
  todays: readonly TicketRecord[];
  highestIssued: (scope: string) => number;
  now: number;
  timeZone: string;
}): NewTicket {
  const { service, holder, todays } = o;
  if (service.requiresCard && !holder) {
    throw new ApplianceError('service.requires-card', `${service.name} needs an ID card on the reader`, 422);
  }
  if (holder) {
    const active = todays.find(
      (t) => t.serviceId === service.id && t.holder?.ref === holder.ref && ACTIVE.has(t.status),
    );
    if (active) {
      throw new ApplianceError(
        'ticket.already-active',
        `this card already holds ticket ${active.number} for ${service.name}`,
      );
    }
  }
  // Numbers follow the prefix, not the current service: a transferred ticket keeps its number.
  const day = dayOf(o.now, o.timeZone);
  const scope = ticketScope(day, service.prefix);
  const ordinal =
    Math.max(
      service.firstNumber - 1,
      o.highestIssued(scope),
      ...todays.filter((t) => t.number.startsWith(service.prefix)).map((t) => t.ordinal),
    ) + 1;
  if (ordinal > service.lastNumber) {
    throw new ApplianceError(
      'service.numbers-exhausted',
      `${service.name} has issued all of today's numbers`,
    );
  }
  const width = Math.max(3, String(service.lastNumber).length);
  const ticket: TicketRecord = {
    kind: 'ticket',
    id: ulid(o.now),
    day,
    serviceId: service.id,
    number: `${service.prefix}${String(ordinal).padStart(width, '0')}`,
    ordinal,
    priority: o.priority,
    status: 'waiting',
    issuedAt: o.now,
    ...(holder ? { holder } : {}),
  };
  return {
    ticket,
    body: {
      ticketId: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      priority: ticket.priority,
      day,
      issuedAt: o.now,
      ...(holder ? { holderRef: holder.ref } : {}),
    },
    issued: { scope, n: ordinal, day },
  };
}

/**
 * Minutes until a ticket is likely called: people ahead × today's median handling time for the
 * service (the configured typical time until the day has three observations) ÷ counters serving it.
 */
export function estimatedWaitMin(
  ahead: number,
  service: ServiceConfig,
  servingCounters: number,
  todays: readonly TicketRecord[],
): number {
  if (ahead === 0) return 0;
  const handled = todays
    .filter((t) => t.serviceId === service.id && t.calledAt !== undefined && t.finishedAt !== undefined)
    .map((t) => (t.finishedAt! - t.calledAt!) / 60_000)
    .sort((a, b) => a - b);
  const perPerson =
    handled.length >= 3 ? handled[Math.floor(handled.length / 2)]! : service.typicalHandlingMin;
  return Math.ceil((ahead * perPerson) / Math.max(1, servingCounters));
}
