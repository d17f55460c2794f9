/**
 * The ticket projection: one row per ticket, folded from its transactions in any arrival order.
 * Each field group remembers the sequence number it came from, so a transaction that arrives late
 * (another ingest worker, a resend) never overwrites what a later one said.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { bool, num, objList, str, strList } from './body.ts';

export interface TicketRow {
  kiosk_id: string;
  ticket_id: string;
  day: string | null;
  number: string | null;
  service_id: string | null;
  priority: boolean | null;
  issued_at: number | null;
  status: 'waiting' | 'called' | 'done' | 'no-show' | 'unknown';
  status_seq: number;
  service_seq: number;
  first_call_seq: number | null;
  waited_ms: number | null;
  called_at: number | null;
  call_seq: number | null;
  counter_id: string | null;
  clerk: string | null;
  finished_at: number | null;
  recalls: number;
  transfers: number;
}

export const TICKET_COLUMNS = {
  kiosk_id: 'text',
  ticket_id: 'text',
  day: 'date',
  number: 'text',
  service_id: 'text',
  priority: 'boolean',
  issued_at: 'bigint',
  status: 'text',
  status_seq: 'bigint',
  service_seq: 'bigint',
  first_call_seq: 'bigint',
  waited_ms: 'bigint',
  called_at: 'bigint',
  call_seq: 'bigint',
  counter_id: 'text',
  clerk: 'text',
  finished_at: 'bigint',
  recalls: 'integer',
  transfers: 'integer',
} as const;

export const TICKET_TYPES = new Set<string>([
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.transferred',
  'ticket.no-show',
  'ticket.completed',
]);

export function emptyTicket(kioskId: string, ticketId: string): TicketRow {
  return {
    kiosk_id: kioskId,
    ticket_id: ticketId,
    day: null,
    number: null,
    service_id: null,
    priority: null,
    issued_at: null,
    status: 'unknown',
    status_seq: 0,
    service_seq: 0,
    first_call_seq: null,
    waited_ms: null,
    called_at: null,
    call_seq: null,
    counter_id: null,
    clerk: null,
    finished_at: null,
    recalls: 0,
    transfers: 0,
  };
}

function setStatus(row: TicketRow, status: TicketRow['status'], seq: number, finishedAt?: number): void {
  if (seq <= row.status_seq) return;
  row.status = status;
  row.status_seq = seq;
  row.finished_at = status === 'done' || status === 'no-show' ? (finishedAt ?? null) : null;
}

type TicketChange = (row: TicketRow) => void;

/** The tickets one transaction touches, each with what it does to that ticket's row. */
export function ticketChanges(tx: TxEnvelope): Array<[ticketId: string, change: TicketChange]> {
  const b = tx.body;
  const id = str(b, 'ticketId');
  const seq = tx.seq;
  switch (tx.type) {
    case 'ticket.issued':
      if (!id) return [];
      return [
        [
          id,
          (row) => {
            row.day = str(b, 'day') ?? row.day;
            row.number = str(b, 'number') ?? row.number;
            if (seq > row.service_seq) {
              row.service_id = str(b, 'serviceId') ?? row.service_id;
              row.service_seq = seq;
            }
            row.priority = bool(b, 'priority') ?? row.priority;
            row.issued_at = num(b, 'issuedAt') ?? tx.ts;
            setStatus(row, 'waiting', seq);
          },
        ],
      ];
    case 'ticket.called': {
      const calledAt = num(b, 'calledAt') ?? tx.ts;
      const finished: Array<[string, TicketChange]> = (strList(b, 'finished') ?? []).map((fid) => [
        fid,
        (row) => setStatus(row, 'done', seq, calledAt),
      ]);
      if (!id) return finished;
      return [
        ...finished,
        [
          id,
          (row) => {
            row.number ??= str(b, 'number') ?? null;
            if (row.first_call_seq === null || seq < row.first_call_seq) {
              row.first_call_seq = seq;
              row.waited_ms = num(b, 'waitedMs') ?? null;
            }
            if (row.call_seq === null || seq > row.call_seq) {
              row.call_seq = seq;
              row.called_at = calledAt;
              row.counter_id = str(b, 'counterId') ?? null;
              row.clerk = str(b, 'clerk') ?? null;
            }
            setStatus(row, 'called', seq);
          },
        ],
      ];
    }
    case 'ticket.recalled':
      if (!id) return [];
      return [
        [
          id,
          (row) => {
            row.recalls = Math.max(row.recalls, num(b, 'recalls') ?? row.recalls + 1);
          },
        ],
      ];
    case 'ticket.transferred':
      if (!id) return [];
      return [
        [
          id,
          (row) => {
            row.transfers += 1;
            if (seq > row.service_seq) {
              row.service_id = str(b, 'toServiceId') ?? row.service_id;
              row.service_seq = seq;
            }
            setStatus(row, 'waiting', seq);
          },
        ],
      ];
    case 'ticket.no-show':
      if (!id) return [];
      return [[id, (row) => setStatus(row, 'no-show', seq, num(b, 'at') ?? tx.ts)]];
    case 'ticket.completed':
      return objList(b, 'tickets').flatMap((t): Array<[string, TicketChange]> => {
        const tid = str(t, 'ticketId');
        if (!tid) return [];
        return [[tid, (row) => setStatus(row, 'done', seq, num(t, 'finishedAt') ?? tx.ts)]];
      });
    default:
      return [];
  }
}

export interface TicketFigures {
  issued: number;
  priority: number;
  waiting: number;
  called: number;
  served: number;
  no_show: number;
  wait_ms: number;
  wait_n: number;
  handle_ms: number;
  handle_n: number;
}

export const TICKET_FIGURES: ReadonlyArray<keyof TicketFigures> = [
  'issued',
  'priority',
  'waiting',
  'called',
  'served',
  'no_show',
  'wait_ms',
  'wait_n',
  'handle_ms',
  'handle_n',
];

/**
 * What one ticket adds to the day's figures of its centre, service and clerk. The summary table
 * is the sum of this over all tickets, so it is kept by adding (new − old) for each changed row.
 */
export function ticketContribution(row: TicketRow): { key: string[]; figures: TicketFigures } | null {
  if (!row.day || !row.service_id) return null;
  const called = row.first_call_seq !== null;
  const handled = row.status === 'done' && row.called_at !== null && row.finished_at !== null;
  return {
    key: [row.kiosk_id, row.day, row.service_id, row.clerk ?? ''],
    figures: {
      issued: 1,
      priority: row.priority ? 1 : 0,
      waiting: row.status === 'waiting' ? 1 : 0,
      called: called ? 1 : 0,
      served: row.status === 'done' ? 1 : 0,
      no_show: row.status === 'no-show' ? 1 : 0,
      wait_ms: called && row.waited_ms !== null ? row.waited_ms : 0,
      wait_n: called && row.waited_ms !== null ? 1 : 0,
      handle_ms: handled ? Math.max(0, row.finished_at! - row.called_at!) : 0,
      handle_n: handled ? 1 : 0,
    },
  };
}
