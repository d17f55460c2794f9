/**
 * Which kiosk status wins. Every connect raises the kiosk's session counter (`sess`) and the
 * last will carries the same counter, so a will that the broker fires late (after the kiosk
 * already reconnected with a higher sess) is recognised as stale and ignored, the Sparkplug
 * bdSeq rule. Within one session, offline comes after online, so it wins a tie.
 *
 * One exception: a kiosk whose stored counter was lost (disk replaced, reinstalled) starts again
 * at a low sess, and by the rule above would never count as online again. An `online` stamped
 * more than SESSION_RESET_GRACE_MS after the current status is taken as such a restart: a stale
 * will or birth always carries an older stamp than the status it lost to.
 * `kiosk-store.ts` applies the same rule in SQL; keep the two in step.
 */
import type { KioskStatus } from '../../contract/mqtt.ts';

export const SESSION_RESET_GRACE_MS = 10 * 60_000;

type StatusOrder = Pick<KioskStatus, 'sess' | 'state'> & { ts?: number };

export function statusSupersedes(current: StatusOrder | undefined, incoming: StatusOrder): boolean {
  if (!current) return true;
  if (incoming.sess > current.sess) return true;
  if (incoming.sess === current.sess) return incoming.state === 'offline';
  return (
    incoming.state === 'online' &&
    incoming.ts !== undefined &&
    current.ts !== undefined &&
    incoming.ts > current.ts + SESSION_RESET_GRACE_MS
  );
}

export const STATUS_SUPERSEDES_SQL = `kiosks.sess IS NULL
  OR EXCLUDED.sess > kiosks.sess
  OR (EXCLUDED.sess = kiosks.sess AND EXCLUDED.state = 'offline')
  OR (EXCLUDED.state = 'online' AND EXCLUDED.status_ts > kiosks.status_ts + ${SESSION_RESET_GRACE_MS})`;
