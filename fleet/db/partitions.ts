/**
 * Monthly partitions of the append-only tables keyed by a transaction's ULID: the raw
 * `transactions`, the case timeline `case_events` and `kiosk_alarms`. A ULID starts with its
 * time, so a month is a range of tx_id (declarative RANGE partitioning on tx_id, compared
 * bytewise): the key stays (kiosk_id, tx_id), idempotent inserts keep their ON CONFLICT, and a
 * month can be detached, archived or dropped whole. Ingest creates each month before a batch
 * writes into it (and the month after, ahead of time); anything outside the months made (an id
 * whose time is not a real one) lands in the default partition.
 */
import { decodeTime, encodeTime } from 'ulid';
import type { CentralDb, SqlRunner } from './sql.ts';

export const PARTITIONED_TABLES = ['transactions', 'case_events', 'kiosk_alarms'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/** The suffix an unpartitioned table (from before partitioning) is renamed with while it is copied. */
export const LEGACY_SUFFIX = '_unpartitioned';

/** Vacuum settings the projection tables use (see projection-schema.ts), given to every month. */
const PARTITION_OPTIONS = `autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.02`;

/** A ULID whose time fits 48 bits (the first character 0–7), as the contract's txId pattern. */
const ULID_PATTERN = '^[0-7][0-9A-HJKMNP-TV-Z]{25}$';

/** 'YYYY-MM' of a ULID's time, or null when its time is not one (or past year 9999: not a month name). */
export function monthOfUlid(id: string): string | null {
  const time = ulidTime(id);
  return time === null ? null : monthOfTime(time);
}

/** A ULID's time in epoch ms, or null when it has none. */
export function ulidTime(id: string): number | null {
  try {
    return decodeTime(id);
  } catch {
    return null;
  }
}

/** 'YYYY-MM' of an epoch-ms time, or null past year 9999 (not a month name). */
export function monthOfTime(time: number): string | null {
  const d = new Date(time);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return null;
  return `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** How far back a batch may make a month: older rows (a kiosk's clock behind) go to the default partition. */
export const PARTITION_MONTHS_BACK = 24;

/**
 * The months ingest makes partitions for: from PARTITION_MONTHS_BACK months before `now` to the
 * month after it. A tx later than that (a clock ahead, a ULID up to year 10889) is rejected by
 * ingest, not put in the default partition: that month's partition, made when its time comes,
 * could not be attached over rows already in the default one.
 */
export function partitionWindow(now: number): { first: string; last: string } {
  const d = new Date(now);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - PARTITION_MONTHS_BACK, 1));
  return { first: first.toISOString().slice(0, 7), last: nextMonth(d.toISOString().slice(0, 7)) };
}

/** True when a ULID's time is after the partition window (or not a time at all but ULID-shaped past 9999). */
export function isAfterPartitionWindow(id: string, now: number): boolean {
  const time = ulidTime(id);
  return time !== null && time >= partitionCutoff(now);
}

/** The first instant after the partition window: a batch works it out once, not once per tx. */
export const partitionCutoff = (now: number): number => monthStartMs(nextMonth(partitionWindow(now).last));

const monthStartMs = (month: string): number =>
  Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);

export function nextMonth(month: string): string {
  const d = new Date(monthStartMs(month));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
}

/** The smallest ULID of the month: its first millisecond, then the lowest randomness. */
const lowestUlidOf = (month: string): string => `${encodeTime(monthStartMs(month), 10)}${'0'.repeat(16)}`;

export const partitionName = (table: PartitionedTable, month: string): string =>
  `${table}_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

/** The DDL that makes `table`'s partition for `month` (nothing if it exists). */
export function monthPartitionSql(table: PartitionedTable, month: string): string {
  return `CREATE TABLE IF NOT EXISTS ${partitionName(table, month)} PARTITION OF ${table}
    FOR VALUES FROM ('${lowestUlidOf(month)}') TO ('${lowestUlidOf(nextMonth(month))}')
    WITH (${PARTITION_OPTIONS})`;
}

export const defaultPartitionSql = (table: PartitionedTable): string =>
  `CREATE TABLE IF NOT EXISTS ${table}_default PARTITION OF ${table} DEFAULT WITH (${PARTITION_OPTIONS})`;

/** Every month from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

/** Months known to exist, per database handle, so a batch asks the catalogue only for a new month. */
const made = new WeakMap<object, Set<string>>();

/** Arbitrary constant for the advisory lock two workers making the same month serialise on. */
const PARTITION_LOCK = 74_536_002;

/**
 * Makes the monthly partitions (every partitioned table) for `months` and the month after each,
 * in their own short transaction, before a batch writes: a month made inside the batch's
 * transaction would hold a lock on the parent table until its commit.
 */
export async function ensureMonths(db: CentralDb, months: Iterable<string>): Promise<void> {
  const known = made.get(db) ?? new Set<string>();
  made.set(db, known);
  const wanted = new Set<string>();
  for (const m of months) {
    wanted.add(m);
    wanted.add(nextMonth(m));
  }
  const missing = [...wanted].filter((m) => !known.has(m)).sort();
  if (missing.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`);
    await createMonths(tx, missing);
  });
  for (const m of missing) known.add(m);
}

async function createMonths(tx: SqlRunner, months: readonly string[]): Promise<void> {
  for (const table of PARTITIONED_TABLES) for (const m of months) await tx.query(monthPartitionSql(table, m));
}

/** The months of the ULIDs given (those that have one inside the partition window). */
export function monthsOf(ids: Iterable<string>, now = Date.now()): Set<string> {
  const { first, last } = partitionWindow(now);
  const out = new Set<string>();
  // A batch's ids share a few hours: one month name per hour, not per id.
  const hours = new Map<number, string | null>();
  for (const id of ids) {
    const time = ulidTime(id);
    if (time === null) continue;
    const hour = Math.floor(time / 3_600_000);
    let m = hours.get(hour);
    if (m === undefined) {
      m = monthOfTime(time);
      hours.set(hour, m);
    }
    if (m && m >= first && m <= last) out.add(m);
  }
  return out;
}

/**
 * Before the schema script: a table from before partitioning (a plain table) is renamed aside,
 * with its indexes, so the script creates the partitioned table under the old names.
 */
export async function setLegacyTablesAside(tx: SqlRunner): Promise<void> {
  for (const table of PARTITIONED_TABLES) {
    const [row] = await tx.query<{ kind: string }>(
      `SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass($1)`,
      [table],
    );
    if (row?.kind !== 'r') continue;
    const indexes = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = to_regclass($1)`,
      [table],
    );
    for (const { name } of indexes) await tx.query(`ALTER INDEX ${name} RENAME TO ${name}${LEGACY_SUFFIX}`);
    await tx.query(`ALTER TABLE ${table} RENAME TO ${table}${LEGACY_SUFFIX}`);
  }
}

/**
 * After the schema script: the months of this month and the next exist, and a table set aside
 * is copied into its partitioned successor (its months made first) and dropped, in one
 * transaction, so a crash midway leaves it to be copied again on the next start.
 */
export async function finishPartitioning(db: CentralDb, now = Date.now()): Promise<void> {
  const thisMonth = new Date(now).toISOString().slice(0, 7);
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`);
    await createMonths(tx, [thisMonth, nextMonth(thisMonth)]);
    for (const table of PARTITIONED_TABLES) {
      const legacy = `${table}${LEGACY_SUFFIX}`;
      const [exists] = await tx.query<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [legacy]);
      if (!exists?.ok) continue;
      const [range] = await tx.query<{ lo: string | null; hi: string | null }>(
        `SELECT min(tx_id) AS lo, max(tx_id) AS hi FROM ${legacy} WHERE tx_id ~ '${ULID_PATTERN}'`,
      );
      const lo = range?.lo ? monthOfUlid(range.lo) : null;
      const found = range?.hi ? monthOfUlid(range.hi) : null;
      // Not past the window: a far-future id would make thousands of months.
      const hi = found && found > nextMonth(thisMonth) ? nextMonth(thisMonth) : found;
      if (lo && hi && lo <= hi) await createMonths(tx, monthsBetween(lo, hi));
      const columns = await tx.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
          ORDER BY attnum`,
        [legacy],
      );
      const list = columns.map((c) => c.name).join(', ');
      await tx.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${legacy} ON CONFLICT DO NOTHING`);
      await tx.query(`DROP TABLE ${legacy}`);
    }
  });
}
