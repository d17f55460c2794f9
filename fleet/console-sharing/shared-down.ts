/**
 * Central's own records shared down as they change: the acts of the supervision and 好差评 routes
 * (a notice issued, replied to or revoked; a rectification's 回访, reassignment or escalation) and
 * the centres' answers ingest records each make their kiosk's stream's next version in the act's
 * own transaction, published once it has committed. No timer re-reads the tables.
 */
import type { DatasetDelta, DeltaOp } from '../../contract/sharing.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { SharedDown } from '../central/module.ts';
import type { CentralDb, SqlRunner } from '../db/sql.ts';
import { rectificationEntries } from '../rectifications/shared-entry.ts';
import type { DatasetStore } from '../sharing/dataset-store.ts';
import type { SharingHub } from '../sharing/hub.ts';
import { noticesChangeIn } from './notices-sync.ts';

const publishing = (hub: SharingHub, deltas: ReadonlyArray<DatasetDelta | null>) => () => {
  for (const d of deltas) if (d) hub.publishLater(d);
};

async function rectificationsChangeIn(
  tx: SqlRunner,
  store: DatasetStore,
  kioskId: string,
  ratingIds: readonly string[],
): Promise<DatasetDelta | null> {
  const ref = { dataset: 'rectifications', scope: 'kiosk', scopeId: kioskId } as const;
  return store.changeInIfAny(tx, ref, async (locked) => {
    const ops: DeltaOp[] = [];
    for (const entry of await rectificationEntries(locked, kioskId, ratingIds)) {
      const have = await store.entry(ref, entry.ratingId, locked);
      if (canonicalJson(have ?? null) !== canonicalJson(entry))
        ops.push({ op: 'put', key: entry.ratingId, value: entry });
    }
    return ops;
  });
}

/**
 * Brings every centre's rectifications stream to what central's records say, once, when sharing
 * starts: acts recorded (and answers ingested) while no sharing service ran made no version, so
 * a kiosk would never hear of them. Each changed stream gets one version, published; its retained
 * head makes a kiosk that was away ask for it (deltas, or the snapshot after a long gap) when it
 * comes back. Returns how many streams changed (none on a second run).
 */
export async function syncRectifications(
  db: CentralDb,
  store: DatasetStore,
  hub: SharingHub,
): Promise<number> {
  const kiosks = await db.query<{ kiosk_id: string }>(
    'SELECT DISTINCT kiosk_id FROM rectifications ORDER BY kiosk_id',
  );
  let changed = 0;
  for (const { kiosk_id } of kiosks) {
    const delta = await db.transaction(async (tx) => {
      const ids = await tx.query<{ rating_id: string }>(
        'SELECT rating_id FROM rectifications WHERE kiosk_id = $1 ORDER BY rating_id',
        [kiosk_id],
      );
      return rectificationsChangeIn(
        tx,
        store,
        kiosk_id,
        ids.map((r) => r.rating_id),
      );
    });
    if (!delta) continue;
    hub.publishLater(delta);
    changed++;
  }
  return changed;
}

export function sharedDownHooks(store: DatasetStore, hub: SharingHub): SharedDown {
  return {
    async noticesChanged(tx, kioskId) {
      return publishing(hub, [await noticesChangeIn(tx, store, kioskId)]);
    },
    async rectificationsChanged(tx, kioskId, ratingIds) {
      return publishing(hub, [await rectificationsChangeIn(tx, store, kioskId, ratingIds)]);
    },
    async onStored(tx, stored) {
      const notices = new Set<string>();
      const answers = new Map<string, Set<string>>();
      for (const t of stored) {
        if (t.type === 'notice.replied') notices.add(t.kiosk);
        if (t.type === 'rectification.answered') {
          const ids = answers.get(t.kiosk) ?? new Set<string>();
          ids.add(String(t.body.ratingId));
          answers.set(t.kiosk, ids);
        }
      }
      const deltas: Array<DatasetDelta | null> = [];
      for (const k of [...notices].sort()) deltas.push(await noticesChangeIn(tx, store, k));
      for (const [k, ids] of [...answers].sort(([a], [b]) => (a < b ? -1 : 1)))
        deltas.push(await rectificationsChangeIn(tx, store, k, [...ids]));
      return publishing(hub, deltas);
    },
  };
}
