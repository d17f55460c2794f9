/** Issuing, answering and revoking supervision notices; every change in the caller's (audited) transaction. */
import type { SqlRunner } from '../db/central-db.ts';
import type { WorkingDays } from '../projections/ratings.ts';
import type { NoticeKind, SupervisionPolicy } from './policy.ts';

export interface NoticeRow {
  id: number;
  kiosk_id: string;
  case_id: string;
  case_number: string;
  kind: NoticeKind;
  rule_code: string;
  rule_title: string;
  rule_version: string;
  level_at_issue: string;
  issued_at: string;
  issued_day: string;
  issued_by: string;
  reply_by: string;
  state: string;
  reply: string | null;
  replied_day: string | null;
  recorded_by: string | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  reply_status: ReplyStatus | null;
}

/** How a reply stands to its notice: in time, after the reply-by day, or after the notice was revoked. */
export type ReplyStatus = 'on-time' | 'late' | 'after-revocation';

export function replyStatusOf(n: Pick<NoticeRow, 'state' | 'reply_by'>, day: string): ReplyStatus {
  if (n.state === 'revoked') return 'after-revocation';
  return day > String(n.reply_by).slice(0, 10) ? 'late' : 'on-time';
}

export class NoticeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export async function issueNotice(
  tx: SqlRunner,
  req: { kioskId: string; caseId: string; kind: NoticeKind; by: string; today: string },
  policy: SupervisionPolicy,
  calendar: WorkingDays,
): Promise<NoticeRow> {
  const [c] = await tx.query<{ number: string; state: string; level: string }>(
    'SELECT number, state, level FROM cases WHERE kiosk_id = $1 AND case_id = $2',
    [req.kioskId, req.caseId],
  );
  if (!c) throw new NoticeError('notice.no-case', 'no such case', 404);
  const rule = policy.rules[req.kind];
  const rows = await tx.query<NoticeRow>(
    `INSERT INTO supervision_notices (kiosk_id, case_id, case_number, kind, rule_code, rule_title, rule_version,
        level_at_issue, issued_day, issued_by, reply_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (kiosk_id, case_id, kind) WHERE state <> 'revoked' DO NOTHING RETURNING *`,
    [
      req.kioskId,
      req.caseId,
      c.number,
      req.kind,
      rule.code,
      rule.title,
      rule.version,
      c.level,
      req.today,
      req.by,
      calendar.addWorkingDays(req.today, policy.replyWithinDays),
    ],
  );
  if (!rows[0]) throw new NoticeError('notice.exists', 'this case already has a notice of that kind');
  return rows[0];
}

async function mustGet(tx: SqlRunner, id: number): Promise<NoticeRow> {
  const [n] = await tx.query<NoticeRow>('SELECT * FROM supervision_notices WHERE id = $1 FOR UPDATE', [id]);
  if (!n) throw new NoticeError('notice.unknown', 'no such notice', 404);
  return n;
}

export async function recordReply(tx: SqlRunner, id: number, text: string, by: string, today: string) {
  const n = await mustGet(tx, id);
  if (n.state !== 'sent') throw new NoticeError('notice.not-open', `the notice is ${n.state}`);
  if (!text.trim()) throw new NoticeError('notice.reply-empty', 'a reply needs its text', 422);
  await tx.query(
    `UPDATE supervision_notices SET state = 'replied', reply = $2, replied_day = $3, recorded_by = $4, reply_status = $5
      WHERE id = $1`,
    [id, text.trim(), today, by, replyStatusOf(n, today)],
  );
  return n;
}

/**
 * A centre's reply (回告) that came up from its admin panel: recorded on an open notice of that
 * centre; one that arrives after the notice was revoked is kept beside the revocation, marked so,
 * never dropped. Returns what became of it (undefined: not this centre's notice, or replied already).
 */
export async function recordCentreReply(
  tx: SqlRunner,
  kioskId: string,
  reply: { noticeId: string; text: string; day: string; clerk: string },
): Promise<{ notice: NoticeRow; status: ReplyStatus } | { notice?: NoticeRow; refused: string }> {
  const id = Number(reply.noticeId);
  if (!Number.isInteger(id) || id <= 0) return { refused: 'no such notice' };
  const [n] = await tx.query<NoticeRow>(
    'SELECT * FROM supervision_notices WHERE id = $1 AND kiosk_id = $2 FOR UPDATE',
    [id, kioskId],
  );
  if (!n) return { refused: 'no such notice for this centre' };
  if (n.reply !== null) return { notice: n, refused: 'the notice has its reply already' };
  const status = replyStatusOf(n, reply.day);
  await tx.query(
    `UPDATE supervision_notices SET reply = $2, replied_day = $3, recorded_by = $4, reply_status = $5,
            state = CASE WHEN state = 'sent' THEN 'replied' ELSE state END
      WHERE id = $1`,
    [id, reply.text, reply.day, `centre:${reply.clerk}`, status],
  );
  return { notice: n, status };
}

export async function revokeNotice(tx: SqlRunner, id: number, reason: string, by: string) {
  const n = await mustGet(tx, id);
  if (n.state === 'revoked') throw new NoticeError('notice.revoked', 'the notice is already revoked');
  if (reason.trim().length < 4) throw new NoticeError('notice.reason', 'a revocation needs its reason', 422);
  await tx.query(
    `UPDATE supervision_notices SET state = 'revoked', revoked_reason = $2, revoked_by = $3, revoked_at = now() WHERE id = $1`,
    [id, reason.trim(), by],
  );
  return n;
}
