/**
 * Folds newly stored transactions into the projections, inside the caller's database
 * transaction (the one that inserted the raw rows). Called only with transactions that were
 * inserted just now, so a duplicate changes nothing. A batch is one read (the current rows of
 * every ticket, case and rating it touches) and one write (every table, one statement); each
 * summary row gets the difference its changed rows made, summed per key, so nothing is recounted.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { type SummaryKind, summaryTable } from '../db/summary-schema.ts';
import {
  applyCaseTx,
  CASE_COLUMNS,
  CASE_EVENT_COLUMNS,
  CASE_FIGURES,
  CASE_TYPES,
  type CaseEventRow,
  type CaseRow,
  caseContribution,
  caseEvent,
  caseEventContribution,
  datedEvent,
} from './cases.ts';
import { centreDay } from './centre-day.ts';
import {
  POOR_SCORE,
  RATING_COLUMNS,
  RATING_FIGURES,
  type RatingRow,
  RECTIFICATION_COLUMNS,
  RECTIFICATION_FIGURES,
  type RectificationPolicy,
  ratingContribution,
  ratingRow,
  rectificationContribution,
  rectificationFor,
} from './ratings.ts';
import { FigureDeltas, ReadStatement, upsertRows, WriteStatement } from './sql-rows.ts';
import { STEP_COLUMNS, type StepRow, stepsOf } from './steps.ts';
import {
  emptyTicket,
  TICKET_COLUMNS,
  TICKET_FIGURES,
  TICKET_TYPES,
  type TicketRow,
  ticketChanges,
  ticketContribution,
} from './tickets.ts';

export interface ProjectionOptions extends RectificationPolicy {
  /** Time zone of the centres, for the day of events whose body carries no day. */
  timeZone: string;
}

/** The current rows a batch's fold starts from. */
export interface ProjectionReads {
  tickets: TicketRow[];
  cases: CaseRow[];
  ratings: RatingRow[];
}

const keyOf = (...parts: string[]): string => parts.join('\u0000');
const bySeq = (a: TxEnvelope, b: TxEnvelope): number => a.seq - b.seq;

/** Asks `read` for the rows the transactions touch (a superset is harmless: duplicates included). */
export function addProjectionReads(read: ReadStatement, txs: readonly TxEnvelope[]): void {
  const tickets = new Map<string, [string, string]>();
  const cases = new Map<string, [string, string]>();
  const ratings = new Map<string, [string, string]>();
  for (const t of txs) {
    if (TICKET_TYPES.has(t.type))
      for (const [id] of ticketChanges(t)) tickets.set(keyOf(t.kiosk, id), [t.kiosk, id]);
    else if (CASE_TYPES.has(t.type)) {
      const ev = caseEvent(t);
      if (ev) cases.set(keyOf(t.kiosk, ev.case_id), [t.kiosk, ev.case_id]);
    } else if (t.type === 'rating.given') {
      const r = ratingRow(t);
      if (r) ratings.set(keyOf(t.kiosk, r.rating_id), [t.kiosk, r.rating_id]);
    }
  }
  read.rowsByKey('tickets', 'tickets', ['kiosk_id', 'ticket_id'], [...tickets.values()]);
  read.rowsByKey('cases', 'cases', ['kiosk_id', 'case_id'], [...cases.values()]);
  read.rowsByKey('ratings', 'ratings', ['kiosk_id', 'rating_id'], [...ratings.values()]);
}

function foldTickets(stmt: WriteStatement, txs: TxEnvelope[], existing: TicketRow[]): void {
  const changes = new Map<string, { kiosk: string; id: string; apply: Array<(r: TicketRow) => void> }>();
  for (const t of txs) {
    for (const [id, apply] of ticketChanges(t)) {
      const k = keyOf(t.kiosk, id);
      const entry = changes.get(k);
      if (entry) entry.apply.push(apply);
      else changes.set(k, { kiosk: t.kiosk, id, apply: [apply] });
    }
  }
  if (changes.size === 0 && !stmt.keepsEmptyParts) return;
  const before = new Map(existing.map((r) => [keyOf(r.kiosk_id, r.ticket_id), r]));
  const deltas = new FigureDeltas(TICKET_FIGURES);
  const rows: TicketRow[] = [];
  for (const [k, c] of changes) {
    const old = before.get(k);
    const row = old ? { ...old } : emptyTicket(c.kiosk, c.id);
    for (const apply of c.apply) apply(row);
    const was = old ? ticketContribution(old) : null;
    const now = ticketContribution(row);
    if (was) deltas.add(was.key, was.figures, -1);
    if (now) deltas.add(now.key, now.figures);
    rows.push(row);
  }
  upsertRows(stmt, 'tickets', TICKET_COLUMNS, ['kiosk_id', 'ticket_id'], rows, 'update');
  addSummary(stmt, 'ticket', deltas);
}

