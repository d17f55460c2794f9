/** Status and telemetry messages from kiosks, validated and written to the `kiosks` table. */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { KioskStatus, kioskIdOfTopic, Telemetry } from '../../contract/mqtt.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { recordStatus, recordTelemetry } from '../kiosks/kiosk-store.ts';

const checkStatus = TypeCompiler.Compile(KioskStatus);
const checkTelemetry = TypeCompiler.Compile(Telemetry);

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `retained` messages arrive when we subscribe, possibly long after the kiosk sent them, so
 * their own timestamp is the better "last seen".
 */
export async function handleKioskMessage(
  db: SqlRunner,
  topic: string,
  payload: Buffer,
  retained: boolean,
  log: (line: string) => void,
): Promise<void> {
  const kioskId = kioskIdOfTopic(topic);
  if (!kioskId || payload.length === 0) return;
  const value = parseJson(payload);
  try {
    if (topic.endsWith('/status')) {
      if (!checkStatus.Check(value)) return log(`ignored invalid status on ${topic}`);
      await recordStatus(db, kioskId, value, retained ? value.ts : Date.now());
    } else if (topic.endsWith('/telemetry')) {
      if (!checkTelemetry.Check(value)) return log(`ignored invalid telemetry on ${topic}`);
      await recordTelemetry(db, kioskId, value, retained ? value.ts : Date.now());
    }
  } catch (err) {
    log(`kiosk ${kioskId}: could not record ${topic}: ${(err as Error).message}`);
  }
}
