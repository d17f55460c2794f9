/**
 * The console's audit log: every user action (who, when, from where, what, on what, the result),
 * appended in PostgreSQL and chained — each row's hash covers the previous row's hash and its own
 * content, so removing or altering a row breaks every hash after it. The table refuses UPDATE,
 * DELETE and TRUNCATE (trigger); appends from several console servers are serialised by an
 * advisory lock so the chain stays one line.
 */
import { createHash } from 'node:crypto';
import type { SqlRunner } from '../db/central-db.ts';

const CHAIN_LOCK = 74_536_015;
const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  actor: string;
  role?: string | null;
  client?: string | null;
  action: string;
  target?: string | null;
  result: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown> | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: string | null;
  client: string | null;
  action: string;
  target: string | null;
  result: AuditEntry['result'];
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

/** Key order fixed, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function rowHash(prev: string, r: Omit<AuditRow, 'id' | 'hash' | 'prev_hash'>): string {
  const content = canonical({
    at: r.at,
    actor: r.actor,
    role: r.role,
    client: r.client,
    action: r.action,
    target: r.target,
    result: r.result,
    detail: r.detail,
  });
  return createHash('sha256').update(prev).update('\n').update(content).digest('hex');
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

export function auditLog(db: { transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> }): AuditLog {
  return {
    append: (entry) => db.transaction((tx) => appendAudit(tx, entry)),
  };
}

/** Appends inside the caller's transaction, so an act and its audit row commit together. */
export async function appendAudit(tx: SqlRunner, entry: AuditEntry): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [last] = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const prev = last?.hash ?? GENESIS;
  // The time is fixed here (ms precision, ISO) so the hash covers exactly what is stored.
  const at = new Date().toISOString();
  const row = {
    at,
    actor: entry.actor,
    role: entry.role ?? null,
    client: entry.client ?? null,
    action: entry.action,
    target: entry.target ?? null,
    result: entry.result,
    detail: entry.detail ?? null,
  };
  await tx.query(
    `INSERT INTO audit_log (at, actor, role, client, action, target, result, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      at,
      row.actor,
      row.role,
      row.client,
      row.action,
      row.target,
      row.result,
      row.detail ? JSON.stringify(row.detail) : null,
      prev,
      rowHash(prev, row),
    ],
  );
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Walks the chain from the start; returns the first row that does not fit, or null. */
export async function verifyAuditChain(db: SqlRunner): Promise<{ rows: number; brokenAt: number | null }> {
  let prev = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const batch = await db.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT 2000', [
      after,
    ]);
    if (batch.length === 0) return { rows, brokenAt: null };
    for (const r of batch) {
      const expected = rowHash(prev, { ...r, at: iso(r.at) });
      if (r.prev_hash !== prev || r.hash !== expected) return { rows, brokenAt: Number(r.id) };
      prev = r.hash;
      after = Number(r.id);
      rows++;
    }
  }
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  result?: string;
  from?: string;
  to?: string;
  text?: string;
  limit: number;
  offset: number;
}

export async function searchAudit(
  db: SqlRunner,
  q: AuditQuery,
): Promise<{ total: number; rows: AuditRow[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.actor) add('actor = ?', q.actor);
  if (q.action) add('action LIKE ?', `${q.action}%`);
  if (q.result) add('result = ?', q.result);
  if (q.from) add('at >= ?::date', q.from);
  if (q.to) add(`at < (?::date + 1)`, q.to);
  if (q.text) add(`(coalesce(target, '') || ' ' || coalesce(detail::text, '')) ILIKE ?`, `%${q.text}%`);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${cond}`, params);
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log ${cond} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return { total: count?.n ?? 0, rows: rows.map((r) => ({ ...r, at: iso(r.at) })) };
}