/** Day and month summary rows get the same deltas (the day is the key's second part). */
function addSummary<F extends string>(
  stmt: WriteStatement,
  kind: SummaryKind,
  deltas: FigureDeltas<F>,
): void {
  const day = summaryTable(kind, 'day');
  const month = summaryTable(kind, 'month');
  deltas.addTo(stmt, day.table, day.key);
  deltas.monthly(1).addTo(stmt, month.table, month.key);
}

function foldCases(
  stmt: WriteStatement,
  txs: TxEnvelope[],
  existing: CaseRow[],
  opts: ProjectionOptions,
): void {
  const byCase = new Map<string, Array<{ tx: TxEnvelope; ev: CaseEventRow }>>();
  for (const t of [...txs].sort(bySeq)) {
    const ev = caseEvent(t);
    if (!ev) continue;
    const k = keyOf(t.kiosk, ev.case_id);
    const list = byCase.get(k);
    if (list) list.push({ tx: t, ev });
    else byCase.set(k, [{ tx: t, ev }]);
  }
  if (byCase.size === 0 && !stmt.keepsEmptyParts) return;
  const before = new Map(existing.map((r) => [keyOf(r.kiosk_id, r.case_id), r]));
  const deltas = new FigureDeltas(CASE_FIGURES);
  const rows: CaseRow[] = [];
  const events: CaseEventRow[] = [];
  const steps: StepRow[] = [];
  const stepLists: StepList[] = [];
  for (const [k, list] of byCase) {
    const old = before.get(k);
    let row = old;
    let latestSteps: StepRow[] | null = null;
    for (const { tx: t, ev } of list) {
      row = applyCaseTx(row, t, ev, opts.timeZone);
      if (row && row.state_seq === t.seq) latestSteps = stepsOf(t, ev.case_id, opts.calendar) ?? latestSteps;
    }
    if (!row) {
      for (const { ev } of list) events.push({ ...ev, day: centreDay(ev.ts, opts.timeZone) });
      continue;
    }
    if (latestSteps) {
      stepLists.push({
        kiosk_id: row.kiosk_id,
        case_id: row.case_id,
        ids: latestSteps.map((s) => s.step_id),
      });
      row.steps_over_limit = latestSteps.filter((s) => s.over_limit).length;
      steps.push(...latestSteps);
    }
    if (old) for (const c of caseContribution(old)) deltas.add(c.key, c.figures, -1);
    for (const c of caseContribution(row)) deltas.add(c.key, c.figures);
    for (const { ev } of list) {
      datedEvent(ev, row, opts.timeZone, opts.calendar);
      const c = caseEventContribution(ev, row, opts.timeZone);
      if (c) deltas.add(c.key, c.figures);
      events.push(ev);
    }
    rows.push(row);
  }
  upsertRows(stmt, 'case_events', CASE_EVENT_COLUMNS, ['kiosk_id', 'tx_id'], events, 'nothing');
  upsertRows(stmt, 'cases', CASE_COLUMNS, ['kiosk_id', 'case_id'], rows, 'update');
  upsertRows(stmt, 'case_steps', STEP_COLUMNS, ['kiosk_id', 'case_id', 'step_id'], steps, 'update');
  dropUnlistedSteps(stmt, stepLists);
  addSummary(stmt, 'case', deltas);
}

interface StepList {
  kiosk_id: string;
  case_id: string;
  ids: string[];
}

/**
 * A case's latest body lists its steps so far; a step an earlier body listed and this one does not
 * (a refusal ends the case before its review) goes, so the live table equals a rebuild's.
 */
function dropUnlistedSteps(stmt: WriteStatement, lists: StepList[]): void {
  if (lists.length === 0 && !stmt.keepsEmptyParts) return;
  // Looked up case by case through the primary key (LATERAL; OFFSET 0 keeps the planner from
  // turning it into a join over every case's steps) and deleted by row address (a TID scan).
  stmt.add(
    `DELETE FROM case_steps WHERE ctid = ANY (ARRAY(
       SELECT s.ctid FROM json_to_recordset(${stmt.param(JSON.stringify(lists))}::json) AS l(kiosk_id text, case_id text, ids text[])
       CROSS JOIN LATERAL (SELECT ctid, step_id FROM case_steps c WHERE c.kiosk_id = l.kiosk_id AND c.case_id = l.case_id OFFSET 0) s
        WHERE s.step_id <> ALL (l.ids)))`,
  );
}

