/**
 * The case projection. Every case transaction carries the case's whole current state (see the
 * kiosk's case body), so the row is the body of the highest sequence number seen; the timeline
 * keeps one event per transaction; a few facts are set once by the event that establishes them
 * (accepting clerk and time, the day a refusal closed the case, the count of 补正 requests).
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import { type Body, bool, day, num, str, strList } from './body.ts';
import { centreDay } from './centre-day.ts';

export interface CaseRow {
  kiosk_id: string;
  case_id: string;
  number: string;
  service_id: string;
  item_id: string;
  ticket_id: string | null;
  applicant_ref: string | null;
  state: string;
  level: string;
  worst_level: string;
  accept_clerk: string | null;
  clerk: string | null;
  counter_id: string | null;
  accepted_day: string;
  accepted_at: number | null;
  legal_limit_days: number | null;
  promised_limit_days: number | null;
  paused_working_days: number;
  promised_deadline: string | null;
  legal_deadline: string | null;
  provisional: boolean;
  completed_day: string | null;
  late: boolean | null;
  closed_day: string | null;
  refusal_reason: string | null;
  refusal_reviewed: boolean | null;
  missing_materials: string[] | null;
  suspensions: number;
  state_seq: number;
  updated_ts: number;
  /** 不予受理 ('not-accepted') or 不予许可 ('not-permitted'), as the kiosk says; null when it does not. */
  refusal_kind: string | null;
  /** The day the applicant's materials arrived (行政许可法 art. 32 counts 补正 notices from it). */
  materials_arrived_day: string | null;
  /** Steps that ended past their own limit. */
  steps_over_limit: number;
}

export const CASE_COLUMNS = {
  kiosk_id: 'text',
  case_id: 'text',
  number: 'text',
  service_id: 'text',
  item_id: 'text',
  ticket_id: 'text',
  applicant_ref: 'text',
  state: 'text',
  level: 'text',
  worst_level: 'text',
  accept_clerk: 'text',
  clerk: 'text',
  counter_id: 'text',
  accepted_day: 'date',
  accepted_at: 'bigint',
  legal_limit_days: 'integer',
  promised_limit_days: 'integer',
  paused_working_days: 'integer',
  promised_deadline: 'date',
  legal_deadline: 'date',
  provisional: 'boolean',
  completed_day: 'date',
  late: 'boolean',
  closed_day: 'date',
  refusal_reason: 'text',
  refusal_reviewed: 'boolean',
  missing_materials: 'jsonb',
  suspensions: 'integer',
  state_seq: 'bigint',
  updated_ts: 'bigint',
  refusal_kind: 'text',
  materials_arrived_day: 'date',
  steps_over_limit: 'integer',
} as const;

export interface CaseEventRow {
  kiosk_id: string;
  tx_id: string;
  case_id: string;
  seq: number;
  ts: number;
  change: string;
  state: string;
  level: string | null;
  clerk: string | null;
  counter_id: string | null;
  promised_deadline: string | null;
  legal_deadline: string | null;
  missing_materials: string[] | null;
  refusal_reason: string | null;
  /** The centre's day of the event. */
  day: string | null;
  refusal_kind: string | null;
  materials_arrived_day: string | null;
  /** For a 补正 request: working days from the materials' arrival (or acceptance) to the notice. */
  notice_working_days: number | null;
}

export const CASE_EVENT_COLUMNS = {
  kiosk_id: 'text',
  tx_id: 'text',
  case_id: 'text',
  seq: 'bigint',
  ts: 'bigint',
  change: 'text',
  state: 'text',
  level: 'text',
  clerk: 'text',
  counter_id: 'text',
  promised_deadline: 'date',
  legal_deadline: 'date',
  missing_materials: 'jsonb',
  refusal_reason: 'text',
  day: 'date',
  refusal_kind: 'text',
  materials_arrived_day: 'date',
  notice_working_days: 'integer',
} as const;

export const CASE_TYPES = new Set<string>(['case.accepted', 'case.changed']);

