/**
 * Central's own records shared down as they change: the acts of the supervision and 好差评 routes
 * (a notice issued, replied to or revoked; a rectification's 回访, reassignment or escalation) and
 * the centres' answers ingest records each make their kiosk's stream's next version in the act's
 * own transaction, published once it has committed. No timer re-reads the tables.
 */
import type { DatasetDelta, DeltaOp } from '../../contract/sharing.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { SharedDown } from '../central/module.ts';
import type { SqlRunner } from '../db/sql.ts';
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
