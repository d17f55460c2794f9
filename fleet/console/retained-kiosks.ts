/**
 * What the broker holds retained about the kiosks right now: each kiosk's status (birth or
 * will) and, where the agent retains it, its last telemetry. Read by subscribing and collecting
 * the retained messages, which the broker sends straight after SUBACK.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { MqttClient } from 'mqtt';
import { KioskStatus, kioskIdOfTopic, Telemetry, topics } from '../../contract/mqtt.ts';

const checkStatus = TypeCompiler.Compile(KioskStatus);
const checkTelemetry = TypeCompiler.Compile(Telemetry);

export interface RetainedKiosk {
  status?: KioskStatus;
  telemetry?: Telemetry;
}

function parse(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Collects retained status/telemetry until `quietMs` pass without a new one (or `maxMs`).
 * MQTT has no "end of retained" marker, so a short quiet period stands in for it.
 */
export async function readRetainedKiosks(
  client: MqttClient,
  opts: { quietMs?: number; maxMs?: number } = {},
): Promise<Map<string, RetainedKiosk>> {
  const quietMs = opts.quietMs ?? 300;
  const kiosks = new Map<string, RetainedKiosk>();
  let lastAt = Date.now();
  const onMessage = (topic: string, payload: Buffer, packet: { retain: boolean }) => {
    const kioskId = kioskIdOfTopic(topic);
    if (!kioskId || !packet.retain) return;
    lastAt = Date.now();
    const entry = kiosks.get(kioskId) ?? {};
    const value = parse(payload);
    if (topic === topics.status(kioskId) && checkStatus.Check(value)) entry.status = value;
    else if (topic === topics.telemetry(kioskId) && checkTelemetry.Check(value)) entry.telemetry = value;
    else return;
    kiosks.set(kioskId, entry);
  };
  client.on('message', onMessage);
  try {
    const filters = [topics.allStatus, topics.allTelemetry];
    await client.subscribeAsync(filters, { qos: 1 });
    const deadline = Date.now() + (opts.maxMs ?? 3000);
    while (Date.now() - lastAt < quietMs && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await client.unsubscribeAsync(filters);
  } finally {
    client.off('message', onMessage);
  }
  return kiosks;
}