function foldRatings(
  stmt: WriteStatement,
  txs: TxEnvelope[],
  existing: RatingRow[],
  policy: RectificationPolicy,
): void {
  // The advisory lock per centre (lockCentres) means no other writer adds this centre's ratings
  // meanwhile, so a rating not read now is new.
  const known = new Set(existing.map((r) => keyOf(r.kiosk_id, r.rating_id)));
  const fresh: Array<{ row: RatingRow; tx: TxEnvelope }> = [];
  for (const t of txs) {
    const row = ratingRow(t);
    if (!row || known.has(keyOf(row.kiosk_id, row.rating_id))) continue;
    known.add(keyOf(row.kiosk_id, row.rating_id));
    fresh.push({ row, tx: t });
  }
  if (fresh.length === 0 && !stmt.keepsEmptyParts) return;
  upsertRows(
    stmt,
    'ratings',
    RATING_COLUMNS,
    ['kiosk_id', 'rating_id'],
    fresh.map((g) => g.row),
    'nothing',
  );
  const deltas = new FigureDeltas(RATING_FIGURES);
  for (const { row } of fresh) {
    const c = ratingContribution(row);
    deltas.add(c.key, c.figures);
  }
  addSummary(stmt, 'rating', deltas);
  const rectifications = fresh
    .filter(({ row }) => row.score <= POOR_SCORE)
    .flatMap(({ row, tx: t }) => rectificationFor(row, t.body, policy) ?? []);
  const kpis = new FigureDeltas(RECTIFICATION_FIGURES);
  for (const r of rectifications) {
    const c = rectificationContribution({
      ...r,
      replied_day: null,
      visit_satisfied: null,
      escalated_day: null,
    });
    kpis.add(c.key, c.figures);
  }
  kpis.addTo(stmt, 'rectification_stats', ['kiosk_id', 'opened_day', 'due_day']);
  upsertRows(
    stmt,
    'rectifications',
    RECTIFICATION_COLUMNS,
    ['kiosk_id', 'rating_id'],
    rectifications,
    'nothing',
  );
}

function foldAlarms(stmt: WriteStatement, txs: TxEnvelope[]): void {
  const alarms = txs.map((t) => ({
    kiosk_id: t.kiosk,
    tx_id: t.txId,
    seq: t.seq,
    ts: t.ts,
    kind:
      typeof t.body.kind === 'string'
        ? t.body.kind
        : typeof t.body.device === 'string'
          ? t.body.device
          : null,
    body: t.body,
  }));
  upsertRows(
    stmt,
    'kiosk_alarms',
    { kiosk_id: 'text', tx_id: 'text', seq: 'bigint', ts: 'bigint', kind: 'text', body: 'jsonb' },
    ['kiosk_id', 'tx_id'],
    alarms,
    'nothing',
  );
}

/** Adds to `stmt` every write that folds `txs` (just inserted) into the rows `reads` found. */
export function foldTransactions(
  stmt: WriteStatement,
  txs: readonly TxEnvelope[],
  reads: ProjectionReads,
  opts: ProjectionOptions,
): void {
  if (txs.length === 0) return;
  const of = (pred: (t: TxEnvelope) => boolean) => txs.filter(pred);
  foldTickets(
    stmt,
    of((t) => TICKET_TYPES.has(t.type)),
    reads.tickets,
  );
  foldCases(
    stmt,
    of((t) => CASE_TYPES.has(t.type)),
    reads.cases,
    opts,
  );
  foldRatings(
    stmt,
    of((t) => t.type === 'rating.given'),
    reads.ratings,
    opts,
  );
  foldAlarms(
    stmt,
    of((t) => t.type === 'device.alarm'),
  );
}

/** Projects transactions that are already stored in `transactions` (the rebuild's path). */
export async function projectTransactions(
  tx: SqlRunner,
  txs: readonly TxEnvelope[],
  opts: ProjectionOptions,
): Promise<void> {
  if (txs.length === 0) return;
  const read = new ReadStatement();
  addProjectionReads(read, txs);
  const reads = await read.run<ProjectionReads>(tx);
  const write = new WriteStatement(true);
  foldTransactions(write, txs, reads, opts);
  await write.run(tx);
}

/**
 * Serialises projection work per centre across ingest workers: two workers folding the same
 * ticket at once would each start from the row as it was. Keys are taken in one order (no deadlock).
 */
export async function lockCentres(tx: SqlRunner, kioskIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(kioskIds)].sort();
  if (ids.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(7453, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) k ORDER BY h) s`,
    [ids],
  );
}
