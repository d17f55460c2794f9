/**
 * Per-recipient limits kept in PostgreSQL, so they hold across workers and restarts: fixed hour and
 * day windows counted with one upsert each. (The global limit is the gateway's: the operator sets
 * a rate per bind, which SmppGateway's submitsPerSecond enforces, and ESME_RTHROTTLED backs it up.)
 */
import type { SqlRunner } from '../db/central-db.ts';

const HOUR = 3600_000;
const DAY = 86_400_000;

async function take(db: SqlRunner, key: string, start: number, max: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO notify_rate (key, window_start, n) SELECT $1, $2, 1 WHERE $3 > 0
     ON CONFLICT (key, window_start) DO UPDATE SET n = notify_rate.n + 1 WHERE notify_rate.n < $3
     RETURNING n`,
    [key, start, max],
  );
  return rows.length > 0;
}

/**
 * Counts one send to `hash` if both windows allow it (each window's count moves in one atomic
 * upsert, so concurrent workers cannot both take the last slot); otherwise says when to try again.
 */
export async function takeRecipientSlot(
  db: SqlRunner,
  hash: Buffer,
  limits: { perHour: number; perDay: number },
  now: number,
): Promise<{ ok: true } | { ok: false; retryAt: number }> {
  const key = hash.toString('hex');
  const hour = Math.floor(now / HOUR) * HOUR;
  const day = Math.floor(now / DAY) * DAY;
  if (!(await take(db, `h:${key}`, hour, limits.perHour))) return { ok: false, retryAt: hour + HOUR };
  if (!(await take(db, `d:${key}`, day, limits.perDay))) {
    await db.query('UPDATE notify_rate SET n = n - 1 WHERE key = $1 AND window_start = $2', [
      `h:${key}`,
      hour,
    ]);
    return { ok: false, retryAt: day + DAY };
  }
  return { ok: true };
}

export async function purgeRateWindows(db: SqlRunner, now: number): Promise<void> {
  await db.query('DELETE FROM notify_rate WHERE window_start < $1', [now - 2 * DAY]);
}

async function takeMany(db: SqlRunner, keys: string[], start: number, max: number): Promise<Set<string>> {
  if (keys.length === 0 || max <= 0) return new Set();
  const rows = await db.query<{ key: string }>(
    `INSERT INTO notify_rate (key, window_start, n) SELECT k, $2, 1 FROM unnest($1::text[]) AS k
     ON CONFLICT (key, window_start) DO UPDATE SET n = notify_rate.n + 1 WHERE notify_rate.n < $3
     RETURNING key`,
    [keys, start, max],
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * takeRecipientSlot for a batch of sends, in four statements whatever the batch size. A number that
 * appears twice in one batch takes its second slot on its own (one upsert cannot touch a row twice).
 */
export async function takeRecipientSlots(
  db: SqlRunner,
  hashes: Buffer[],
  limits: { perHour: number; perDay: number },
  now: number,
): Promise<Array<{ ok: true } | { ok: false; retryAt: number }>> {
  const results: Array<{ ok: true } | { ok: false; retryAt: number }> = [];
  const first = new Map<string, number>();
  const repeats: number[] = [];
  hashes.forEach((h, i) => {
    const key = h.toString('hex');
    if (first.has(key)) repeats.push(i);
    else first.set(key, i);
  });
  const keys = [...first.keys()];
  const hour = Math.floor(now / HOUR) * HOUR;
  const day = Math.floor(now / DAY) * DAY;
  const hourOk = await takeMany(
    db,
    keys.map((k) => `h:${k}`),
    hour,
    limits.perHour,
  );
  const dayWanted = keys.filter((k) => hourOk.has(`h:${k}`));
  const dayOk = await takeMany(
    db,
    dayWanted.map((k) => `d:${k}`),
    day,
    limits.perDay,
  );
  const giveBack = dayWanted.filter((k) => !dayOk.has(`d:${k}`)).map((k) => `h:${k}`);
  if (giveBack.length > 0) {
    await db.query('UPDATE notify_rate SET n = n - 1 WHERE key = ANY($1::text[]) AND window_start = $2', [
      giveBack,
      hour,
    ]);
  }
  for (const [key, i] of first) {
    results[i] = !hourOk.has(`h:${key}`)
      ? { ok: false, retryAt: hour + HOUR }
      : !dayOk.has(`d:${key}`)
        ? { ok: false, retryAt: day + DAY }
        : { ok: true };
  }
  for (const i of repeats) results[i] = await takeRecipientSlot(db, hashes[i]!, limits, now);
  return results;
}
