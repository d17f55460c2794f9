/**
 * Central's datasets in PostgreSQL: a change becomes the stream's next version in one database
 * transaction (the row lock orders concurrent writers), with its signed delta kept so a kiosk that
 * missed it can ask for it later.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  DATASET_ENTRIES,
  DATASET_SCOPES,
  type DatasetDelta,
  type DatasetHead,
  type DeltaOp,
  SHARE_VERSION,
  type StreamRef,
} from '../../contract/sharing.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { contentHash, signShared } from '../../platform/share-signing.ts';
import type { CentralDb, SqlRunner } from '../db/sql.ts';

const EMPTY_HASH = contentHash({});
const entryCheckers = Object.fromEntries(
  Object.entries(DATASET_ENTRIES).map(([name, schema]) => [name, TypeCompiler.Compile(schema)]),
);

export class DatasetChangeError extends Error {
  readonly code = 'share.bad-change';
}

const refParams = (ref: StreamRef) => [ref.dataset, ref.scope, ref.scopeId];
const WHERE = 'dataset = $1 AND scope = $2 AND scope_id = $3';

async function entriesOf(db: SqlRunner, ref: StreamRef): Promise<Record<string, unknown>> {
  const rows = await db.query<{ key: string; value: unknown }>(
    `SELECT key, value FROM share_entries WHERE ${WHERE}`,
    refParams(ref),
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function checkChange(ref: StreamRef, ops: readonly DeltaOp[]): void {
  if (!DATASET_SCOPES[ref.dataset].includes(ref.scope))
    throw new DatasetChangeError(`${ref.dataset} is not shared at ${ref.scope} scope`);
  if (ops.length === 0) throw new DatasetChangeError('a change needs at least one operation');
  const checker = entryCheckers[ref.dataset]!;
  for (const op of ops) {
    if (op.op === 'put' && !checker.Check(op.value)) {
      const first = checker.Errors(op.value).First();
      throw new DatasetChangeError(
        `${ref.dataset} entry ${op.key} invalid at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
      );
    }
  }
}

/** The operations of a change, or how to compute them from the stream as it is (under its lock). */
/** A kiosk's report of one stream it holds, as `share_reported` keeps it. */
type SharedReportRow = {
  kiosk_id: string;
  dataset: string;
  scope: string;
  scope_id: string;
  version: number;
  hash: string;
  reported_at: number;
};

export type StreamChange = readonly DeltaOp[] | ((tx: SqlRunner) => Promise<readonly DeltaOp[]>);

