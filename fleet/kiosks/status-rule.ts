/**
 * Which kiosk status wins. Every connect raises the kiosk's session counter (`sess`) and the
 * last will carries the same counter, so a will that the broker fires late (after the kiosk
 * already reconnected with a higher sess) is recognised as stale and ignored, the Sparkplug
 * bdSeq rule. Within one session, offline comes after online, so it wins a tie.
 * `kiosk-store.ts` applies the same rule in SQL; keep the two in step.
 */
import type { KioskStatus } from '../../contract/mqtt.ts';

export function statusSupersedes(
  current: Pick<KioskStatus, 'sess' | 'state'> | undefined,
  incoming: Pick<KioskStatus, 'sess' | 'state'>,
): boolean {
  if (!current) return true;
  if (incoming.sess !== current.sess) return incoming.sess > current.sess;
  return incoming.state === 'offline';
}

export const STATUS_SUPERSEDES_SQL =
  "kiosks.sess IS NULL OR EXCLUDED.sess > kiosks.sess OR (EXCLUDED.sess = kiosks.sess AND EXCLUDED.state = 'offline')";
