/**
 * The tables ingest keeps in step with the raw `transactions` (same database transaction, every
 * one rebuildable from them): current rows for cases, tickets, ratings and rectifications, the
 * case timeline, kiosk alarms, and summary tables the console pages read instead of scanning rows.
 * Summary rows are keyed by centre (kiosk), centre-local day and the dimensions pages group by.
 */
export const PROJECTION_TABLES = [
  'cases',
  'case_events',
  'tickets',
  'ticket_stats',
  'case_stats',
  'ratings',
  'rating_stats',
  'rectifications',
  'kiosk_alarms',
] as const;

export const projectionStatements = [
  `CREATE TABLE IF NOT EXISTS cases (
     kiosk_id text NOT NULL, case_id text NOT NULL,
     number text NOT NULL, service_id text NOT NULL, item_id text NOT NULL, ticket_id text,
     applicant_ref text, state text NOT NULL, level text NOT NULL, worst_level text NOT NULL,
     accept_clerk text, clerk text, counter_id text,
     accepted_day date NOT NULL, accepted_at bigint,
     legal_limit_days integer, promised_limit_days integer, paused_working_days integer NOT NULL DEFAULT 0,
     promised_deadline date, legal_deadline date, provisional boolean NOT NULL DEFAULT false,
     completed_day date, late boolean, closed_day date,
     refusal_reason text, refusal_reviewed boolean, missing_materials jsonb,
     suspensions integer NOT NULL DEFAULT 0,
     state_seq bigint NOT NULL, updated_ts bigint NOT NULL,
     PRIMARY KEY (kiosk_id, case_id)
   )`,
  'CREATE INDEX IF NOT EXISTS cases_accepted ON cases (accepted_day DESC, kiosk_id)',
  'CREATE INDEX IF NOT EXISTS cases_kiosk_accepted ON cases (kiosk_id, accepted_day DESC)',
  'CREATE INDEX IF NOT EXISTS cases_number ON cases (number)',
  `CREATE INDEX IF NOT EXISTS cases_open ON cases (level, promised_deadline)
     WHERE state IN ('accepted', 'in-progress', 'suspended')`,
  `CREATE TABLE IF NOT EXISTS case_events (
     kiosk_id text NOT NULL, tx_id text NOT NULL, case_id text NOT NULL,
     seq bigint NOT NULL, ts bigint NOT NULL, change text NOT NULL, state text NOT NULL, level text,
     clerk text, counter_id text, promised_deadline date, legal_deadline date,
     missing_materials jsonb, refusal_reason text,
     PRIMARY KEY (kiosk_id, tx_id)
   )`,
  'CREATE INDEX IF NOT EXISTS case_events_case ON case_events (kiosk_id, case_id, seq)',
  `CREATE TABLE IF NOT EXISTS tickets (
     kiosk_id text NOT NULL, ticket_id text NOT NULL,
     day date, number text, service_id text, priority boolean, issued_at bigint,
     status text NOT NULL, status_seq bigint NOT NULL, service_seq bigint NOT NULL DEFAULT 0,
     first_call_seq bigint, waited_ms bigint, called_at bigint, call_seq bigint,
     counter_id text, clerk text, finished_at bigint, recalls integer NOT NULL DEFAULT 0,
     transfers integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, ticket_id)
   )`,
  'CREATE INDEX IF NOT EXISTS tickets_day ON tickets (kiosk_id, day)',
  `CREATE TABLE IF NOT EXISTS ticket_stats (
     kiosk_id text NOT NULL, day date NOT NULL, service_id text NOT NULL, clerk text NOT NULL,
     issued integer NOT NULL DEFAULT 0, priority integer NOT NULL DEFAULT 0,
     waiting integer NOT NULL DEFAULT 0, called integer NOT NULL DEFAULT 0,
     served integer NOT NULL DEFAULT 0, no_show integer NOT NULL DEFAULT 0,
     wait_ms bigint NOT NULL DEFAULT 0, wait_n integer NOT NULL DEFAULT 0,
     handle_ms bigint NOT NULL DEFAULT 0, handle_n integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, day, service_id, clerk)
   )`,
  'CREATE INDEX IF NOT EXISTS ticket_stats_day ON ticket_stats (day)',
  `CREATE TABLE IF NOT EXISTS case_stats (
     kiosk_id text NOT NULL, day date NOT NULL, service_id text NOT NULL, item_id text NOT NULL,
     clerk text NOT NULL,
     accepted integer NOT NULL DEFAULT 0, completed integer NOT NULL DEFAULT 0,
     completed_late integer NOT NULL DEFAULT 0, refused integer NOT NULL DEFAULT 0,
     suspended integer NOT NULL DEFAULT 0, warnings integer NOT NULL DEFAULT 0,
     yellow integer NOT NULL DEFAULT 0, red integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, day, service_id, item_id, clerk)
   )`,
  'CREATE INDEX IF NOT EXISTS case_stats_day ON case_stats (day)',
  `CREATE TABLE IF NOT EXISTS ratings (
     kiosk_id text NOT NULL, rating_id text NOT NULL,
     subject_kind text NOT NULL, subject_id text NOT NULL, service_id text NOT NULL,
     score smallint NOT NULL, day date NOT NULL, rated_at bigint NOT NULL, comment text,
     counter_id text, clerk text,
     PRIMARY KEY (kiosk_id, rating_id)
   )`,
  'CREATE INDEX IF NOT EXISTS ratings_day ON ratings (day DESC, kiosk_id)',
  `CREATE TABLE IF NOT EXISTS rating_stats (
     kiosk_id text NOT NULL, day date NOT NULL, service_id text NOT NULL, clerk text NOT NULL,
     n integer NOT NULL DEFAULT 0, s1 integer NOT NULL DEFAULT 0, s2 integer NOT NULL DEFAULT 0,
     s3 integer NOT NULL DEFAULT 0, s4 integer NOT NULL DEFAULT 0, s5 integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, day, service_id, clerk)
   )`,
  `CREATE TABLE IF NOT EXISTS rectifications (
     kiosk_id text NOT NULL, rating_id text NOT NULL, rect_id text NOT NULL,
     source text NOT NULL, opened_day date NOT NULL, working_days integer NOT NULL, due_day date NOT NULL,
     state text NOT NULL DEFAULT 'open', assignee text,
     reply text, replied_day date, visit_result text, visit_satisfied boolean, visited_day date,
     escalated_to text, escalated_day date, updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (kiosk_id, rating_id)
   )`,
  'CREATE INDEX IF NOT EXISTS rectifications_due ON rectifications (state, due_day)',
  `CREATE TABLE IF NOT EXISTS rectification_events (
     id bigserial PRIMARY KEY, kiosk_id text NOT NULL, rating_id text NOT NULL,
     at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL, action text NOT NULL, detail jsonb
   )`,
  'CREATE INDEX IF NOT EXISTS rectification_events_rating ON rectification_events (kiosk_id, rating_id, id)',
  `CREATE TABLE IF NOT EXISTS kiosk_alarms (
     kiosk_id text NOT NULL, tx_id text NOT NULL, seq bigint NOT NULL, ts bigint NOT NULL,
     kind text, body jsonb NOT NULL,
     PRIMARY KEY (kiosk_id, tx_id)
   )`,
  'CREATE INDEX IF NOT EXISTS kiosk_alarms_ts ON kiosk_alarms (kiosk_id, ts DESC)',
  `CREATE TABLE IF NOT EXISTS directory (
     kind text NOT NULL, kiosk_id text NOT NULL DEFAULT '', id text NOT NULL,
     name text NOT NULL, name_en text,
     PRIMARY KEY (kind, kiosk_id, id)
   )`,
];
