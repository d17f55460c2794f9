/**
 * What central knows of one kiosk right now, from the broker's retained and live messages
 * (status, telemetry, config/desired, config/reported), and the row the fleet page shows for it.
 */
import type { Fault, FleetKiosk } from '../../contract/central-fleet.ts';
import type { KioskStatus, Telemetry } from '../../contract/mqtt.ts';
import type { ConfigReported } from '../../contract/provisioning.ts';

export interface LiveKiosk {
  kioskId: string;
  site: string;
  status?: KioskStatus;
  telemetry?: Telemetry;
  reported?: ConfigReported;
  desiredVersion?: number;
  /** When central last heard anything from the kiosk (a retained message counts by its own time). */
  lastSeen?: number;
  /** Times of the kiosk's disconnects (offline statuses) in the last 24 hours. */
  disconnects: number[];
}

export interface FaultLimits {
  /** Telemetry older than this on a kiosk that says it is online: silent. */
  silentAfterMs: number;
  outboxStaleMs: number;
  diskLowPercent: number;
}

type Device = Telemetry['printer'] | undefined;

/**
 * The printer's conditions as the kiosk words them in its health detail (drivers' CONDITION_TEXT:
 * '缺纸 paper out', '纸将用完 paper near end', '纸仓盖打开 cover open'); both languages are matched.
 */
export function printerFaults(printer: Device): Fault[] {
  if (!printer || printer.state === 'ok') return [];
  const detail = (printer.detail ?? '').toLowerCase();
  const out: Fault[] = [];
  if (detail.includes('paper out') || detail.includes('缺纸')) out.push('printer.paper-out');
  if (detail.includes('near end') || detail.includes('纸将用完')) out.push('printer.paper-near-end');
  if (detail.includes('cover open') || detail.includes('盖打开')) out.push('printer.cover-open');
  if (out.length === 0 && (printer.state === 'fault' || printer.state === 'disconnected'))
    out.push('printer.fault');
  return out;
}

const broken = (d: Device) => d !== undefined && (d.state === 'fault' || d.state === 'disconnected');

export function diskFreePercent(t: Telemetry | undefined): number | null {
  if (!t?.disk || t.disk.totalBytes <= 0) return null;
  return Math.round((t.disk.freeBytes / t.disk.totalBytes) * 1000) / 10;
}

export function faultsOf(k: LiveKiosk, now: number, limits: FaultLimits): Fault[] {
  const out: Fault[] = [];
  const online = k.status?.state === 'online';
  if (k.status?.state === 'offline') out.push('offline');
  const t = k.telemetry;
  if (online && (!t || now - t.ts > limits.silentAfterMs)) out.push('silent');
  if (t) {
    out.push(...printerFaults(t.printer));
    if (broken(t.reader)) out.push('reader.fault');
    if (broken(t.scanner)) out.push('scanner.fault');
    if (t.outbox.depth > 0 && t.outbox.oldestAgeMs > limits.outboxStaleMs) out.push('outbox.stale');
    const disk = diskFreePercent(t);
    if (disk !== null && disk < limits.diskLowPercent) out.push('disk.low');
  }
  if (k.reported && k.reported.status !== 'applied') out.push('config.failed');
  if (
    k.desiredVersion !== undefined &&
    k.reported !== undefined &&
    k.reported.appliedVersion !== k.desiredVersion &&
    k.reported.status === 'applied'
  )
    out.push('config.drift');
  return out;
}

const device = (d: Device): FleetKiosk['printer'] =>
  d ? { state: d.state, detail: d.detail ?? null } : { state: 'unknown', detail: null };

export function kioskRow(k: LiveKiosk, now: number, limits: FaultLimits, openAlerts: number): FleetKiosk {
  const t = k.telemetry;
  return {
    kioskId: k.kioskId,
    site: k.site,
    state: k.status?.state ?? 'unknown',
    since: k.status?.ts ?? null,
    reason: k.status?.reason ?? null,
    lastSeen: k.lastSeen ?? null,
    disconnects24h: k.disconnects.filter((ts) => ts > now - 86_400_000).length,
    software: t?.version ?? k.status?.version ?? null,
    config: {
      desired: k.desiredVersion ?? null,
      reported: k.reported?.appliedVersion ?? null,
      status: k.reported?.status ?? null,
    },
    printer: device(t?.printer),
    reader: device(t?.reader),
    scanner: device(t?.scanner),
    outbox: t ? t.outbox : null,
    diskFreePercent: diskFreePercent(t),
    telemetryTs: t?.ts ?? null,
    faults: faultsOf(k, now, limits),
    openAlerts,
  };
}

/**
 * A kiosk's site: the enrolment registry's where known, else its ID without the `-NNN` the
 * enrolment service numbers kiosks with (`centre-01-003` → `centre-01`), else the ID itself.
 */
export function siteOfKioskId(kioskId: string, known?: ReadonlyMap<string, string>): string {
  const fromRegistry = known?.get(kioskId);
  if (fromRegistry) return fromRegistry;
  const m = /^(.+)-\d{3,}$/.exec(kioskId);
  return m?.[1] ?? kioskId;
}
