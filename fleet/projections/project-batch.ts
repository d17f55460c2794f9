/**
 * Folds newly stored transactions into the projections, inside the caller's database
 * transaction (the one that inserted the raw rows). Called only with transactions that were
 * inserted just now, so a duplicate changes nothing. Rows are read and written as sets, and each
 * summary row gets the difference its changed rows made, so nothing is recounted.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { SqlRunner } from '../db/central-db.ts';
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
} from './cases.ts';
import {
  POOR_SCORE,
  RATING_COLUMNS,
  RATING_FIGURES,
  type RatingRow,
  RECTIFICATION_COLUMNS,
  type RectificationPolicy,
  ratingContribution,
  ratingRow,
  rectificationFor,
} from './ratings.ts';
import { FigureDeltas, selectByKeys, upsertRows } from './sql-rows.ts';
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

const keyOf = (...parts: string[]): string => parts.join('\u0000');
const bySeq = (a: TxEnvelope, b: TxEnvelope): number => a.seq - b.seq;

async function projectTickets(tx: SqlRunner, txs: TxEnvelope[]): Promise<void> {
  const changes = new Map<string, { kiosk: string; id: string; apply: Array<(r: TicketRow) => void> }>();
  for (const t of txs) {
    for (const [id, apply] of ticketChanges(t)) {
      const k = keyOf(t.kiosk, id);
      const entry = changes.get(k) ?? { kiosk: t.kiosk, id, apply: [] };
      entry.apply.push(apply);
      changes.set(k, entry);
    }
  }
  if (changes.size === 0) return;
  const existing = await selectByKeys<TicketRow>(
    tx,
    'tickets',
    ['kiosk_id', 'ticket_id'],
    [...changes.values()].map((c) => [c.kiosk, c.id]),
  );
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
  await upsertRows(tx, 'tickets', TICKET_COLUMNS, ['kiosk_id', 'ticket_id'], rows, 'update');
  await deltas.apply(tx, 'ticket_stats', {
    kiosk_id: 'text',
    day: 'date',
    service_id: 'text',
    clerk: 'text',
  });
}

async function projectCases(tx: SqlRunner, txs: TxEnvelope[], timeZone: string): Promise<void> {
  const byCase = new Map<string, Array<{ tx: TxEnvelope; ev: CaseEventRow }>>();
  for (const t of [...txs].sort(bySeq)) {
    const ev = caseEvent(t);
    if (!ev) continue;
    const k = keyOf(t.kiosk, ev.case_id);
    byCase.set(k, [...(byCase.get(k) ?? []), { tx: t, ev }]);
  }
  if (byCase.size === 0) return;
  const events = [...byCase.values()].flat().map((e) => e.ev);
  await upsertRows(tx, 'case_events', CASE_EVENT_COLUMNS, ['kiosk_id', 'tx_id'], events, 'nothing');
  const existing = await selectByKeys<CaseRow>(
    tx,
    'cases',
    ['kiosk_id', 'case_id'],
    [...byCase.values()].map((list) => [list[0]!.tx.kiosk, list[0]!.ev.case_id]),
  );
  const before = new Map(existing.map((r) => [keyOf(r.kiosk_id, r.case_id), r]));
  const deltas = new FigureDeltas(CASE_FIGURES);
  const rows: CaseRow[] = [];
  for (const [k, list] of byCase) {
    const old = before.get(k);
    let row = old;
    for (const { tx: t, ev } of list) row = applyCaseTx(row, t, ev, timeZone);
    if (!row) continue;
    if (old) for (const c of caseContribution(old)) deltas.add(c.key, c.figures, -1);
    for (const c of caseContribution(row)) deltas.add(c.key, c.figures);
    for (const { ev } of list) {
      const c = caseEventContribution(ev, row, timeZone);
      if (c) deltas.add(c.key, c.figures);
    }
    rows.push(row);
  }
  await upsertRows(tx, 'cases', CASE_COLUMNS, ['kiosk_id', 'case_id'], rows, 'update');
  await deltas.apply(tx, 'case_stats', {
    kiosk_id: 'text',
    day: 'date',
    service_id: 'text',
    item_id: 'text',
    clerk: 'text',
  });
}

async function projectRatings(tx: SqlRunner, txs: TxEnvelope[], policy: RectificationPolicy): Promise<void> {
  const given = new Map<string, { row: RatingRow; tx: TxEnvelope }>();
  for (const t of txs) {
    const row = t.type === 'rating.given' ? ratingRow(t) : null;
    if (row && !given.has(keyOf(row.kiosk_id, row.rating_id)))
      given.set(keyOf(row.kiosk_id, row.rating_id), { row, tx: t });
  }
  if (given.size === 0) return;
  const inserted = await upsertRows(
    tx,
    'ratings',
    RATING_COLUMNS,
    ['kiosk_id', 'rating_id'],
    [...given.values()].map((g) => g.row),
    'nothing',
  );
  const fresh = inserted.map((k) => given.get(keyOf(String(k.kiosk_id), String(k.rating_id)))!);
  const deltas = new FigureDeltas(RATING_FIGURES);
  for (const { row } of fresh) {
    const c = ratingContribution(row);
    deltas.add(c.key, c.figures);
  }
  await deltas.apply(tx, 'rating_stats', {
    kiosk_id: 'text',
    day: 'date',
    service_id: 'text',
    clerk: 'text',
  });
  const rectifications = fresh
    .filter(({ row }) => row.score <= POOR_SCORE)
    .flatMap(({ row, tx: t }) => rectificationFor(row, t.body, policy) ?? []);
  await upsertRows(
    tx,
    'rectifications',
    RECTIFICATION_COLUMNS,
    ['kiosk_id', 'rating_id'],
    rectifications,
    'nothing',
  );
}

async function projectAlarms(tx: SqlRunner, txs: TxEnvelope[]): Promise<void> {
  const alarms = txs
    .filter((t) => t.type === 'device.alarm')
    .map((t) => ({
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
  await upsertRows(
    tx,
    'kiosk_alarms',
    { kiosk_id: 'text', tx_id: 'text', seq: 'bigint', ts: 'bigint', kind: 'text', body: 'jsonb' },
    ['kiosk_id', 'tx_id'],
    alarms,
    'nothing',
  );
}

/** Projects transactions that were just inserted into `transactions` in this database transaction. */
export async function projectTransactions(
  tx: SqlRunner,
  txs: readonly TxEnvelope[],
  opts: ProjectionOptions,
): Promise<void> {
  if (txs.length === 0) return;
  const tickets = txs.filter((t) => TICKET_TYPES.has(t.type));
  const cases = txs.filter((t) => CASE_TYPES.has(t.type));
  await projectTickets(tx, tickets);
  await projectCases(tx, cases, opts.timeZone);
  await projectRatings(tx, [...txs], opts);
  await projectAlarms(tx, [...txs]);
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
