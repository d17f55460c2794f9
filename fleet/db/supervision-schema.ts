/**
 * Central's own supervision records (预警纠错): the notices a supervisor issues for a case at
 * warning, yellow or red — 催办通知, 黄牌督办通知书, 整改建议书 — with the rule and its version, the
 * reply-by day, the centre's reply (回告: typed on the centre's admin panel and folded in by ingest
 * from its `notice.replied` transaction, or recorded by hand) and revocation with a reason. Not a
 * projection: only the reply comes from the kiosks, and a rebuild leaves the table alone.
 */
export const supervisionStatements = [
  `CREATE TABLE IF NOT EXISTS supervision_notices (
     id bigserial PRIMARY KEY, kiosk_id text NOT NULL, case_id text NOT NULL, case_number text NOT NULL,
     kind text NOT NULL, rule_code text NOT NULL, rule_title text NOT NULL, rule_version text NOT NULL,
     level_at_issue text NOT NULL, issued_at timestamptz NOT NULL DEFAULT now(), issued_day date NOT NULL,
     issued_by text NOT NULL, reply_by date NOT NULL, state text NOT NULL DEFAULT 'sent',
     reply text, replied_day date, recorded_by text,
     revoked_reason text, revoked_by text, revoked_at timestamptz
   )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS supervision_notices_live ON supervision_notices (kiosk_id, case_id, kind)
     WHERE state <> 'revoked'`,
  'CREATE INDEX IF NOT EXISTS supervision_notices_state ON supervision_notices (state, reply_by)',
  // How the reply came: 'on-time', 'late' (after the reply-by day) or 'after-revocation' (kept, not dropped).
  'ALTER TABLE supervision_notices ADD COLUMN IF NOT EXISTS reply_status text',
];