export const OPEN_CASE_STATES = ['accepted', 'in-progress', 'suspended'] as const;

/** The timeline event of one case transaction, or null when the body lacks what identifies a case. */
export function caseEvent(tx: TxEnvelope): CaseEventRow | null {
  const b = tx.body;
  const caseId = str(b, 'caseId');
  const state = str(b, 'state');
  if (!caseId || !state) return null;
  return {
    kiosk_id: tx.kiosk,
    tx_id: tx.txId,
    case_id: caseId,
    seq: tx.seq,
    ts: tx.ts,
    change: str(b, 'change') ?? (tx.type === 'case.accepted' ? 'accepted' : 'changed'),
    state,
    level: str(b, 'level') ?? null,
    clerk: str(b, 'clerk') ?? null,
    counter_id: str(b, 'counterId') ?? null,
    promised_deadline: day(b, 'promisedDeadline') ?? null,
    legal_deadline: day(b, 'legalDeadline') ?? null,
    missing_materials: strList(b, 'missingMaterials') ?? null,
    refusal_reason: str(b, 'refusalReason') ?? null,
    day: null,
    refusal_kind: refusalKind(b),
    materials_arrived_day: day(b, 'materialsArrivedDay') ?? null,
    notice_working_days: null,
  };
}

export const REFUSAL_KINDS = ['not-accepted', 'not-permitted'] as const;

function refusalKind(b: Body): string | null {
  const v = str(b, 'refusalKind');
  return v && (REFUSAL_KINDS as readonly string[]).includes(v) ? v : null;
}

/** The event's day and, for a 补正 request, how many working days after the materials it came. */
export function datedEvent(
  ev: CaseEventRow,
  row: CaseRow,
  timeZone: string,
  calendar: WorkingCalendar,
): void {
  ev.day = centreDay(ev.ts, timeZone);
  if (ev.change !== 'suspend') return;
  const from = ev.materials_arrived_day ?? row.materials_arrived_day ?? row.accepted_day;
  ev.notice_working_days = from <= ev.day ? calendar.workingDaysBetween(from, ev.day) : 0;
}

