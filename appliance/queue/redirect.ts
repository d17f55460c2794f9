/**
 * Putting a ticket back into a line: a no-show who came back (requeue) or the serving ticket sent
 * to another service or counter (transfer). Either way it keeps its number, so the resident's paper
 * stays right, and takes a place at the front or the back of the line it joins.
 */
import type { CounterConfig, ServiceConfig } from '../../contract/config/schema.ts';
import type { TxBody } from '../../contract/mqtt.ts';
import { ApplianceError } from '../core/errors.ts';
import type { TicketRecord } from '../store/records.ts';
import { callableAt, placeIn } from './call-order.ts';

export type Position = 'front' | 'back';

/** The tickets waiting in the line a ticket joins: one counter's, or its service's. */
function lineOf(todays: readonly TicketRecord[], serviceId: string, counter: CounterConfig | undefined) {
  return todays.filter((t) =>
    counter ? callableAt(counter, t) : t.status === 'waiting' && t.serviceId === serviceId,
  );
}

export function requeued(o: {
  ticket: TicketRecord;
  todays: readonly TicketRecord[];
  line: CounterConfig | undefined;
  position: Position;
  maxRequeues: number;
  clerk: string;
  now: number;
}): { record: TicketRecord; body: TxBody<'ticket.requeued'> } {
  const { ticket } = o;
  if (ticket.status !== 'no-show') {
    throw new ApplianceError(
      'ticket.not-no-show',
      `ticket ${ticket.number} is ${ticket.status}, not a no-show`,
    );
  }
  const requeues = (ticket.requeues ?? 0) + 1;
  if (requeues > o.maxRequeues) {
    throw new ApplianceError(
      'ticket.requeue-limit',
      `ticket ${ticket.number} was put back ${ticket.requeues ?? 0} time(s) already; the limit is ${o.maxRequeues}`,
    );
  }
  const { counterId: _from, finishedAt: _gone, ...rest } = ticket;
  const record: TicketRecord = {
    ...rest,
    status: 'waiting',
    queuedAt: placeIn(lineOf(o.todays, ticket.serviceId, o.line), o.position, o.now),
    requeues,
  };
  return {
    record,
    body: {
      ticketId: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      position: o.position,
      requeues,
      clerk: o.clerk,
      at: o.now,
    },
  };
}

export function transferred(o: {
  ticket: TicketRecord;
  fromCounterId: string;
  todays: readonly TicketRecord[];
  service: ServiceConfig;
  target: CounterConfig | undefined;
  position: Position;
  clerk: string;
  now: number;
}): { record: TicketRecord; body: TxBody<'ticket.transferred'> } {
  const { ticket, service, target } = o;
  if (target && target.id === o.fromCounterId) {
    throw new ApplianceError('transfer.same-counter', 'the ticket is already at this counter', 422);
  }
  const { counterId: _from, assignedCounterId: _sent, ...rest } = ticket;
  const record: TicketRecord = {
    ...rest,
    serviceId: service.id,
    status: 'waiting',
    queuedAt: placeIn(lineOf(o.todays, service.id, target), o.position, o.now),
    ...(target ? { assignedCounterId: target.id } : {}),
  };
  return {
    record,
    body: {
      ticketId: ticket.id,
      number: ticket.number,
      fromCounterId: o.fromCounterId,
      toServiceId: service.id,
      ...(target ? { toCounterId: target.id } : {}),
      position: o.position,
      clerk: o.clerk,
      at: o.now,
    },
  };
}
