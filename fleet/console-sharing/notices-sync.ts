/**
 * Supervision notices (催办通知, 黄牌督办通知书, 整改建议书) central issues, shared down to the
 * kiosk of the centre they are addressed to: each kiosk's `notices` stream is made to hold exactly
 * its live notices (a revoked one is removed), with the centre's reply once recorded. Each act
 * (issue, reply, revocation, a reply ingested from the centre) makes the stream's next version in
 * its own transaction and publishes it once committed; a kiosk that missed it catches up from the
 * retained head (deltas, or the snapshot after a gap). An unchanged stream gets no version.
 */
import { NoticeKindName } from '../../contract/notices-api.ts';
import type { DatasetDelta, DeltaOp } from '../../contract/sharing.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { CentralDb, SqlRunner } from '../db/sql.ts';
import type { DatasetStore } from '../sharing/dataset-store.ts';
import type { SharingHub } from '../sharing/hub.ts';

interface NoticeRow {
  id: string;
  kiosk_id: string;
  case_id: string;
  case_number: string;
  kind: string;
  rule_title: string;
  issued_at: Date | string;
  reply_by: string;
  state: string;
  reply: string | null;
  replied_day: string | null;
}

function entryOf(n: NoticeRow) {
  const name = NoticeKindName[n.kind] ?? n.kind;
  const reply = n.reply ? ` 已回告：${n.reply}` : '';
  return {
    noticeId: String(n.id),
    kind: n.kind,
    caseId: n.case_id,
    text: `${name}：办件 ${n.case_number}，依据《${n.rule_title}》，请于 ${n.reply_by} 前回告。${reply}`,
    issuedAt: new Date(n.issued_at).getTime(),
    caseNumber: n.case_number,
    replyBy: n.reply_by,
    ...(n.reply ? { reply: { text: n.reply, day: n.replied_day ?? '' } } : {}),
  };
}

const NOTICE_COLUMNS = `id::text AS id, kiosk_id, case_id, case_number, kind, rule_title, issued_at, reply_by::text AS reply_by,
       state, reply, replied_day::text AS replied_day`;

/** The operations that bring one kiosk's notices stream from `have` to what `rows` (its notices) say. */
function noticeOps(rows: readonly NoticeRow[], have: Record<string, unknown>): DeltaOp[] {
  const want = new Map(rows.filter((r) => r.state !== 'revoked').map((r) => [String(r.id), entryOf(r)]));
  const ops: DeltaOp[] = [];
  for (const [key, value] of want)
    if (canonicalJson(have[key] ?? null) !== canonicalJson(value)) ops.push({ op: 'put', key, value });
  for (const key of Object.keys(have)) if (!want.has(key)) ops.push({ op: 'del', key });
  return ops;
}

const noticesRef = (kioskId: string) => ({ dataset: 'notices', scope: 'kiosk', scopeId: kioskId }) as const;

/**
 * In the transaction of the act that changed a kiosk's notices (issue, reply, revocation): its
 * stream's next version, or null when the stream says so already. Computed under the stream's lock.
 */
export function noticesChangeIn(
  tx: SqlRunner,
  store: DatasetStore,
  kioskId: string,
): Promise<DatasetDelta | null> {
  const ref = noticesRef(kioskId);
  return store.changeInIfAny(tx, ref, async (locked) => {
    const rows = await locked.query<NoticeRow>(
      `SELECT ${NOTICE_COLUMNS} FROM supervision_notices WHERE kiosk_id = $1 ORDER BY id`,
      [kioskId],
    );
    return noticeOps(rows, await store.entriesIn(locked, ref));
  });
}

/**
 * Brings every kiosk's notices stream to what central's records say (once, when sharing starts:
 * notices from before it ran, or from a console server without it); returns how many streams changed.
 */
export async function syncNotices(db: CentralDb, store: DatasetStore, hub: SharingHub): Promise<number> {
  const kiosks = await db.query<{ kiosk_id: string }>(
    'SELECT DISTINCT kiosk_id FROM supervision_notices ORDER BY kiosk_id',
  );
  let changed = 0;
  for (const { kiosk_id } of kiosks) {
    const delta = await db.transaction((tx) => noticesChangeIn(tx, store, kiosk_id));
    if (!delta) continue;
    hub.publishLater(delta);
    changed++;
  }
  return changed;
}