export class DatasetStore {
  constructor(
    private readonly db: CentralDb,
    private readonly key: SigningKey,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies the operations as the stream's next version and returns its signed delta. */
  async change(ref: StreamRef, change: StreamChange): Promise<DatasetDelta> {
    return this.db.transaction((tx) => this.changeIn(tx, ref, change));
  }

  /**
   * The same inside a transaction the caller holds (a console route's, which its audit row commits
   * in): the single PGlite connection cannot open a second one while the route's is open.
   */
  async changeIn(tx: SqlRunner, ref: StreamRef, change: StreamChange): Promise<DatasetDelta> {
    const delta = await this.changeInIfAny(tx, ref, change, true);
    return delta!;
  }

  /**
   * The same, for a change computed from central's records under the stream's lock that may turn
   * out to change nothing: then no version is made and null comes back.
   */
  async changeInIfAny(
    tx: SqlRunner,
    ref: StreamRef,
    change: StreamChange,
    mustChange = false,
  ): Promise<DatasetDelta | null> {
    if (typeof change !== 'function') checkChange(ref, change);
    await tx.query(
      `INSERT INTO share_streams (dataset, scope, scope_id, version, hash) VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT DO NOTHING`,
      [...refParams(ref), EMPTY_HASH],
    );
    const [row] = await tx.query<{ version: number }>(
      `SELECT version FROM share_streams WHERE ${WHERE} FOR UPDATE`,
      refParams(ref),
    );
    const version = Number(row!.version) + 1;
    // Computed under the stream's row lock, so a change that reads the current entry loses none.
    const ops = typeof change === 'function' ? await change(tx) : change;
    if (ops.length === 0 && !mustChange) return null;
    checkChange(ref, ops);
    for (const op of ops) {
      if (op.op === 'put') {
        await tx.query(
          `INSERT INTO share_entries (dataset, scope, scope_id, key, value) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (dataset, scope, scope_id, key) DO UPDATE SET value = EXCLUDED.value`,
          [...refParams(ref), op.key, JSON.stringify(op.value)],
        );
      } else {
        await tx.query(`DELETE FROM share_entries WHERE ${WHERE} AND key = $4`, [...refParams(ref), op.key]);
      }
    }
    const hash = contentHash(await entriesOf(tx, ref));
    const delta = signShared(
      {
        v: SHARE_VERSION,
        dataset: ref.dataset,
        scope: ref.scope,
        scopeId: ref.scopeId,
        version,
        hash,
        issuedAt: this.now(),
        ops: [...ops],
      },
      this.key,
    ) as DatasetDelta;
    await tx.query(`UPDATE share_streams SET version = $4, hash = $5 WHERE ${WHERE}`, [
      ...refParams(ref),
      version,
      hash,
    ]);
    await tx.query(
      'INSERT INTO share_deltas (dataset, scope, scope_id, version, delta) VALUES ($1, $2, $3, $4, $5)',
      [...refParams(ref), version, JSON.stringify(delta)],
    );
    return delta;
  }

  /** The stream's newest version, signed (version 0 with the empty hash if nothing was shared yet). */
  async head(ref: StreamRef): Promise<DatasetHead> {
    const [row] = await this.db.query<{ version: number; hash: string }>(
      `SELECT version, hash FROM share_streams WHERE ${WHERE}`,
      refParams(ref),
    );
    const [count] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM share_entries WHERE ${WHERE}`,
      refParams(ref),
    );
    return signShared(
      {
        v: SHARE_VERSION,
        ...ref,
        version: Number(row?.version ?? 0),
        hash: row?.hash ?? EMPTY_HASH,
        entries: count?.n ?? 0,
        issuedAt: this.now(),
      },
      this.key,
    ) as DatasetHead;
  }

  /** The deltas after `version`, oldest first, at most `limit`. */
  async deltasAfter(ref: StreamRef, version: number, limit: number): Promise<DatasetDelta[]> {
    const rows = await this.db.query<{ delta: DatasetDelta }>(
      `SELECT delta FROM share_deltas WHERE ${WHERE} AND version > $4 ORDER BY version LIMIT $5`,
      [...refParams(ref), version, limit],
    );
    return rows.map((r) => r.delta);
  }

  /** The entries and version now, read in one transaction so they belong together. */
  async snapshot(
    ref: StreamRef,
  ): Promise<{ version: number; hash: string; entries: Record<string, unknown> }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ version: number; hash: string }>(
        `SELECT version, hash FROM share_streams WHERE ${WHERE}`,
        refParams(ref),
      );
      return {
        version: Number(row?.version ?? 0),
        hash: row?.hash ?? EMPTY_HASH,
        entries: await entriesOf(tx, ref),
      };
    });
  }

  /** The stream's entries as `db` (a caller's transaction) sees them. */
  entriesIn(db: SqlRunner, ref: StreamRef): Promise<Record<string, unknown>> {
    return entriesOf(db, ref);
  }

  async entry(ref: StreamRef, key: string, db: SqlRunner = this.db): Promise<unknown> {
    const [row] = await db.query<{ value: unknown }>(
      `SELECT value FROM share_entries WHERE ${WHERE} AND key = $4`,
      [...refParams(ref), key],
    );
    return row?.value;
  }

  async recordReported(
    kioskId: string,
    streams: ReadonlyArray<StreamRef & { version: number; hash: string }>,
    at: number,
  ): Promise<void> {
    for (const s of streams) {
      await this.db.query(
        `INSERT INTO share_reported (kiosk_id, dataset, scope, scope_id, version, hash, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (kiosk_id, dataset, scope, scope_id)
         DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, reported_at = EXCLUDED.reported_at`,
        [kioskId, s.dataset, s.scope, s.scopeId, s.version, s.hash, at],
      );
    }
  }

  /** Several kiosks' reports in one statement (the hub gathers them). */
  async recordReportedMany(
    reports: ReadonlyArray<{
      kioskId: string;
      streams: ReadonlyArray<StreamRef & { version: number; hash: string }>;
      at: number;
    }>,
  ): Promise<void> {
    // One row per key (the last report wins): ON CONFLICT cannot affect a row twice in one statement.
    const byKey = new Map<string, SharedReportRow>();
    for (const r of reports)
      for (const s of r.streams)
        byKey.set(`${r.kioskId}/${s.dataset}/${s.scope}/${s.scopeId}`, {
          kiosk_id: r.kioskId,
          dataset: s.dataset,
          scope: s.scope,
          scope_id: s.scopeId,
          version: s.version,
          hash: s.hash,
          reported_at: r.at,
        });
    const rows = [...byKey.values()];
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO share_reported (kiosk_id, dataset, scope, scope_id, version, hash, reported_at)
       SELECT kiosk_id, dataset, scope, scope_id, version, hash, reported_at
         FROM json_to_recordset($1::json) AS r(kiosk_id text, dataset text, scope text, scope_id text,
              version bigint, hash text, reported_at bigint)
       ON CONFLICT (kiosk_id, dataset, scope, scope_id)
       DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, reported_at = EXCLUDED.reported_at`,
      [JSON.stringify(rows)],
    );
  }

  /** Every stream central holds (to send their heads again after the broker was away). */
  async streams(): Promise<StreamRef[]> {
    const rows = await this.db.query<{
      dataset: StreamRef['dataset'];
      scope: StreamRef['scope'];
      scope_id: string;
    }>(
      'SELECT dataset, scope, scope_id FROM share_streams WHERE version > 0 ORDER BY dataset, scope, scope_id',
    );
    return rows.map((r) => ({ dataset: r.dataset, scope: r.scope, scopeId: r.scope_id }));
  }

  /** Which kiosk is on which version of a stream (for the fleet page). */
  async reported(ref: StreamRef): Promise<Array<{ kioskId: string; version: number; hash: string }>> {
    const rows = await this.db.query<{ kiosk_id: string; version: number; hash: string }>(
      `SELECT kiosk_id, version, hash FROM share_reported WHERE ${WHERE} ORDER BY kiosk_id`,
      refParams(ref),
    );
    return rows.map((r) => ({ kioskId: r.kiosk_id, version: Number(r.version), hash: r.hash }));
  }
}
