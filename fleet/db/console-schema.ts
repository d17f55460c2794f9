/**
 * The console's own records: users, sessions, login throttling and the audit log. Sessions and
 * throttling live in the database so several console servers behind one address agree.
 * The audit log is append-only (a trigger refuses UPDATE and DELETE) and hash-chained; so are
 * the 绩效评估 scoring standards an admin saves (a change is a new version).
 */
export const consoleStatements = [
  `CREATE TABLE IF NOT EXISTS console_users (
     username text PRIMARY KEY, display_name text NOT NULL, role text NOT NULL,
     password_hash text NOT NULL, disabled boolean NOT NULL DEFAULT false,
     created_at timestamptz NOT NULL DEFAULT now(), password_changed_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS console_sessions (
     token_hash text PRIMARY KEY, username text NOT NULL REFERENCES console_users (username) ON DELETE CASCADE,
     csrf_token text NOT NULL, client text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS console_sessions_user ON console_sessions (username)',
  `CREATE TABLE IF NOT EXISTS login_throttle (
     client text PRIMARY KEY, failures integer NOT NULL, window_start timestamptz NOT NULL,
     locked_until timestamptz
   )`,
  `CREATE TABLE IF NOT EXISTS audit_log (
     id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
     actor text NOT NULL, role text, client text, action text NOT NULL, target text,
     result text NOT NULL, detail jsonb, prev_hash text NOT NULL, hash text NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at DESC)',
  'CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor, id DESC)',
  `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
  'DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log',
  `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  'DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log',
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TABLE IF NOT EXISTS scoring_standards (
     seq bigserial UNIQUE, version text PRIMARY KEY, from_month text NOT NULL, indicators jsonb NOT NULL,
     note text NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE OR REPLACE FUNCTION scoring_standards_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'scoring_standards is append-only: save a new version'; END $$`,
  'DROP TRIGGER IF EXISTS scoring_standards_no_change ON scoring_standards',
  `CREATE TRIGGER scoring_standards_no_change BEFORE UPDATE OR DELETE ON scoring_standards
     FOR EACH ROW EXECUTE FUNCTION scoring_standards_append_only()`,
];
