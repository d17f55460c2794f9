/**
 * Every kiosk as the broker tells it: the retained status (birth or will, ordered by session
 * counter), telemetry, desired and reported configuration, and what changed with each message
 * (state changes, faults coming and going, configuration verdicts) for the kiosk's history.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { HistoryEntry } from '../../contract/central-fleet.ts';
import { KioskStatus, kioskIdOfTopic, Telemetry } from '../../contract/mqtt.ts';
import { ConfigReported } from '../../contract/provisioning.ts';
import { statusSupersedes } from '../kiosks/status-rule.ts';
import { type FaultLimits, faultsOf, type LiveKiosk, siteOfKioskId } from './kiosk-state.ts';

const checkStatus = TypeCompiler.Compile(KioskStatus);
const checkTelemetry = TypeCompiler.Compile(Telemetry);
const checkReported = TypeCompiler.Compile(ConfigReported);

export interface HistoryEvent extends HistoryEntry {
  kioskId: string;
  /** The same fact seen twice (a retained message after a restart, two console servers) is one row. */
  dedupe: string;
}

function parse(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

const DAY = 86_400_000;

export class FleetState {
  readonly kiosks = new Map<string, LiveKiosk>();
  /** When the current desired version of each kiosk was first seen (for the drift grace). */
  readonly desiredSeenAt = new Map<string, number>();
  private sites: ReadonlyMap<string, string> = new Map();
  private readonly lastFaults = new Map<string, readonly string[]>();

  constructor(private readonly limits: FaultLimits) {}

  setSites(sites: ReadonlyMap<string, string>): void {
    this.sites = sites;
    for (const k of this.kiosks.values()) k.site = siteOfKioskId(k.kioskId, sites);
  }

  kiosk(kioskId: string): LiveKiosk {
    let k = this.kiosks.get(kioskId);
    if (!k) {
      k = { kioskId, site: siteOfKioskId(kioskId, this.sites), disconnects: [] };
      this.kiosks.set(kioskId, k);
    }
    return k;
  }

  /** Disconnects of the last day, from the stored history, so a console restart keeps the count. */
  loadDisconnects(rows: Array<{ kiosk_id: string; ts: number }>): void {
    for (const r of rows) {
      const k = this.kiosk(r.kiosk_id);
      if (!k.disconnects.includes(r.ts)) k.disconnects.push(r.ts);
    }
  }

  /**
   * Applies one message; returns the kiosk it changed (undefined when it changed nothing) and the
   * history events it makes.
   */
  apply(
    topic: string,
    payload: Buffer,
    retained: boolean,
    now: number,
  ): { kiosk?: LiveKiosk; events: HistoryEvent[] } {
    const kioskId = kioskIdOfTopic(topic);
    if (!kioskId || payload.length === 0) return { events: [] };
    const kind = topic.slice(`v1/kiosks/${kioskId}/`.length);
    const value = parse(payload);
    const k = this.kiosk(kioskId);
    const events: HistoryEvent[] = [];
    const seen = (ts: number) => {
      k.lastSeen = Math.max(k.lastSeen ?? 0, retained ? ts : now);
    };
    if (kind === 'status') {
      if (!checkStatus.Check(value)) return { events };
      if (!statusSupersedes(k.status, value)) return { events };
      const changed = k.status?.state !== value.state || k.status?.sess !== value.sess;
      k.status = value;
      seen(value.ts);
      if (changed) {
        if (value.state === 'offline' && !k.disconnects.includes(value.ts)) k.disconnects.push(value.ts);
        k.disconnects = k.disconnects.filter((ts) => ts > now - DAY);
        events.push({
          kioskId,
          ts: value.ts,
          kind: 'state',
          summary: value.state,
          detail: { state: value.state, sess: value.sess, reason: value.reason ?? null },
          dedupe: `${kioskId}:state:${value.sess}:${value.state}`,
        });
      }
    } else if (kind === 'telemetry') {
      if (!checkTelemetry.Check(value)) return { events };
      if (k.telemetry && value.ts < k.telemetry.ts) return { events };
      k.telemetry = value;
      seen(value.ts);
    } else if (kind === 'config/reported') {
      if (!checkReported.Check(value)) return { events };
      if (k.reported && value.ts < k.reported.ts) return { events };
      const isNew = !k.reported || k.reported.ts !== value.ts;
      k.reported = value;
      seen(value.ts);
      if (isNew)
        events.push({
          kioskId,
          ts: value.ts,
          kind: 'config',
          summary: `${value.status} ${value.bundleVersion ?? '?'} (applied ${value.appliedVersion})`,
          detail: {
            status: value.status,
            bundleVersion: value.bundleVersion ?? null,
            appliedVersion: value.appliedVersion,
            reason: value.reason ?? null,
          },
          dedupe: `${kioskId}:config:${value.bundleVersion ?? 'x'}:${value.status}:${value.ts}`,
        });
    } else if (kind === 'config/desired') {
      const version = (value as { version?: unknown } | undefined)?.version;
      if (typeof version !== 'number') return { events };
      if (k.desiredVersion !== version) this.desiredSeenAt.set(kioskId, now);
      k.desiredVersion = version;
    } else {
      return { events };
    }
    return { kiosk: k, events };
  }

  /**
   * Faults that came or went since the kiosk was last looked at: after each message, and on the
   * clock (a kiosk falls silent without sending anything).
   */
  faultChanges(k: LiveKiosk, now: number): HistoryEvent[] {
    const before = this.lastFaults.get(k.kioskId) ?? [];
    const after: readonly string[] = faultsOf(k, now, this.limits);
    if (after.length === before.length && after.every((f) => before.includes(f))) return [];
    this.lastFaults.set(k.kioskId, after);
    const at = k.telemetry?.ts ?? now;
    const out: HistoryEvent[] = [];
    for (const f of after)
      if (!before.includes(f) && f !== 'offline')
        out.push({
          kioskId: k.kioskId,
          ts: now,
          kind: 'fault',
          summary: f,
          detail: null,
          dedupe: `${k.kioskId}:fault:${f}:${at}`,
        });
    for (const f of before)
      if (!after.includes(f) && f !== 'offline')
        out.push({
          kioskId: k.kioskId,
          ts: now,
          kind: 'fault-cleared',
          summary: f,
          detail: null,
          dedupe: `${k.kioskId}:cleared:${f}:${at}`,
        });
    return out;
  }
}
