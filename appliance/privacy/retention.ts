/**
 * Purges raw personal data after the retention period: the sealed name, number and address are
 * erased from live tickets and closed cases older than the period; the masked forms and the keyed
 * hash stay, so figures and history still add up. Archived history is purged by deleting the
 * whole day files of the days before the period (the day report facts, without personal data, stay).
 * What the store left beside its log — temporary files of interrupted writes, segments quarantined
 * after damage — cannot be redacted in place and is deleted instead once it may hold data past the period.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { dayOf } from '../../platform/centre-day.ts';
import type { CaseRecord } from '../cases/records.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

const DAY_MS = 24 * 60 * 60_000;

function purged(person: PersonRef, now: number): PersonRef {
  return { ...person, sealed: '', purgedAt: now };
}

/**
 * Erases the sealed details of every person whose ticket or closed case is older than the period,
 * in the current records and in every older version the log still holds. Returns how many records
 * were purged.
 */
export async function purgeExpiredPersonalData(
  store: Store,
  retentionDays: number,
  now = Date.now(),
  timeZone = 'Asia/Shanghai',
): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  // A day log holds only records closed on its day: every one of a day before the cutoff's is expired.
  const deletedDays = await store.archive.deleteDaysBefore(dayOf(cutoff, timeZone));
  const expired = new Set<string>();
  for (const t of store.all('ticket')) {
    if (t.holder?.sealed && t.issuedAt < cutoff && t.status !== 'waiting' && t.status !== 'called')
      expired.add(t.id);
  }
  for (const c of store.all('case')) {
    const closedAt =
      c.state === 'completed' ? c.completedAt : c.state === 'refused' ? c.refusal?.at : undefined;
    if (c.applicant.sealed && closedAt !== undefined && closedAt < cutoff) expired.add(c.id);
  }
  if (expired.size === 0) return deletedDays;
  const redacted = await store.redactHistory((record) => {
    if (!expired.has(record.id)) return null;
    if (record.kind === 'ticket' && record.holder?.sealed) {
      return { ...record, holder: purged(record.holder, now) } satisfies TicketRecord;
    }
    if (record.kind === 'case' && record.applicant.sealed) {
      return { ...record, applicant: purged(record.applicant, now) } satisfies CaseRecord;
    }
    return null;
  });
  return deletedDays + redacted;
}

/** No durable write takes this long: a temporary file older than this is an orphan. */
const ORPHAN_AFTER_MS = 60 * 60_000;
const TEMPORARY = /^\..+\.tmp$/;
/** Set aside after damage: the store's `.corrupt-{ms}`, the login throttle's `.damaged-{ms}`. */
const QUARANTINED = /\.(?:corrupt|damaged)-(\d+)$/;

/**
 * Deletes, in one directory (the store's, its archive's, the data directory), orphan temporary
 * files (older than an hour) and damaged files set aside longer ago than the retention period: both may hold sealed personal data that
 * the purge of records cannot reach. Returns the names deleted.
 */
export async function purgeLeftovers(
  dir: string,
  retentionDays: number,
  now = Date.now(),
): Promise<string[]> {
  const cutoff = now - retentionDays * DAY_MS;
  const deleted: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const quarantinedAt = QUARANTINED.exec(name)?.[1];
    let expired = quarantinedAt !== undefined && Number(quarantinedAt) < cutoff;
    if (!expired && TEMPORARY.test(name)) {
      const mtime = await stat(path).then(
        (s) => s.mtimeMs,
        () => now,
      );
      expired = mtime < now - ORPHAN_AFTER_MS;
    }
    if (
      expired &&
      (await unlink(path).then(
        () => true,
        () => false,
      ))
    )
      deleted.push(name);
  }
  return deleted;
}
