/**
 * One row of the fleet console: a kiosk's availability and health, merged from the central DB
 * (what ingest recorded) and the broker's retained messages (what is true right now). Status is
 * merged by the session rule, so a stale will in either source cannot hide a live kiosk.
 */
import type { KioskStatus, Telemetry } from '../../contract/mqtt.ts';
import type { KioskRow } from '../kiosks/kiosk-store.ts';
import { statusSupersedes } from '../kiosks/status-rule.ts';
import type { RetainedKiosk } from './retained-kiosks.ts';

export interface KioskView {
  kioskId: string;
  state: 'online' | 'offline' | 'unknown';
  sess: number | undefined;
  /** When the current state was reported (kiosk clock). */
  since: number | undefined;
  reason: string | undefined;
  lastSeen: number | undefined;
  version: string | undefined;
  telemetry: Telemetry | undefined;
}

type StatusLike = Pick<KioskStatus, 'state' | 'sess' | 'ts'> & { reason?: string; version?: string };

function statusOfRow(row: KioskRow): StatusLike | undefined {
  if (!row.state || row.sess === undefined) return undefined;
  return {
    state: row.state,
    sess: row.sess,
    ts: row.statusTs ?? 0,
    reason: row.reason,
    version: row.version,
  };
}

function newer(a: Telemetry | undefined, b: Telemetry | undefined): Telemetry | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.ts > a.ts ? b : a;
}

export function mergeKioskViews(rows: KioskRow[], retained: Map<string, RetainedKiosk>): KioskView[] {
  const ids = new Set([...rows.map((r) => r.kioskId), ...retained.keys()]);
  const byId = new Map(rows.map((r) => [r.kioskId, r]));
  return [...ids].sort().map((kioskId) => {
    const row = byId.get(kioskId);
    const live = retained.get(kioskId);
    let status = row ? statusOfRow(row) : undefined;
    if (live?.status && statusSupersedes(status, live.status)) status = live.status;
    const telemetry = newer(row?.telemetry, live?.telemetry);
    const lastSeen =
      Math.max(row?.lastSeen ?? 0, live?.status?.ts ?? 0, live?.telemetry?.ts ?? 0) || undefined;
    return {
      kioskId,
      state: status?.state ?? 'unknown',
      sess: status?.sess,
      since: status?.ts,
      reason: status?.state === 'offline' ? status.reason : undefined,
      lastSeen,
      version: telemetry?.version ?? status?.version ?? row?.version,
      telemetry,
    };
  });
}
