/**
 * Wires a ConfigApplier to the kiosk's MQTT connection: desired bundles in, reports out on
 * `config/reported` (retained, QoS 1). The fleet agent calls `start()` after every connect,
 * before its birth message, so a retained desired bundle is never missed.
 */
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import type { ConfigReported } from '../../contract/provisioning.ts';
import type { ApplyReport, ConfigApplier } from './applier.ts';

export interface ConfigSync {
  start(): Promise<void>;
  stop(): void;
}

/** The retained bundle comes again on every reconnect; that echo of what is applied is not news. */
function isEchoOfApplied(report: ApplyReport): boolean {
  return (
    report.status === 'rejected' &&
    report.reason === 'stale-version' &&
    report.bundleVersion !== undefined &&
    // Only the redelivered copy of the bundle in effect is an echo; an older one is a real refusal
    // central must hear about (someone is trying to roll the kiosk back).
    report.bundleVersion === report.appliedVersion
  );
}

export function attachConfigSync(
  client: MqttClient,
  kioskId: string,
  applier: ConfigApplier,
  onReport: (report: ApplyReport) => void = () => {},
): ConfigSync {
  const desired = topics.configDesired(kioskId);
  const listener = (topic: string, payload: Buffer) => {
    if (topic !== desired || payload.length === 0) return;
    void applier
      .apply(payload)
      .then(async (report) => {
        onReport(report);
        if (isEchoOfApplied(report)) return;
        const wire: ConfigReported = { ...report, ts: Date.now() };
        await client.publishAsync(topics.configReported(kioskId), JSON.stringify(wire), {
          qos: 1,
          retain: true,
        });
      })
      .catch(() => {
        // The connection dropped while reporting; the retained desired is redelivered on reconnect.
      });
  };
  client.on('message', listener);
  return {
    async start() {
      await client.subscribeAsync(desired, { qos: 1 });
    },
    stop() {
      client.off('message', listener);
    },
  };
}
