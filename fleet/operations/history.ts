/**
 * Each kiosk's history in `fleet_kiosk_events`: written in batches (a console that starts in front
 * of a thousand retained statuses writes them in a few statements), deduplicated by key.
 */
import type { HistoryEntry } from '../../contract/central-fleet.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { HistoryEvent } from './fleet-state.ts';

export class HistoryWriter {
  private pending: HistoryEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlRunner,
    private readonly log: (line: string) => void,
    private readonly delayMs = 200,
  ) {}

  add(events: readonly HistoryEvent[]): void {
    if (events.length === 0) return;
    this.pending.push(...events);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending (also on close). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => (batch.length ? this.write(batch) : undefined));
    return this.flushing;
  }

  private async write(batch: HistoryEvent[]): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO fleet_kiosk_events (kiosk_id, ts, kind, summary, detail, dedupe)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::text[])
         ON CONFLICT (dedupe) DO NOTHING`,
        [
          batch.map((e) => e.kioskId),
          batch.map((e) => e.ts),
          batch.map((e) => e.kind),
          batch.map((e) => e.summary),
          batch.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
          batch.map((e) => e.dedupe),
        ],
      );
    } catch (err) {
      this.log(`fleet history: could not write ${batch.length} events: ${(err as Error).message}`);
    }
  }
}

export async function kioskHistory(db: SqlRunner, kioskId: string, limit = 200): Promise<HistoryEntry[]> {
  const rows = await db.query<{ ts: string; kind: HistoryEntry['kind']; summary: string; detail: unknown }>(
    `SELECT ts, kind, summary, detail FROM fleet_kiosk_events WHERE kiosk_id = $1
     ORDER BY ts DESC, id DESC LIMIT $2`,
    [kioskId, limit],
  );
  return rows.map((r) => ({
    ts: Number(r.ts),
    kind: r.kind,
    summary: r.summary,
    detail: (r.detail as Record<string, unknown> | null) ?? null,
  }));
}

export async function recentDisconnects(
  db: SqlRunner,
  now: number,
): Promise<Array<{ kiosk_id: string; ts: number }>> {
  const rows = await db.query<{ kiosk_id: string; ts: string }>(
    `SELECT kiosk_id, ts FROM fleet_kiosk_events WHERE kind = 'state' AND summary = 'offline' AND ts > $1`,
    [now - 86_400_000],
  );
  return rows.map((r) => ({ kiosk_id: r.kiosk_id, ts: Number(r.ts) }));
}
