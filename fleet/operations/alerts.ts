/**
 * Alerts: a rule's condition raises one alert (one open row per kiosk and rule, enforced by a
 * unique index, so several console servers raise it once between them), which stays open until the
 * condition clears; an operator acknowledges it with a note. A raised alert goes on to the
 * notification service (fleet/notify: SMS to the district's operators).
 */
import type { AlertRuleName, FleetAlert } from '../../contract/central-fleet.ts';
import { HttpError } from '../central/module.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { NotifyEvent } from '../notify/events.ts';
import { type AlertRules, activeConditions } from './alert-rules.ts';
import type { HistoryEvent } from './fleet-state.ts';
import type { LiveKiosk } from './kiosk-state.ts';
import type { OpeningHours } from './opening-hours.ts';

/** The part of fleet/notify's Notifier that alerts use. */
export interface AlertNotifier {
  notifyOn(event: NotifyEvent): Promise<unknown>;
}

interface AlertDbRow {
  id: string;
  kiosk_id: string;
  site: string;
  rule: string;
  summary: string;
  raised_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  note: string | null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function alertFromRow(r: AlertDbRow): FleetAlert {
  return {
    id: Number(r.id),
    kioskId: r.kiosk_id,
    site: r.site,
    rule: r.rule,
    summary: r.summary,
    raisedAt: Number(r.raised_at),
    clearedAt: num(r.cleared_at),
    ackedAt: num(r.acked_at),
    ackedBy: r.acked_by,
    note: r.note,
  };
}

export interface AlertEngineOptions {
  db: SqlRunner;
  rules: AlertRules;
  hoursFor(site: string): OpeningHours;
  notifier?: AlertNotifier;
  onChange(alert: FleetAlert): void;
  onHistory(events: HistoryEvent[]): void;
  log(line: string): void;
}

export class AlertEngine {
  private readonly open = new Map<string, Map<string, FleetAlert>>();
  private readonly busy = new Set<string>();

  constructor(private readonly opts: AlertEngineOptions) {}

  async load(): Promise<void> {
    const rows = await this.opts.db.query<AlertDbRow>('SELECT * FROM fleet_alerts WHERE cleared_at IS NULL');
    for (const r of rows) this.remember(alertFromRow(r));
  }

  private remember(a: FleetAlert): void {
    let m = this.open.get(a.kioskId);
    if (!m) {
      m = new Map();
      this.open.set(a.kioskId, m);
    }
    if (a.clearedAt === null) m.set(a.rule, a);
    else m.delete(a.rule);
  }

  openCount(kioskId: string): number {
    return this.open.get(kioskId)?.size ?? 0;
  }

  /** Raises what newly holds and clears what no longer does. Only differences touch the database. */
  async evaluate(
    k: LiveKiosk,
    now: number,
    inRollout: boolean,
    desiredSeenAt: number | undefined,
  ): Promise<void> {
    const holds = activeConditions(this.opts.rules, {
      kiosk: k,
      now,
      hours: this.opts.hoursFor(k.site),
      inRollout,
      desiredSeenAt,
    });
    const open = this.open.get(k.kioskId);
    const work: Array<Promise<void>> = [];
    for (const [rule, summary] of holds)
      if (!open?.has(rule)) work.push(this.once(k, rule, () => this.raise(k, rule, summary, now)));
    if (open)
      for (const rule of open.keys())
        if (!holds.has(rule as AlertRuleName))
          work.push(this.once(k, rule, () => this.clear(k.kioskId, rule, now)));
    await Promise.all(work);
  }

  private async once(k: LiveKiosk, rule: string, fn: () => Promise<void>): Promise<void> {
    const key = `${k.kioskId}\n${rule}`;
    if (this.busy.has(key)) return;
    this.busy.add(key);
    try {
      await fn();
    } catch (err) {
      this.opts.log(`fleet alert ${rule} on ${k.kioskId}: ${(err as Error).message}`);
    } finally {
      this.busy.delete(key);
    }
  }

