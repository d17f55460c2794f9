/**
 * An operator's halt and resume of a stored rollout: rows only, in the act's own transaction (the
 * engine in rollout.ts drives what follows). A halt stops the next waves; a resume goes on from
 * the wave it stopped in.
 */
import type { Rollout } from '../../contract/central-fleet.ts';
import { HttpError } from '../central/module.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { getRollout, type RolloutDbRow } from './rollout-rows.ts';

export async function haltRollout(tx: SqlRunner, id: number, reason: string): Promise<Rollout> {
  const rows = await tx.query(
    `UPDATE fleet_rollouts SET state = 'halted', halt_reason = $2, finished_at = $3 WHERE id = $1 AND state = 'running' RETURNING id`,
    [id, reason, Date.now()],
  );
  if (rows.length === 0) {
    const r = await getRollout(tx, id, false);
    throw new HttpError(409, 'fleet.rollout.not-running', `rollout ${id} is ${r.state}, not running`);
  }
  return getRollout(tx, id, false);
}

/**
 * Goes on with a halted rollout from the wave it stopped in: that wave's kiosks that timed out or
 * were never sent get the bundle again and the wave's timeout starts anew; kiosks that applied it
 * keep it. A kiosk that refused the bundle or rolled it back still counts as failed, so a bad
 * bundle halts again at once: that is what a rollback is for. Returns the rollout's kiosks too.
 */
export async function resumeRollout(
  tx: SqlRunner,
  id: number,
): Promise<{ rollout: Rollout; kiosks: string[] }> {
  const [r] = await tx.query<RolloutDbRow>('SELECT * FROM fleet_rollouts WHERE id = $1 FOR UPDATE', [id]);
  if (!r) throw new HttpError(404, 'fleet.rollout.not-found', `no rollout ${id}`);
  if (r.state !== 'halted')
    throw new HttpError(409, 'fleet.rollout.not-halted', `rollout ${id} is ${r.state}, not halted`);
  const waves = r.waves;
  const wave = waves[r.current_wave];
  if (wave) {
    wave.startedAt = null;
    wave.finishedAt = null;
  }
  await tx.query(
    `UPDATE fleet_rollout_kiosks SET state = 'waiting', detail = NULL, updated_at = $3
       WHERE rollout_id = $1 AND wave = $2 AND state = 'timeout'`,
    [id, r.current_wave, Date.now()],
  );
  await tx.query(
    `UPDATE fleet_rollouts SET state = 'running', halt_reason = NULL, finished_at = NULL, waves = $2 WHERE id = $1`,
    [id, JSON.stringify(waves)],
  );
  const kiosks = await tx.query<{ kiosk_id: string }>(
    'SELECT kiosk_id FROM fleet_rollout_kiosks WHERE rollout_id = $1',
    [id],
  );
  return { rollout: await getRollout(tx, id, false), kiosks: kiosks.map((k) => k.kiosk_id) };
}