/** Folds one case transaction into the case's row (`row` undefined: first seen). */
export function applyCaseTx(
  row: CaseRow | undefined,
  tx: TxEnvelope,
  ev: CaseEventRow,
  timeZone: string,
): CaseRow | undefined {
  const b = tx.body;
  const acceptedDay = day(b, 'acceptedDay') ?? row?.accepted_day;
  const serviceId = str(b, 'serviceId') ?? row?.service_id;
  const itemId = str(b, 'itemId') ?? row?.item_id;
  const number = str(b, 'number') ?? row?.number;
  if (!acceptedDay || !serviceId || !itemId || !number) return row;
  const latest = !row || tx.seq > row.state_seq;
  const base: CaseRow = row ?? {
    kiosk_id: tx.kiosk,
    case_id: ev.case_id,
    number,
    service_id: serviceId,
    item_id: itemId,
    ticket_id: null,
    applicant_ref: null,
    state: ev.state,
    level: 'normal',
    worst_level: 'normal',
    accept_clerk: null,
    clerk: null,
    counter_id: null,
    accepted_day: acceptedDay,
    accepted_at: null,
    legal_limit_days: null,
    promised_limit_days: null,
    paused_working_days: 0,
    promised_deadline: null,
    legal_deadline: null,
    provisional: false,
    completed_day: null,
    late: null,
    closed_day: null,
    refusal_reason: null,
    refusal_reviewed: null,
    missing_materials: null,
    suspensions: 0,
    state_seq: 0,
    updated_ts: tx.ts,
    refusal_kind: null,
    materials_arrived_day: null,
    steps_over_limit: 0,
  };
  const next: CaseRow = latest
    ? {
        ...base,
        number,
        service_id: serviceId,
        item_id: itemId,
        ticket_id: str(b, 'ticketId') ?? base.ticket_id,
        applicant_ref: str(b, 'applicantRef') ?? base.applicant_ref,
        state: ev.state,
        level: ev.level ?? base.level,
        worst_level: str(b, 'worstLevel') ?? base.worst_level,
        clerk: ev.clerk ?? base.clerk,
        counter_id: ev.counter_id ?? base.counter_id,
        accepted_day: acceptedDay,
        legal_limit_days: num(b, 'legalLimitDays') ?? base.legal_limit_days,
        promised_limit_days: num(b, 'promisedLimitDays') ?? base.promised_limit_days,
        paused_working_days: num(b, 'pausedWorkingDays') ?? base.paused_working_days,
        promised_deadline: ev.promised_deadline ?? base.promised_deadline,
        legal_deadline: ev.legal_deadline ?? base.legal_deadline,
        provisional: bool(b, 'provisional') ?? base.provisional,
        completed_day: day(b, 'completedDay') ?? null,
        late: bool(b, 'late') ?? null,
        refusal_reason: ev.refusal_reason,
        refusal_reviewed: bool(b, 'refusalReviewed') ?? null,
        missing_materials: ev.state === 'suspended' ? ev.missing_materials : null,
        state_seq: tx.seq,
        updated_ts: tx.ts,
        refusal_kind: ev.state === 'refused' ? (ev.refusal_kind ?? base.refusal_kind) : null,
        materials_arrived_day: ev.materials_arrived_day ?? base.materials_arrived_day,
      }
    : { ...base };
  if (ev.change === 'accepted') {
    next.accept_clerk = ev.clerk;
    next.accepted_at = tx.ts;
  }
  if (ev.change === 'suspend') next.suspensions += 1;
  if (ev.change === 'refuse') next.closed_day = centreDay(tx.ts, timeZone);
  if (next.state === 'completed') next.closed_day = next.completed_day;
  if (next.state !== 'completed' && next.state !== 'refused') next.closed_day = null;
  return next;
}

export interface CaseFigures {
  accepted: number;
  completed: number;
  completed_late: number;
  refused: number;
  suspended: number;
  warnings: number;
  yellow: number;
  red: number;
}

export const CASE_FIGURES: ReadonlyArray<keyof CaseFigures> = [
  'accepted',
  'completed',
  'completed_late',
  'refused',
  'suspended',
  'warnings',
  'yellow',
  'red',
];

type Contribution = { key: string[]; figures: Partial<CaseFigures> };

/** What a case's current row adds to the day figures: accepted on its day, closed on its closing day. */
export function caseContribution(row: CaseRow): Contribution[] {
  const out: Contribution[] = [
    {
      key: [row.kiosk_id, row.accepted_day, row.service_id, row.item_id, row.accept_clerk ?? ''],
      figures: { accepted: 1 },
    },
  ];
  if (row.closed_day) {
    const key = [row.kiosk_id, row.closed_day, row.service_id, row.item_id, row.clerk ?? ''];
    if (row.state === 'completed')
      out.push({ key, figures: { completed: 1, completed_late: row.late ? 1 : 0 } });
    if (row.state === 'refused') out.push({ key, figures: { refused: 1 } });
  }
  return out;
}

/** What one event adds on the day it happened: a 补正 request or a supervision card. */
export function caseEventContribution(ev: CaseEventRow, row: CaseRow, timeZone: string): Contribution | null {
  const figures: Partial<CaseFigures> = {};
  if (ev.change === 'suspend') figures.suspended = 1;
  if (ev.change === 'level' && ev.level === 'warning') figures.warnings = 1;
  if (ev.change === 'level' && ev.level === 'yellow') figures.yellow = 1;
  if (ev.change === 'level' && ev.level === 'red') figures.red = 1;
  if (Object.keys(figures).length === 0) return null;
  return {
    key: [row.kiosk_id, centreDay(ev.ts, timeZone), row.service_id, row.item_id, ev.clerk ?? row.clerk ?? ''],
    figures,
  };
}
