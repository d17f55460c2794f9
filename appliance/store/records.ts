/** The records the appliance keeps. Personal data only ever appears sealed (encrypted) or masked. */
import type { TicketStatus } from '../../contract/api.ts';
import type { TxDraft } from '../../contract/mqtt.ts';
import type { CaseRecord, RatingRecord } from '../cases/records.ts';
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
  passwordHash: string;
  failedLogins: number;
  lockedUntil?: number;
}

export interface CounterStateRecord {
  kind: 'counter';
  id: string;
  paused: boolean;
  since: number;
  by: string;
}

export type StoredRecord =
  | TicketRecord
  | UserRecord
  | CounterStateRecord
  | CaseRecord
  | RatingRecord
  | AppointmentRecord;
export type RecordKind = StoredRecord['kind'];

/** A transaction for central, written in the same durable commit as the records it describes. */
export type TxEntry = { txId: string; seq: number; ts: number } & TxDraft;

export interface Commit {
  /** Position in the local log; every commit has one. */
  n: number;
  ts: number;
  puts: StoredRecord[];
  tx?: TxEntry;
}
