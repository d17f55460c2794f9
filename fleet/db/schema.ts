import { consoleStatements } from './console-schema.ts';
import { defaultPartitionSql, finishPartitioning, setLegacyTablesAside } from './partitions.ts';
import { PROJECTION_VERSION, projectionStatements } from './projection-schema.ts';
import type { CentralDb, SqlRunner } from './sql.ts';
import { supervisionStatements } from './supervision-schema.ts';

/** Arbitrary constant for the advisory lock that serialises concurrent migrations. */
const MIGRATION_LOCK = 74_536_001;

const rawStatements = [
  // By month of the tx_id (a ULID), see partitions.ts; the key compares bytewise, as ULIDs sort.
  `CREATE TABLE IF NOT EXISTS transactions (
     kiosk_id    text   NOT NULL,
     tx_id       text   COLLATE "C" NOT NULL,
     seq         bigint NOT NULL,
     type        text   NOT NULL,
     ts          bigint NOT NULL,
     body        jsonb  NOT NULL,
     worker      text   NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (kiosk_id, tx_id)
   ) PARTITION BY RANGE (tx_id)`,
  defaultPartitionSql('transactions'),
  'CREATE INDEX IF NOT EXISTS transactions_kiosk_seq ON transactions (kiosk_id, seq)',
  `CREATE TABLE IF NOT EXISTS rejected_tx (
     id          bigserial PRIMARY KEY,
     kiosk_id    text,
     tx_id       text,
     topic       text NOT NULL,
     why         text NOT NULL,
     payload     text NOT NULL,
     worker      text NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS kiosks (
     kiosk_id     text PRIMARY KEY,
     state        text,
     sess         integer,
     status_ts    bigint,
     version      text,
     reason       text,
     telemetry    jsonb,
     telemetry_ts bigint,
     last_seen    bigint NOT NULL
   )`,
];

const statements = [
  ...rawStatements,
  ...projectionStatements,
  ...consoleStatements,
  ...supervisionStatements,
  // A new database's (empty) projections are current; an older one without the mark gets rebuilt.
  // (A database whose raw rows are being moved into partitions is not new.)
  `INSERT INTO central_meta (key, value) SELECT 'projection_version', '${PROJECTION_VERSION}'
     WHERE NOT EXISTS (SELECT 1 FROM transactions) AND to_regclass('transactions_unpartitioned') IS NULL
     ON CONFLICT (key) DO NOTHING`,
];

/** True when the stored projections were built by an older version (rebuild them before ingest). */
export async function projectionsOutdated(db: SqlRunner): Promise<boolean> {
  const [row] = await db.query<{ value: string }>(
    `SELECT value FROM central_meta WHERE key = 'projection_version'`,
  );
  return row?.value !== String(PROJECTION_VERSION);
}

export async function markProjectionsCurrent(db: SqlRunner): Promise<void> {
  await db.query(
    `INSERT INTO central_meta (key, value) VALUES ('projection_version', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [String(PROJECTION_VERSION)],
  );
}

/**
 * Creates the schema if missing. Several ingest workers may start at once against one server,
 * so the DDL runs under a transaction-scoped advisory lock (CREATE … IF NOT EXISTS alone races).
 * The statements go as one script: on PGlite that is several times faster than one call each,
 * which the demo's start-up feels.
 */
export async function migrate(db: CentralDb): Promise<void> {
  // A database from before partitioning: its plain tables go aside first, then are copied in.
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await setLegacyTablesAside(tx);
  });
  await db.execScript([`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`, ...statements].join(';\n'));
  await finishPartitioning(db);
}
