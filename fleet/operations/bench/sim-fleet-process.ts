/**
 * The benchmark's simulated kiosks in a process of their own (so the console's CPU is measured
 * apart from theirs): each a real MQTT client with the agent's birth, will, retained telemetry and
 * signed configuration (test/support/sim-fleet-kiosk.ts). Driven over IPC by fleet-ops.bench.ts.
 */
import type { TrustedKey } from '../../../platform/bundle-signature.ts';
import { SimFleetKiosk, startSimKiosks } from '../../../test/support/sim-fleet-kiosk.ts';

export type SimFleetRequest =
  | { op: 'start'; ids: string[]; urls: string[]; password: string; trusted: TrustedKey; telemetryMs: number }
  | { op: 'paper-out'; id: string }
  | { op: 'crash'; id: string }
  | { op: 'roll-back'; ids: string[] }
  | { op: 'stats' };

export type SimFleetReply =
  | { op: 'started' }
  | { op: 'done' }
  | { op: 'stats'; desiredReceived: Record<string, number> };

const kiosks = new Map<string, SimFleetKiosk>();
const desiredReceived: Record<string, number> = {};
const reply = (r: SimFleetReply) => process.send?.(r);

process.on('message', (raw: SimFleetRequest) => {
  void (async () => {
    switch (raw.op) {
      case 'start': {
        raw.ids.forEach((id, i) => {
          const k = new SimFleetKiosk({
            brokerUrl: raw.urls[i]!,
            kioskId: id,
            site: id.replace(/-\d+$/, ''),
            trustedKeys: [raw.trusted],
            telemetryIntervalMs: raw.telemetryMs,
          });
          kiosks.set(id, k);
        });
        await startSimKiosks([...kiosks.values()]);
        for (const k of kiosks.values())
          k.client?.on('message', (topic) => {
            if (topic.endsWith('/config/desired'))
              desiredReceived[k.kioskId] = (desiredReceived[k.kioskId] ?? 0) + 1;
          });
        return reply({ op: 'started' });
      }
      case 'paper-out':
        await kiosks.get(raw.id)?.publishTelemetry({ printer: { state: 'fault', detail: '缺纸 paper out' } });
        return reply({ op: 'done' });
      case 'crash':
        kiosks.get(raw.id)?.crash();
        return reply({ op: 'done' });
      case 'roll-back':
        for (const id of raw.ids) {
          const k = kiosks.get(id);
          if (k) k.bundles = 'roll-back';
        }
        return reply({ op: 'done' });
      case 'stats':
        return reply({ op: 'stats', desiredReceived });
    }
  })();
});

process.on('disconnect', () => {
  for (const k of kiosks.values()) k.crash();
  process.exit(0);
});
