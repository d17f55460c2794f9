/** The kiosk's telemetry message: its devices' health (from the caller), its disk and its outbox. */
import { statfsSync } from 'node:fs';
import type { Telemetry } from '../../contract/mqtt.ts';
import type { Outbox } from '../outbox/outbox.ts';

export type DeviceTelemetry = Omit<Telemetry, 'ts' | 'outbox' | 'version'>;

export function telemetryPayload(
  devices: DeviceTelemetry,
  dataDir: string,
  outbox: Outbox,
  version: string,
): Telemetry {
  return {
    ...devices,
    ...diskSpace(dataDir),
    ts: Date.now(),
    outbox: { depth: outbox.depth, oldestAgeMs: outbox.oldestAgeMs() },
    version,
  };
}

function diskSpace(dataDir: string): Pick<Telemetry, 'disk'> {
  try {
    const s = statfsSync(dataDir);
    return { disk: { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize } };
  } catch {
    return {};
  }
}
