/**
 * The fleet pages' live feed: one EventSource on /api/fleet/stream for the whole app, shared by
 * whichever fleet page is open; each page subscribes to the events it shows.
 */
import type { FleetAlert, FleetCommand, FleetKiosk } from '../../../../../contract/central-fleet.ts';
import { signalLike } from '../../signal.ts';

export interface FleetEvents {
  kiosks: { rows: FleetKiosk[] };
  alert: FleetAlert;
  command: FleetCommand;
  rollout: { id: number; state: string };
}
type Name = keyof FleetEvents;

const listeners: { [K in Name]: Set<(data: FleetEvents[K]) => void> } = {
  kiosks: new Set(),
  alert: new Set(),
  command: new Set(),
  rollout: new Set(),
};

/** Whether the live feed is connected (shown on the fleet page). */
export const liveConnected = signalLike(false);
let source: EventSource | null = null;

function ensure(): void {
  if (source) return;
  source = new EventSource('/api/fleet/stream');
  source.onopen = () => liveConnected.set(true);
  source.onerror = () => liveConnected.set(false);
  for (const name of Object.keys(listeners) as Name[]) {
    source.addEventListener(name, (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as never;
      for (const fn of listeners[name]) (fn as (d: never) => void)(data);
    });
  }
}

export function onFleet<K extends Name>(name: K, fn: (data: FleetEvents[K]) => void): () => void {
  ensure();
  listeners[name].add(fn);
  return () => listeners[name].delete(fn);
}
