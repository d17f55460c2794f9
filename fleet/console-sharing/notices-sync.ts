/**
 * Supervision notices (催办通知, 黄牌督办通知书, 整改建议书) central issues, shared down to the
 * kiosk of the centre they are addressed to: each kiosk's `notices` stream is made to hold exactly
 * its live notices (a revoked one is removed), with the centre's reply once recorded. It reconciles
 * from `supervision_notices` rather than hooking the supervision routes, so a notice issued while
 * the broker was away, or by another console server, still goes down; an unchanged stream gets no version.
 */
import { NoticeKindName } from '../../contract/notices-api.ts';
import type { DeltaOp } from '../../contract/sharing.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { CentralDb } from '../db/sql.ts';
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

/** Brings every kiosk's notices stream to what central's records say; returns how many streams changed. */
export async function syncNotices(db: CentralDb, store: DatasetStore, hub: SharingHub): Promise<number> {
  const rows = await db.query<NoticeRow>(
    `SELECT id::text AS id, kiosk_id, case_id, case_number, kind, rule_title, issued_at, reply_by::text AS reply_by,
            state, reply, replied_day::text AS replied_day
       FROM supervision_notices ORDER BY kiosk_id, id`,
  );
  const kiosks = new Set(rows.map((r) => r.kiosk_id));
  let changed = 0;
  for (const kioskId of kiosks) {
    const ref = { dataset: 'notices', scope: 'kiosk', scopeId: kioskId } as const;
    const want = new Map(
      rows
        .filter((r) => r.kiosk_id === kioskId && r.state !== 'revoked')
        .map((r) => [String(r.id), entryOf(r)]),
    );
    const have = (await store.snapshot(ref)).entries;
    const ops: DeltaOp[] = [];
    for (const [key, value] of want)
      if (canonicalJson(have[key] ?? null) !== canonicalJson(value)) ops.push({ op: 'put', key, value });
    for (const key of Object.keys(have)) if (!want.has(key)) ops.push({ op: 'del', key });
    if (ops.length === 0) continue;
    await hub.change(ref, ops);
    changed++;
  }
  return changed;
}