  private async raise(k: LiveKiosk, rule: string, summary: string, now: number): Promise<void> {
    const [row] = await this.opts.db.query<AlertDbRow>(
      `INSERT INTO fleet_alerts (kiosk_id, site, rule, summary, raised_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kiosk_id, rule) WHERE cleared_at IS NULL DO NOTHING RETURNING *`,
      [k.kioskId, k.site, rule, summary, now],
    );
    if (!row) {
      // Another console server raised it first: take its row.
      const [existing] = await this.opts.db.query<AlertDbRow>(
        'SELECT * FROM fleet_alerts WHERE kiosk_id = $1 AND rule = $2 AND cleared_at IS NULL',
        [k.kioskId, rule],
      );
      if (existing) this.remember(alertFromRow(existing));
      return;
    }
    const alert = alertFromRow(row);
    this.remember(alert);
    this.opts.onChange(alert);
    this.opts.onHistory([
      {
        kioskId: k.kioskId,
        ts: now,
        kind: 'alert',
        summary: `raised ${rule}: ${summary}`,
        detail: { alertId: alert.id, rule },
        dedupe: `alert:${alert.id}:raised`,
      },
    ]);
    await this.opts.notifier
      ?.notifyOn({
        kind: 'fleet.alert',
        eventId: `fleet-alert-${alert.id}`,
        kioskId: k.kioskId,
        alertId: String(alert.id),
        summary,
        raisedAt: now,
        siteId: k.site,
      })
      .catch((err: Error) => this.opts.log(`fleet alert ${alert.id}: notification failed: ${err.message}`));
  }

  private async clear(kioskId: string, rule: string, now: number): Promise<void> {
    const rows = await this.opts.db.query<AlertDbRow>(
      `UPDATE fleet_alerts SET cleared_at = $3 WHERE kiosk_id = $1 AND rule = $2 AND cleared_at IS NULL RETURNING *`,
      [kioskId, rule, now],
    );
    this.open.get(kioskId)?.delete(rule);
    for (const r of rows) {
      const alert = alertFromRow(r);
      this.opts.onChange(alert);
      this.opts.onHistory([
        {
          kioskId,
          ts: now,
          kind: 'alert',
          summary: `cleared ${rule}`,
          detail: { alertId: alert.id, rule },
          dedupe: `alert:${alert.id}:cleared`,
        },
      ]);
    }
  }

  /** In the route's transaction, so the acknowledgement and its audit row commit together. */
  async ack(tx: SqlRunner, id: number, by: string, note: string, now: number): Promise<FleetAlert> {
    const [row] = await tx.query<AlertDbRow>(
      `UPDATE fleet_alerts SET acked_at = $2, acked_by = $3, note = $4 WHERE id = $1 AND acked_at IS NULL RETURNING *`,
      [id, now, by, note],
    );
    if (!row) {
      const [exists] = await tx.query<AlertDbRow>('SELECT * FROM fleet_alerts WHERE id = $1', [id]);
      if (!exists) throw new HttpError(404, 'fleet.alert.not-found', `no alert ${id}`);
      throw new HttpError(
        409,
        'fleet.alert.acked',
        `alert ${id} was already acknowledged by ${exists.acked_by}`,
      );
    }
    const alert = alertFromRow(row);
    if (alert.clearedAt === null) this.remember(alert);
    return alert;
  }
}

export async function listAlerts(
  db: SqlRunner,
  q: { state?: string; kiosk?: string; site?: string; limit?: number },
): Promise<FleetAlert[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.state === 'open') where.push('cleared_at IS NULL');
  if (q.state === 'unacked') where.push('acked_at IS NULL');
  if (q.state === 'cleared') where.push('cleared_at IS NOT NULL');
  if (q.kiosk) {
    params.push(q.kiosk);
    where.push(`kiosk_id = $${params.length}`);
  }
  if (q.site) {
    params.push(q.site);
    where.push(`site = $${params.length}`);
  }
  params.push(Math.min(q.limit ?? 500, 2000));
  const rows = await db.query<AlertDbRow>(
    `SELECT * FROM fleet_alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY (cleared_at IS NULL) DESC, raised_at DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(alertFromRow);
}
