/**
 * The notification service's own tables beside central's (pg-boss keeps its queue in schema
 * `pgboss`). Times are epoch milliseconds from the service's clock, so quiet hours, expiry and
 * retention can be tested with an injected clock. Phone numbers appear only as a keyed hash, a
 * masked form and, in notify_phone alone, AES-256-GCM ciphertext.
 */
import type { SqlRunner } from '../db/central-db.ts';

/** Arbitrary constant for the advisory lock that serialises concurrent migrations of these tables. */
const NOTIFY_MIGRATION_LOCK = 74_536_018;

const statements = [
  `CREATE TABLE IF NOT EXISTS notify_phone (
     phone_hash bytea PRIMARY KEY,
     phone_enc  bytea NOT NULL,
     masked     text  NOT NULL,
     created_at bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_optout (
     phone_hash bytea PRIMARY KEY,
     masked     text NOT NULL,
     at         bigint NOT NULL,
     via        text NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_consent (
     id         bigserial PRIMARY KEY,
     phone_hash bytea NOT NULL,
     change     text NOT NULL,
     via        text NOT NULL,
     at         bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_subscription (
     id         bigserial PRIMARY KEY,
     ref_type   text NOT NULL,
     ref_id     text NOT NULL,
     kiosk_id   text NOT NULL,
     phone_hash bytea NOT NULL,
     ahead      integer,
     number     text NOT NULL,
     keep_until bigint NOT NULL,
     created_at bigint NOT NULL,
     fired_at   bigint,
     UNIQUE (ref_type, ref_id, phone_hash)
   )`,
  `CREATE TABLE IF NOT EXISTS notify_centre (
     centre_id text PRIMARY KEY,
     name      text NOT NULL,
     pickup    text NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_staff (
     id         bigserial PRIMARY KEY,
     role       text NOT NULL,
     centre_id  text NOT NULL,
     staff_ref  text NOT NULL DEFAULT '',
     name       text NOT NULL,
     phone_hash bytea NOT NULL,
     UNIQUE (role, centre_id, staff_ref, phone_hash)
   )`,
  `CREATE TABLE IF NOT EXISTS notify_message (
     id           bigserial PRIMARY KEY,
     dedupe_key   text NOT NULL UNIQUE,
     kind         text NOT NULL,
     ref_type     text NOT NULL,
     ref_id       text NOT NULL,
     kiosk_id     text,
     audience     text NOT NULL,
     role         text NOT NULL,
     phone_hash   bytea,
     masked       text NOT NULL,
     body         text NOT NULL,
     segments     integer NOT NULL,
     urgent       boolean NOT NULL,
     state        text NOT NULL,
     reason       text,
     attempts     integer NOT NULL DEFAULT 0,
     not_before   bigint NOT NULL,
     expires_at   bigint,
     created_at   bigint NOT NULL,
     submitted_at bigint,
     final_at     bigint
   )`,
  'CREATE INDEX IF NOT EXISTS notify_message_ref ON notify_message (ref_type, ref_id)',
  'CREATE INDEX IF NOT EXISTS notify_message_phone ON notify_message (phone_hash)',
  // The state the kiosk was last told of a ticket's text (ticket-delivery-feed.ts): a row whose
  // state differs is still to be announced, whatever order the rows committed in.
  'ALTER TABLE notify_message ADD COLUMN IF NOT EXISTS kiosk_told text',
  `CREATE INDEX IF NOT EXISTS notify_message_kiosk_untold ON notify_message (id)
     WHERE ref_type = 'ticket' AND kiosk_id IS NOT NULL AND kiosk_told IS DISTINCT FROM state`,
  `CREATE TABLE IF NOT EXISTS notify_segment (
     smsc_id    text PRIMARY KEY,
     message_id bigint NOT NULL,
     seq        integer NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS notify_segment_message ON notify_segment (message_id)',
  `CREATE TABLE IF NOT EXISTS notify_receipt (
     smsc_id     text PRIMARY KEY,
     stat        text NOT NULL,
     err         text NOT NULL,
     done_at     bigint,
     received_at bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_inbound (
     id          bigserial PRIMARY KEY,
     phone_hash  bytea NOT NULL,
     masked      text NOT NULL,
     keyword     text,
     action      text NOT NULL,
     received_at bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS notify_rate (
     key          text NOT NULL,
     window_start bigint NOT NULL,
     n            integer NOT NULL,
     PRIMARY KEY (key, window_start)
   )`,
  `CREATE TABLE IF NOT EXISTS notify_queue_ticket (
     kiosk_id   text NOT NULL,
     ticket_id  text NOT NULL,
     number     text NOT NULL,
     day        text NOT NULL,
     service_id text NOT NULL,
     priority   boolean NOT NULL,
     issued_at  bigint NOT NULL,
     waiting    boolean NOT NULL,
     PRIMARY KEY (kiosk_id, ticket_id)
   )`,
  'CREATE INDEX IF NOT EXISTS notify_queue_waiting ON notify_queue_ticket (kiosk_id, day, service_id) WHERE waiting',
];

export async function migrateNotify(db: { transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> }) {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [NOTIFY_MIGRATION_LOCK]);
    for (const sql of statements) await tx.query(sql);
  });
}
