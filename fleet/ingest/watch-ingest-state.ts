import { TypeCompiler } from '@sinclair/typebox/compiler';
import { IngestState } from '../../contract/mqtt.ts';

const checkState = TypeCompiler.Compile(IngestState);

/**
 * All workers share the one retained `v1/fleet/ingest/state` topic, so a dead worker's will
 * would tell the kiosks that ingest is offline while others still run. Every live worker that
 * sees another worker's offline says online again, so the retained state is online as long as
 * any worker is.
 */
export function watchIngestState(payload: Buffer, myWorkerId: string, republishOnline: () => void): void {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return;
  }
  if (checkState.Check(value) && value.state === 'offline' && value.worker !== myWorkerId) republishOnline();
}
