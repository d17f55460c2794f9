/** The records the appliance keeps. Personal data only ever appears sealed (encrypted) or masked. */
import type { TicketStatus } from '../../contract/api.ts';
import type { CommandResult, TxDraft } from '../../contract/mqtt.ts';
import type { CaseRecord, RatingRecord } from '../cases/records.ts';
import type { TicketSmsRecord } from '../notify-optin/ticket-sms-record.ts';
import type { AppointmentRecord } from '../queue/appointment-record.ts';
import type { PersonRef } from './person-ref.ts';

export interface TicketRecord {
  kind: 'ticket';
  id: string;
  day: string;
  serviceId: string;
  number: string;
  ordinal: number;
  priority: boolean;
  status: TicketStatus;
  issuedAt: number;
  /** Position in its service's queue: issue time, or earlier/later after a transfer to the front/back. */
  queuedAt?: number;
  /** Set when a ticket was transferred to one counter: only that counter calls it. */
  assignedCounterId?: string;
  recalls?: number;
  /** Times it was put back into the queue after a no-show. */
  requeues?: number;
  calledAt?: number;
  finishedAt?: number;
  counterId?: string;
  /** The clerk who called it (for per-clerk figures). */
  clerk?: string;
  holder?: PersonRef;
}

export interface UserRecord {
  kind: 'user';
  id: string;
  username: string;
  role: 'staff' | 'supervisor' | 'admin';
  /** The name on the clerk's counter name plate and rating screen, and their staff number (工号). */
  displayName?: string;
  staffNumber?: string;
  passwordHash: string;
}

export interface CounterStateRecord {
  kind: 'counter';
  id: string;
  paused: boolean;
  since: number;
  by: string;
}

/** A command from central the kiosk has seen, with its result: remembered so a resend never runs it twice. */
export interface CommandRecord {
  kind: 'command';
  /** The command ID. */
  id: string;
  /** Forgotten after this instant (the command's deadline plus a day). */
  until: number;
  result: CommandResult;
}

/** The centre's reply (回告) to a supervision notice from central, sent up as `notice.replied`. */
export interface NoticeReplyRecord {
  kind: 'notice-reply';
  /** The notice's ID at central. */
  id: string;
  text: string;
  day: string;
  by: string;
  at: number;
}

/** The centre's answers to a 差评's rectification, oldest first, each sent up as `rectification.answered`. */
export interface RectificationAnswerRecord {
  kind: 'rect-answer';
  /** The rating's ID (the rectification is keyed by it at central too). */
  id: string;
  answers: Array<{ text: string; day: string; by: string; at: number }>;
}

export type StoredRecord =
  | TicketRecord
  | UserRecord
  | CounterStateRecord
  | CaseRecord
  | RatingRecord
  | AppointmentRecord
  | CommandRecord
  | NoticeReplyRecord
  | RectificationAnswerRecord
  | TicketSmsRecord;
export type RecordKind = StoredRecord['kind'];

/** A transaction for central, written in the same durable commit as the records it describes. */
export type TxEntry = { txId: string; seq: number; ts: number } & TxDraft;

/**
 * A number handed out to a resident or to central (a ticket number of one day and prefix, a receipt
 * number of one day, the uplink session): its scope and value. The store keeps the highest of each
 * scope, and a durable reservation above it in a file apart from the log, so that no number is
 * handed out twice even when part of the log is lost.
 */
export interface IssuedNumber {
  scope: string;
  n: number;
  /** The centre day the scope belongs to, when it is a per-day scope (dropped once the day is over). */
  day?: string;
}

export interface Commit {
  /** Position in the local log; every commit has one. */
  n: number;
  ts: number;
  puts: StoredRecord[];
  tx?: TxEntry;
  issued?: IssuedNumber[];
  /** Sequence numbers of transactions central has acknowledged. */
  acked?: number[];
}
