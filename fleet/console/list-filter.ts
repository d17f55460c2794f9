/**
 * `shequ fleet ls --offline --site S --fault F --sort KEY`: each kiosk's site and faults (the same
 * rules the console's fleet page applies, fleet/operations/kiosk-state.ts), then the filters and
 * the order an operator asked for.
 */
import { FAULTS, type Fault } from '../../contract/central-fleet.ts';
import { type FaultLimits, faultsOf, siteOfKioskId } from '../operations/kiosk-state.ts';
import type { KioskView } from './kiosk-view.ts';

export interface ListedKiosk extends KioskView {
  site: string;
  faults: Fault[];
}

export const SORT_KEYS = ['id', 'site', 'state', 'last-seen', 'version', 'outbox', 'faults'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ListFilter {
  offline?: boolean;
  site?: string;
  /** A fault name (printer.paper-out), its device (printer) or its condition (paper-out); 'any' for any. */
  fault?: string;
  sort?: SortKey;
}

export const LIST_LIMITS: FaultLimits = {
  silentAfterMs: 3 * 60_000,
  outboxStaleMs: 30 * 60_000,
  diskLowPercent: 10,
};

/** The fault names `--fault` accepts, for its error message and help. */
export const FAULT_WORDS = ['any', ...new Set(FAULTS.flatMap((f) => [f, ...f.split('.')]))];

/** 'any' is any fault but being offline (--offline says that). */
export function faultMatches(fault: Fault, word: string): boolean {
  if (word === 'any') return fault !== 'offline';
  return fault === word || fault.split('.').includes(word);
}

function listed(v: KioskView, now: number, sites?: ReadonlyMap<string, string>): ListedKiosk {
  const site = siteOfKioskId(v.kioskId, sites);
  const status =
    v.state === 'unknown' || v.sess === undefined
      ? undefined
      : { state: v.state, sess: v.sess, ts: v.since ?? 0, ...(v.reason ? { reason: v.reason } : {}) };
  const faults = faultsOf(
    {
      kioskId: v.kioskId,
      site,
      ...(status ? { status } : {}),
      ...(v.telemetry ? { telemetry: v.telemetry } : {}),
      disconnects: [],
    },
    now,
    LIST_LIMITS,
  );
  return { ...v, site, faults };
}

const STATE_ORDER: Record<KioskView['state'], number> = { offline: 0, unknown: 1, online: 2 };

const compare: Record<SortKey, (a: ListedKiosk, b: ListedKiosk) => number> = {
  id: () => 0,
  site: (a, b) => a.site.localeCompare(b.site),
  // Offline first, the longest offline at the top.
  state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.since ?? 0) - (b.since ?? 0),
  // Longest silent first.
  'last-seen': (a, b) => (a.lastSeen ?? 0) - (b.lastSeen ?? 0),
  version: (a, b) => (a.version ?? '').localeCompare(b.version ?? '', undefined, { numeric: true }),
  // Deepest outbox first.
  outbox: (a, b) => (b.telemetry?.outbox.depth ?? -1) - (a.telemetry?.outbox.depth ?? -1),
  faults: (a, b) => b.faults.length - a.faults.length,
};

export function listKiosks(
  views: KioskView[],
  filter: ListFilter,
  now: number,
  sites?: ReadonlyMap<string, string>,
): ListedKiosk[] {
  const { fault } = filter;
  const rows = views
    .map((v) => listed(v, now, sites))
    .filter((k) => !filter.offline || k.state === 'offline')
    .filter((k) => filter.site === undefined || k.site === filter.site)
    .filter((k) => fault === undefined || k.faults.some((f) => faultMatches(f, fault)));
  const by = compare[filter.sort ?? 'id'];
  return rows.sort((a, b) => by(a, b) || a.kioskId.localeCompare(b.kioskId));
}
