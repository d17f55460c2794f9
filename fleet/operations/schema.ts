/**
 * Fleet operations' own tables (not projections: nothing here is rebuilt from transactions).
 * History of each kiosk (state changes, faults, configuration verdicts, commands), alerts, command
 * batches and their per-kiosk runs, staged rollouts with each kiosk's place in them, the last good
 * configuration per site and revoked kiosk certificates. Created by the module when it starts.
 */
import type { CentralDb } from '../db/central-db.ts';

const FLEET_MIGRATION_LOCK = 74_536_016;

const statements = [
  `CREATE TABLE IF NOT EXISTS fleet_kiosk_events (
     id bigserial PRIMARY KEY, kiosk_id text NOT NULL, ts bigint NOT NULL, kind text NOT NULL,
     summary text NOT NULL, detail jsonb, dedupe text NOT NULL UNIQUE
   )`,
  'CREATE INDEX IF NOT EXISTS fleet_kiosk_events_kiosk ON fleet_kiosk_events (kiosk_id, ts DESC)',
  'CREATE INDEX IF NOT EXISTS fleet_kiosk_events_kind ON fleet_kiosk_events (kind, ts)',
  `CREATE TABLE IF NOT EXISTS fleet_alerts (
     id bigserial PRIMARY KEY, kiosk_id text NOT NULL, site text NOT NULL, rule text NOT NULL,
     summary text NOT NULL, raised_at bigint NOT NULL, cleared_at bigint,
     acked_at bigint, acked_by text, note text
   )`,
  // Raised once: at most one open alert per kiosk and rule, whichever console server saw it first.
  `CREATE UNIQUE INDEX IF NOT EXISTS fleet_alerts_open ON fleet_alerts (kiosk_id, rule) WHERE cleared_at IS NULL`,
  'CREATE INDEX IF NOT EXISTS fleet_alerts_raised ON fleet_alerts (raised_at DESC)',
  `CREATE TABLE IF NOT EXISTS fleet_command_batches (
     id bigserial PRIMARY KEY, name text NOT NULL, scope text NOT NULL, args jsonb NOT NULL,
     by_user text NOT NULL, at bigint NOT NULL, settled boolean NOT NULL DEFAULT false
   )`,
  `CREATE TABLE IF NOT EXISTS fleet_commands (
     id bigserial PRIMARY KEY, batch_id bigint NOT NULL REFERENCES fleet_command_batches (id),
     kiosk_id text NOT NULL, name text NOT NULL, command_id text NOT NULL UNIQUE, state text NOT NULL,
     result jsonb, error text, by_user text NOT NULL, sent_at bigint NOT NULL, deadline bigint NOT NULL,
     finished_at bigint
   )`,
  'CREATE INDEX IF NOT EXISTS fleet_commands_batch ON fleet_commands (batch_id)',
  'CREATE INDEX IF NOT EXISTS fleet_commands_kiosk ON fleet_commands (kiosk_id, sent_at DESC)',
  `CREATE TABLE IF NOT EXISTS fleet_rollouts (
     id bigserial PRIMARY KEY, state text NOT NULL, version integer NOT NULL, rollback_version integer,
     scope text NOT NULL, config jsonb NOT NULL, created_by text NOT NULL, created_at bigint NOT NULL,
     finished_at bigint, current_wave integer NOT NULL DEFAULT 0, failure_threshold real NOT NULL,
     wave_timeout_ms bigint NOT NULL, ttl_ms bigint NOT NULL, halt_reason text, note text,
     waves jsonb NOT NULL, lease_owner text, lease_until bigint NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE IF NOT EXISTS fleet_rollout_kiosks (
     rollout_id bigint NOT NULL REFERENCES fleet_rollouts (id), kiosk_id text NOT NULL,
     site text NOT NULL, wave integer NOT NULL, state text NOT NULL, detail text,
     updated_at bigint NOT NULL, PRIMARY KEY (rollout_id, kiosk_id)
   )`,
  'CREATE INDEX IF NOT EXISTS fleet_rollout_kiosks_kiosk ON fleet_rollout_kiosks (kiosk_id)',
  /** Highest configuration version central signed per target (a site or a kiosk). */
  `CREATE TABLE IF NOT EXISTS fleet_config_versions (
     target text PRIMARY KEY, version integer NOT NULL, updated_at bigint NOT NULL
   )`,
  /** The configuration each site last finished a rollout with: what a rollback returns to. */
  `CREATE TABLE IF NOT EXISTS fleet_config_good (
     site text PRIMARY KEY, version integer NOT NULL, config jsonb NOT NULL, rollout_id bigint,
     updated_at bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS fleet_revocations (
     kiosk_id text PRIMARY KEY, serial text NOT NULL, reason text NOT NULL, by_user text NOT NULL,
     at bigint NOT NULL
   )`,
];

export async function migrateFleetOps(db: CentralDb): Promise<void> {
  await db.execScript([`SELECT pg_advisory_xact_lock(${FLEET_MIGRATION_LOCK})`, ...statements].join(';\n'));
}
