/**
 * A rollout's rows (fleet_rollouts, fleet_rollout_kiosks, fleet_config_versions): read into the
 * contract's shape, and the small writes the engine makes (kiosk states, the lease, site versions).
 */
import type { Rollout, RolloutKiosk, RolloutStartBody, RolloutWave } from '../../contract/central-fleet.ts';
import { HttpError } from '../central/module.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { KioskRolloutState } from './rollout-plan.ts';

interface WaveJson {
  name: string;
  size: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface RolloutDbRow {
  id: string;
  state: Rollout['state'];
  version: number;
  rollback_version: number | null;
  scope: string;
  config: Record<string, unknown>;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  current_wave: number;
  failure_threshold: number;
  wave_timeout_ms: string;
  ttl_ms: string;
  halt_reason: string | null;
  note: string | null;
  waves: WaveJson[];
}

export interface KioskDbRow {
  rollout_id: string;
  kiosk_id: string;
  site: string;
  wave: number;
  state: KioskRolloutState;
  detail: string | null;
  updated_at: string;
}

export async function getRollout(db: SqlRunner, id: number, withKiosks: boolean): Promise<Rollout> {
  const [r] = await db.query<RolloutDbRow>('SELECT * FROM fleet_rollouts WHERE id = $1', [id]);
  if (!r) throw new HttpError(404, 'fleet.rollout.not-found', `no rollout ${id}`);
  const kiosks = await db.query<KioskDbRow>(
    'SELECT * FROM fleet_rollout_kiosks WHERE rollout_id = $1 ORDER BY wave, kiosk_id',
    [id],
  );
  return toRollout(r, kiosks, withKiosks);
}

export async function listRollouts(db: SqlRunner, limit = 50): Promise<Rollout[]> {
  const rows = await db.query<RolloutDbRow>('SELECT * FROM fleet_rollouts ORDER BY id DESC LIMIT $1', [
    limit,
  ]);
  const counts = await db.query<KioskDbRow & { n: number }>(
    `SELECT rollout_id, wave, state, count(*)::int AS n FROM fleet_rollout_kiosks
      WHERE rollout_id = ANY($1::bigint[]) GROUP BY rollout_id, wave, state`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => {
    const expanded: KioskDbRow[] = [];
    for (const c of counts.filter((x) => x.rollout_id === r.id))
      for (let i = 0; i < c.n; i++) expanded.push({ ...c });
    return toRollout(r, expanded, false);
  });
}

/** The rollouts a kiosk was part of, newest first. */
export async function rolloutsOfKiosk(
  db: SqlRunner,
  kioskId: string,
): Promise<Array<{ id: number; state: string; version: number }>> {
  const rows = await db.query<{ id: string; state: string; version: number }>(
    `SELECT r.id, r.state, r.version FROM fleet_rollouts r JOIN fleet_rollout_kiosks k ON k.rollout_id = r.id
      WHERE k.kiosk_id = $1 ORDER BY r.id DESC LIMIT 20`,
    [kioskId],
  );
  return rows.map((r) => ({ id: Number(r.id), state: r.state, version: r.version }));
}

function toRollout(r: RolloutDbRow, kiosks: KioskDbRow[], withKiosks: boolean): Rollout {
  const waves: RolloutWave[] = r.waves.map((w, index) => {
    const mine = kiosks.filter((k) => k.wave === index);
    return {
      index,
      name: w.name,
      size: w.size,
      startedAt: w.startedAt,
      finishedAt: w.finishedAt,
      applied: mine.filter((k) => k.state === 'applied' || k.state === 'reverted').length,
      failed: mine.filter((k) => k.state === 'rejected' || k.state === 'rolled-back' || k.state === 'timeout')
        .length,
    };
  });
  const out: Rollout = {
    id: Number(r.id),
    state: r.state,
    version: r.version,
    rollbackVersion: r.rollback_version,
    scope: r.scope,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    currentWave: r.current_wave,
    failureThreshold: r.failure_threshold,
    waveTimeoutSec: Math.round(Number(r.wave_timeout_ms) / 1000),
    haltReason: r.halt_reason,
    note: r.note,
    waves,
  };
  if (withKiosks)
    out.kiosks = kiosks.map(
      (k): RolloutKiosk => ({
        kioskId: k.kiosk_id,
        site: k.site,
        wave: k.wave,
        state: k.state,
        detail: k.detail,
        updatedAt: Number(k.updated_at),
      }),
    );
  return out;
}

/** The highest configuration version any of these sites was sent. */
export async function highestSiteVersion(db: SqlRunner, sites: readonly string[]): Promise<number> {
  const [row] = await db.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM fleet_config_versions WHERE target = ANY($1::text[])',
    [sites.map((s) => `site:${s}`)],
  );
  return row?.v ?? 0;
}

