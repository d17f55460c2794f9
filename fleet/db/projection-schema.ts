/**
 * The tables ingest keeps in step with the raw `transactions` (same database transaction, every
 * one rebuildable from them): current rows for cases, tickets, ratings and rectifications, the
 * case timeline and steps, kiosk alarms, and the summary tables (summary-schema.ts) the console
 * pages read instead of scanning rows. Indexes follow the pages: each list walks one index in its
 * sort order (keyset paging), each flag list has a partial index holding only what it lists.
 */
import { defaultPartitionSql, PARTITIONED_TABLES } from './partitions.ts';
import { SUMMARY_TABLES, summaryStatements } from './summary-schema.ts';

/** Bumped when a projection's meaning changes: a database built by an older version is rebuilt. */
export const PROJECTION_VERSION = 2;

export const PROJECTION_TABLES = [
  'cases',
  'case_events',
  'case_steps',
  'tickets',
  'ratings',
  'rectifications',
  'rectification_stats',
  'kiosk_alarms',
  ...SUMMARY_TABLES,
] as const;

const OPEN = `state IN ('accepted', 'in-progress', 'suspended')`;

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
  'ALTER TABLE cases ADD COLUMN IF NOT EXISTS refusal_kind text',
  'ALTER TABLE cases ADD COLUMN IF NOT EXISTS materials_arrived_day date',
  'ALTER TABLE cases ADD COLUMN IF NOT EXISTS steps_over_limit integer NOT NULL DEFAULT 0',
  'DROP INDEX IF EXISTS cases_accepted',
  'DROP INDEX IF EXISTS cases_kiosk_accepted',
  'DROP INDEX IF EXISTS cases_open',
  'DROP INDEX IF EXISTS cases_number',
  // 实时监察's order (newest first), across centres and for one centre.
  'DROP INDEX IF EXISTS cases_by_day',
  'DROP INDEX IF EXISTS cases_carded',
  'CREATE INDEX IF NOT EXISTS cases_newest ON cases (accepted_day DESC, case_id DESC, kiosk_id DESC)',
  'CREATE INDEX IF NOT EXISTS cases_centre_by_day ON cases (kiosk_id, accepted_day DESC, case_id DESC)',
  'CREATE INDEX IF NOT EXISTS cases_closed ON cases (closed_day DESC, kiosk_id DESC, case_id DESC) WHERE closed_day IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS cases_number_prefix ON cases (number text_pattern_ops)',
  // 预警纠错: open cases by promised deadline (a level is a deadline range as of today).
  `CREATE INDEX IF NOT EXISTS cases_open_deadline ON cases (promised_deadline, kiosk_id, case_id) INCLUDE (level) WHERE ${OPEN}`,
  // 今日概况's open cases per centre and level: an index-only scan of today's open work.
  `CREATE INDEX IF NOT EXISTS cases_open_by_centre ON cases (kiosk_id, level) WHERE ${OPEN}`,
  `CREATE INDEX IF NOT EXISTS cases_carded_newest ON cases (worst_level, accepted_day DESC, case_id DESC, kiosk_id DESC)
     WHERE worst_level <> 'normal'`,
  `CREATE INDEX IF NOT EXISTS cases_refused ON cases (closed_day DESC, kiosk_id DESC, case_id DESC)
     WHERE state = 'refused'`,
  // Partitioned by month of tx_id, like transactions (partitions.ts).
  `CREATE TABLE IF NOT EXISTS case_events (
     kiosk_id text NOT NULL, tx_id text COLLATE "C" NOT NULL, case_id text NOT NULL,
     seq bigint NOT NULL, ts bigint NOT NULL, change text NOT NULL, state text NOT NULL, level text,
     clerk text, counter_id text, promised_deadline date, legal_deadline date,
     missing_materials jsonb, refusal_reason text,
     PRIMARY KEY (kiosk_id, tx_id)
   ) PARTITION BY RANGE (tx_id)`,
  defaultPartitionSql('case_events'),
  'ALTER TABLE case_events ADD COLUMN IF NOT EXISTS day date',
  'ALTER TABLE case_events ADD COLUMN IF NOT EXISTS refusal_kind text',
  'ALTER TABLE case_events ADD COLUMN IF NOT EXISTS materials_arrived_day date',
  'ALTER TABLE case_events ADD COLUMN IF NOT EXISTS notice_working_days integer',
  'CREATE INDEX IF NOT EXISTS case_events_case ON case_events (kiosk_id, case_id, seq)',
  // 重点监察 of 补正: every request by day (and its working days since the materials arrived).
  `CREATE INDEX IF NOT EXISTS case_events_corrections ON case_events (day DESC, kiosk_id DESC, tx_id DESC)
     WHERE change = 'suspend'`,
  `CREATE TABLE IF NOT EXISTS case_steps (
     kiosk_id text NOT NULL, case_id text NOT NULL, step_id text NOT NULL, name text,
     limit_days integer NOT NULL, started_day date NOT NULL, due_day date NOT NULL, ended_day date,
     working_days integer, clerk text, over_limit boolean NOT NULL DEFAULT false,
     PRIMARY KEY (kiosk_id, case_id, step_id)
   )`,
  // A step over its own limit: ended late, or (while running) past its due day, found by day.
  'CREATE INDEX IF NOT EXISTS case_steps_late ON case_steps (due_day DESC, kiosk_id DESC, case_id DESC) WHERE over_limit',
  'CREATE INDEX IF NOT EXISTS case_steps_running ON case_steps (due_day, kiosk_id, case_id) WHERE ended_day IS NULL',
  `CREATE TABLE IF NOT EXISTS tickets (
     kiosk_id text NOT NULL, ticket_id text NOT NULL,
     day date, number text, service_id text, priority boolean, issued_at bigint,
     status text NOT NULL, status_seq bigint NOT NULL, service_seq bigint NOT NULL DEFAULT 0,
     first_call_seq bigint, waited_ms bigint, called_at bigint, call_seq bigint,
     counter_id text, clerk text, finished_at bigint, recalls integer NOT NULL DEFAULT 0,
     transfers integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, ticket_id)
   ) WITH (fillfactor = 85)`,
  'ALTER TABLE tickets SET (fillfactor = 85)',
  'CREATE INDEX IF NOT EXISTS tickets_day ON tickets (kiosk_id, day)',
  `CREATE TABLE IF NOT EXISTS ratings (
     kiosk_id text NOT NULL, rating_id text NOT NULL,
     subject_kind text NOT NULL, subject_id text NOT NULL, service_id text NOT NULL,
     score smallint NOT NULL, day date NOT NULL, rated_at bigint NOT NULL, comment text,
     counter_id text, clerk text,
     PRIMARY KEY (kiosk_id, rating_id)
   )`,
  'DROP INDEX IF EXISTS ratings_day',
  'CREATE INDEX IF NOT EXISTS ratings_by_day ON ratings (day DESC, rated_at DESC, kiosk_id DESC, rating_id DESC)',
  'CREATE INDEX IF NOT EXISTS ratings_centre_by_day ON ratings (kiosk_id, day DESC, rated_at DESC, rating_id DESC)',
  'CREATE INDEX IF NOT EXISTS ratings_poor ON ratings (day DESC, rated_at DESC, kiosk_id DESC, rating_id DESC) WHERE score <= 2',
  'CREATE INDEX IF NOT EXISTS ratings_subject ON ratings (kiosk_id, subject_id)',
  // 差评 of one centre, newest first (the district's poor ratings filtered by centre scan 20× as many).
  `CREATE INDEX IF NOT EXISTS ratings_centre_poor ON ratings (kiosk_id, day DESC, rated_at DESC, rating_id DESC)
     WHERE score <= 2`,
  `CREATE TABLE IF NOT EXISTS rectifications (
     kiosk_id text NOT NULL, rating_id text NOT NULL, rect_id text NOT NULL,
     source text NOT NULL, opened_day date NOT NULL, working_days integer NOT NULL, due_day date NOT NULL,
     state text NOT NULL DEFAULT 'open', assignee text,
     reply text, replied_day date, visit_result text, visit_satisfied boolean, visited_day date,
     escalated_to text, escalated_day date, updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (kiosk_id, rating_id)
   )`,
  'ALTER TABLE rectifications ADD COLUMN IF NOT EXISTS service_id text',
  'ALTER TABLE rectifications ADD COLUMN IF NOT EXISTS clerk text',
  'ALTER TABLE rectifications ADD COLUMN IF NOT EXISTS overdue_notified boolean NOT NULL DEFAULT false',
  'DROP INDEX IF EXISTS rectifications_due',
  'CREATE INDEX IF NOT EXISTS rectifications_by_state ON rectifications (state, due_day, kiosk_id, rating_id)',
  `CREATE INDEX IF NOT EXISTS rectifications_pending ON rectifications (due_day, kiosk_id, rating_id)
     WHERE state IN ('open', 'escalated')`,
  'CREATE INDEX IF NOT EXISTS rectifications_opened ON rectifications (opened_day)',
  // The overdue timer's work list: open, past due, not yet notified.
  `CREATE INDEX IF NOT EXISTS rectifications_overdue_due ON rectifications (due_day)
     WHERE state = 'open' AND NOT overdue_notified`,
  // 差评整改 KPIs per centre, opening day and due day (a few rows per centre and day).
  `CREATE TABLE IF NOT EXISTS rectification_stats (
     kiosk_id text NOT NULL, opened_day date NOT NULL, due_day date NOT NULL,
     total integer NOT NULL DEFAULT 0, open integer NOT NULL DEFAULT 0, replied integer NOT NULL DEFAULT 0,
     on_time integer NOT NULL DEFAULT 0, visited integer NOT NULL DEFAULT 0,
     satisfied integer NOT NULL DEFAULT 0, escalated integer NOT NULL DEFAULT 0,
     PRIMARY KEY (kiosk_id, opened_day, due_day)
   ) WITH (fillfactor = 85)`,
  'CREATE INDEX IF NOT EXISTS rectification_stats_opened ON rectification_stats (opened_day)',
  `CREATE TABLE IF NOT EXISTS rectification_events (
     id bigserial PRIMARY KEY, kiosk_id text NOT NULL, rating_id text NOT NULL,
     at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL, action text NOT NULL, detail jsonb
   )`,
  'CREATE INDEX IF NOT EXISTS rectification_events_rating ON rectification_events (kiosk_id, rating_id, id)',
  `CREATE TABLE IF NOT EXISTS kiosk_alarms (
     kiosk_id text NOT NULL, tx_id text COLLATE "C" NOT NULL, seq bigint NOT NULL, ts bigint NOT NULL,
     kind text, body jsonb NOT NULL,
     PRIMARY KEY (kiosk_id, tx_id)
   ) PARTITION BY RANGE (tx_id)`,
  defaultPartitionSql('kiosk_alarms'),
  'CREATE INDEX IF NOT EXISTS kiosk_alarms_ts ON kiosk_alarms (kiosk_id, ts DESC)',
  `CREATE TABLE IF NOT EXISTS directory (
     kind text NOT NULL, kiosk_id text NOT NULL DEFAULT '', id text NOT NULL,
     name text NOT NULL, name_en text,
     PRIMARY KEY (kind, kiosk_id, id)
   )`,
  ...summaryStatements,
  ...(['ticket_stats', 'case_stats', 'rating_stats'] as const).map(
    (t) => `ALTER TABLE ${t} SET (fillfactor = 85)`,
  ),
  `CREATE TABLE IF NOT EXISTS central_meta (key text PRIMARY KEY, value text NOT NULL)`,
  // Vacuumed after every 2% of rows changed or added (not the default 20%): the pages' counts and
  // lists are index-only scans, which need the visibility map kept current under steady ingest.
  // (A partitioned table takes no storage settings: its months get them when made.)
  ...PROJECTION_TABLES.filter((t) => !(PARTITIONED_TABLES as readonly string[]).includes(t)).map(
    (t) =>
      `ALTER TABLE ${t} SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
         autovacuum_analyze_scale_factor = 0.02)`,
  ),
];
