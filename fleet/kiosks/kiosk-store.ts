/** The `kiosks` table: last applied status (by session counter) and last telemetry per kiosk. */
import type { KioskStatus, Telemetry } from '../../contract/mqtt.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { STATUS_SUPERSEDES_SQL } from './status-rule.ts';

export interface KioskRow {
  kioskId: string;
  state: 'online' | 'offline' | undefined;
  sess: number | undefined;
  statusTs: number | undefined;
  version: string | undefined;
  reason: string | undefined;
  telemetry: Telemetry | undefined;
  lastSeen: number;
}

/** Stores a status unless a newer session's status is already there; returns whether it applied. */
export async function recordStatus(
  db: SqlRunner,
  kioskId: string,
  status: KioskStatus,
  seenAt: number,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO kiosks (kiosk_id, state, sess, status_ts, version, reason, last_seen)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kiosk_id) DO UPDATE SET
       state = EXCLUDED.state, sess = EXCLUDED.sess, status_ts = EXCLUDED.status_ts,
       version = COALESCE(EXCLUDED.version, kiosks.version), reason = EXCLUDED.reason,
       last_seen = GREATEST(kiosks.last_seen, EXCLUDED.last_seen)
     WHERE ${STATUS_SUPERSEDES_SQL}
     RETURNING kiosk_id`,
    [kioskId, status.state, status.sess, status.ts, status.version ?? null, status.reason ?? null, seenAt],
  );
  return rows.length > 0;
}

/** Stores telemetry unless newer telemetry (by its own ts) is already there. */
export async function recordTelemetry(
  db: SqlRunner,
  kioskId: string,
  telemetry: Telemetry,
  seenAt: number,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO kiosks (kiosk_id, telemetry, telemetry_ts, version, last_seen)
     VALUES ($1, $2::jsonb, $3, $4, $5)
     ON CONFLICT (kiosk_id) DO UPDATE SET
       telemetry = EXCLUDED.telemetry, telemetry_ts = EXCLUDED.telemetry_ts,
       version = EXCLUDED.version, last_seen = GREATEST(kiosks.last_seen, EXCLUDED.last_seen)
     WHERE kiosks.telemetry_ts IS NULL OR EXCLUDED.telemetry_ts >= kiosks.telemetry_ts
     RETURNING kiosk_id`,
    [kioskId, JSON.stringify(telemetry), telemetry.ts, telemetry.version, seenAt],
  );
  return rows.length > 0;
}

interface KioskDbRow {
  kiosk_id: string;
  state: string | null;
  sess: number | null;
  status_ts: string | number | null;
  version: string | null;
  reason: string | null;
  telemetry: Telemetry | null;
  last_seen: string | number;
}

const optionalNumber = (v: string | number | null): number | undefined =>
  v === null ? undefined : Number(v);

export async function queryKiosks(db: SqlRunner, kioskId?: string): Promise<KioskRow[]> {
  const rows = await db.query<KioskDbRow>(
    `SELECT kiosk_id, state, sess, status_ts, version, reason, telemetry, last_seen FROM kiosks
     WHERE $1::text IS NULL OR kiosk_id = $1 ORDER BY kiosk_id`,
    [kioskId ?? null],
  );
  return rows.map((r) => ({
    kioskId: r.kiosk_id,
    state: r.state === 'online' || r.state === 'offline' ? r.state : undefined,
    sess: optionalNumber(r.sess),
    statusTs: optionalNumber(r.status_ts),
    version: r.version ?? undefined,
    reason: r.reason ?? undefined,
    telemetry: r.telemetry ?? undefined,
    lastSeen: Number(r.last_seen),
  }));
}