export async function recordVersion(db: SqlRunner, sites: readonly string[], version: number): Promise<void> {
  await db.query(
    `INSERT INTO fleet_config_versions (target, version, updated_at) SELECT t, $2, $3 FROM unnest($1::text[]) AS t
     ON CONFLICT (target) DO UPDATE SET version = GREATEST(fleet_config_versions.version, EXCLUDED.version), updated_at = EXCLUDED.updated_at`,
    [sites.map((s) => `site:${s}`), version, Date.now()],
  );
}

/** Takes or renews the lease on a rollout: false when another console server holds it. */
export async function takeLease(
  db: SqlRunner,
  id: number,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE fleet_rollouts SET lease_owner = $2, lease_until = $3
      WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < $4) RETURNING id`,
    [id, owner, now + leaseMs, now],
  );
  return rows.length > 0;
}

export async function setKioskStates(
  db: SqlRunner,
  rolloutId: string,
  changes: Array<{ kiosk: string; state: KioskRolloutState; detail: string | null }>,
  now: number,
): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `UPDATE fleet_rollout_kiosks AS k SET state = c.s, detail = c.d, updated_at = $2
       FROM unnest($3::text[], $4::text[], $5::text[]) AS c(k, s, d)
      WHERE k.rollout_id = $1 AND k.kiosk_id = c.k`,
    [rolloutId, now, changes.map((c) => c.kiosk), changes.map((c) => c.state), changes.map((c) => c.detail)],
  );
}

const DAY_MS = 86_400_000;

/** Stores a new running rollout and its kiosks, every one waiting; returns its id. */
export async function insertRollout(
  tx: SqlRunner,
  r: {
    version: number;
    scope: string;
    body: RolloutStartBody;
    by: string;
    now: number;
    waves: Array<{ name: string; kiosks: string[]; sites: string[] }>;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO fleet_rollouts (state, version, scope, config, created_by, created_at, failure_threshold,
       wave_timeout_ms, ttl_ms, note, waves)
     VALUES ('running', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      r.version,
      r.scope,
      JSON.stringify(r.body.config),
      r.by,
      r.now,
      r.body.failureThreshold ?? 0.1,
      (r.body.waveTimeoutSec ?? 600) * 1000,
      (r.body.ttlDays ?? 30) * DAY_MS,
      r.body.note ?? null,
      JSON.stringify(
        r.waves.map((w) => ({ name: w.name, size: w.kiosks.length, startedAt: null, finishedAt: null })),
      ),
    ],
  );
  const id = Number(row!.id);
  await tx.query(
    `INSERT INTO fleet_rollout_kiosks (rollout_id, kiosk_id, site, wave, state, updated_at)
     SELECT $1, k, s, w, 'waiting', $2 FROM unnest($3::text[], $4::text[], $5::int[]) AS t(k, s, w)`,
    [
      id,
      r.now,
      r.waves.flatMap((w) => w.kiosks),
      r.waves.flatMap((w) => w.sites),
      r.waves.flatMap((w, i) => w.kiosks.map(() => i)),
    ],
  );
  return id;
}
