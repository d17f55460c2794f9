/**
 * Where a queue ticket stands, found from the code printed on it: the phone page behind the ticket's
 * QR and the kiosk's scanner both ask here, so both show the same. Nothing about the holder.
 */
import type { TicketProgressView } from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import type { CodeSigner, TicketFields } from '../codes/index.ts';
import type { Queue } from '../queue/queue.ts';

const TICKET_PAGE_PATH = /\/q\/([^/?#]+)\/?(?:[?#].*)?$/;

/** The code inside a scanned ticket QR: a page address `…/q/{code}` or the code alone. */
export function ticketCodeOf(scanned: string): string {
  const page = TICKET_PAGE_PATH.exec(scanned.trim());
  if (!page?.[1]) return scanned;
  try {
    return decodeURIComponent(page[1]);
  } catch {
    return scanned;
  }
}

/** What the ticket's QR holds: the phone page's address when the site has one, else the code. */
export function ticketQrText(code: string, ticketPageUrl: string | undefined): string {
  return ticketPageUrl ? `${ticketPageUrl.replace(/\/+$/, '')}/q/${encodeURIComponent(code)}` : code;
}

export function progressOfFields(
  fields: TicketFields,
  queue: Queue,
  config: ApplianceConfig,
): TicketProgressView {
  const todays = queue.tickets();
  const ticket = todays.find((t) => t.id === fields.ticketId);
  if (!ticket) {
    return fields.day !== queue.today()
      ? { state: 'other-day', number: fields.number, day: fields.day }
      : { state: 'unknown' };
  }
  const service = queue.service(ticket.serviceId);
  const servedAt = config.counters
    .filter((c) => c.serviceIds.includes(ticket.serviceId))
    .map((c) => c.number)
    .sort((a, b) => a - b);
  const base = { number: ticket.number, serviceName: service.name, day: ticket.day, servedAt };
  const counter = ticket.counterId ? queue.counter(ticket.counterId) : undefined;
  switch (ticket.status) {
    case 'waiting':
      return {
        state: 'waiting',
        ...base,
        peopleAhead: queue.peopleAhead(ticket, todays),
        estimatedWaitMin: queue.estimatedWaitMin(ticket, todays),
      };
    case 'called':
      return {
        state: 'called',
        ...base,
        ...(counter ? { counterNumber: counter.number, counterName: counter.name } : {}),
      };
    default:
      return { state: ticket.status, ...base };
  }
}

export function ticketProgress(
  scanned: string,
  codes: CodeSigner,
  queue: Queue,
  config: ApplianceConfig,
): TicketProgressView {
  const verdict = codes.verifyCode(ticketCodeOf(scanned));
  if (verdict.kind !== 'shequ' || verdict.type !== 'ticket') return { state: 'unknown' };
  const fields = verdict.fields as TicketFields;
  if (fields.kioskId !== config.kioskId) return { state: 'unknown' };
  return progressOfFields(fields, queue, config);
}
