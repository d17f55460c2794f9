/**
 * Staged configuration rollout, durable in PostgreSQL. A rollout signs the configuration once per
 * site (ed25519, fleet/config-push) at a version above everything its kiosks have, and publishes it
 * retained on `config/desired` wave by wave: each wave waits until its kiosks report the version
 * applied on `config/reported`, or its timeout. More than the threshold of a wave failing (refused,
 * rolled back by the kiosk's health check, or silent past the timeout) halts it on the spot. A
 * rollback re-signs each site's last good configuration above the rollout's version and sends it
 * to every kiosk the rollout reached. Every step is a row, so a console restarted mid-rollout
 * picks it up where it was; a lease keeps two console servers from driving one rollout.
 */
import type { Rollout, RolloutStartBody } from '../../contract/central-fleet.ts';
import { topics } from '../../contract/mqtt.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { HttpError } from '../central/module.ts';
import { buildSignedBundle, PushError } from '../config-push/push.ts';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import type { FleetState, HistoryEvent } from './fleet-state.ts';
import { resumeRollout } from './rollout-acts.ts';
import { type KioskRolloutState, planWaves, reportedState, waveVerdict } from './rollout-plan.ts';
import {
  getRollout,
  highestSiteVersion,
  insertRollout,
  type KioskDbRow,
  type RolloutDbRow,
  recordVersion,
  setKioskStates,
  takeLease,
} from './rollout-rows.ts';

export interface RolloutEngineOptions {
  db: CentralDb;
  state: FleetState;
  publish(topic: string, payload: string): Promise<void>;
  signingKey: SigningKey | undefined;
  /** This console server's name for the lease. */
  owner: string;
  tickMs?: number;
  onChange(id: number, state: string): void;
  onHistory(events: HistoryEvent[]): void;
  log(line: string): void;
}

const LEASE_MS = 15_000;
const DAY = 86_400_000;

export class RolloutEngine {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  /** Kiosks in a rollout that is still going (their versions are meant to differ for a while). */
  private active = new Set<string>();

  constructor(private readonly opts: RolloutEngineOptions) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.opts.tickMs ?? 1000);
    this.nudge();
  }

  inRollout(kioskId: string): boolean {
    return this.active.has(kioskId);
  }

  /** Runs a tick now (a kiosk reported), or right after the one under way. */
  nudge(): void {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((err: Error) => this.opts.log(`fleet rollout: ${err.message}`))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Stops driving and gives up the leases, so another console server takes over at once. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await this.opts.db
      .query('UPDATE fleet_rollouts SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = $1', [
        this.opts.owner,
      ])
      .catch(() => {});
  }

  private requireKey(): SigningKey {
    if (!this.opts.signingKey)
      throw new HttpError(
        503,
        'fleet.rollout.no-key',
        'this console has no configuration signing key (--data DIR with keys)',
      );
    return this.opts.signingKey;
  }

  /** Above everything these sites were sent and these kiosks hold or were told to hold. */
  private async nextVersion(db: SqlRunner, sites: readonly string[], kiosks: readonly string[]) {
    const held = kiosks
      .map((id) => this.opts.state.kiosks.get(id))
      .map((k) =>
        Math.max(k?.desiredVersion ?? 0, k?.reported?.appliedVersion ?? 0, k?.reported?.bundleVersion ?? 0),
      );
    return Math.max(await highestSiteVersion(db, sites), ...held) + 1;
  }

  async create(tx: SqlRunner, body: RolloutStartBody, by: string): Promise<Rollout> {
    const key = this.requireKey();
    if (Boolean(body.sites) === Boolean(body.kiosks))
      throw new HttpError(
        400,
        'fleet.rollout.scope',
        'give the sites or the kiosks of the rollout, one of the two',
      );
    const known = [...this.opts.state.kiosks.values()];
    const targets = body.kiosks ?? known.filter((k) => body.sites?.includes(k.site)).map((k) => k.kioskId);
    if (targets.length === 0)
      throw new HttpError(400, 'fleet.rollout.empty', 'no known kiosk is in the rollout’s target');
    let waves: ReturnType<typeof planWaves>;
    try {
      waves = planWaves(targets, body);
    } catch (err) {
      throw new HttpError(400, 'fleet.rollout.canary', (err as Error).message);
    }
    const siteOf = (id: string) => this.opts.state.kiosk(id).site;
    const sites = [...new Set(targets.map(siteOf))].sort();
    const now = Date.now();
    try {
      // Checked before anything is stored: a configuration no kiosk could run never starts.
      buildSignedBundle({ site: sites[0]! }, 1, body.config, key, now, DAY);
    } catch (err) {
      if (err instanceof PushError) throw new HttpError(400, err.code, err.message);
      throw err;
    }
    const version = await this.nextVersion(tx, sites, targets);
    await recordVersion(tx, sites, version);
    const scope = body.sites ? `sites ${body.sites.join(', ')}` : `${targets.length} kiosks`;
    const waveRows = waves.map((w) => ({ name: w.name, kiosks: w.kiosks, sites: w.kiosks.map(siteOf) }));
    const id = await insertRollout(tx, { version, scope, body, by, now, waves: waveRows });
    const ids = waves.flatMap((w) => w.kiosks);
    for (const k of ids) this.active.add(k);
    return getRollout(tx, id, true);
  }

  /** Goes on with a halted rollout from its wave (rollout-acts.ts); it is driven again at once. */
  async resume(tx: SqlRunner, id: number): Promise<Rollout> {
    this.requireKey();
    const { rollout, kiosks } = await resumeRollout(tx, id);
    for (const k of kiosks) this.active.add(k);
    return rollout;
  }

  /** Sends each site's last good configuration, re-signed above this rollout's version, to every kiosk it reached. */
  async rollback(tx: SqlRunner, id: number): Promise<{ rollout: Rollout; send: () => void }> {
    const key = this.requireKey();
    const r = await getRollout(tx, id, true);
    if (r.state === 'rolling-back' || r.state === 'rolled-back')
      throw new HttpError(409, 'fleet.rollout.rolled-back', `rollout ${id} is already ${r.state}`);
    const reached = (r.kiosks ?? []).filter((k) => k.state !== 'waiting');
    const sites = [...new Set(reached.map((k) => k.site))].sort();
    const good = await tx.query<{ site: string; config: Record<string, unknown>; version: number }>(
      'SELECT site, config, version FROM fleet_config_good WHERE site = ANY($1::text[])',
      [sites],
    );
    const missing = sites.filter((s) => !good.some((g) => g.site === s));
    if (missing.length > 0)
      throw new HttpError(
        409,
        'fleet.rollout.no-last-good',
        `no last good configuration is recorded for ${missing.join(', ')}`,
      );
    const version = Math.max(
      await this.nextVersion(
        tx,
        sites,
        reached.map((k) => k.kioskId),
      ),
      r.version + 1,
    );
    await recordVersion(tx, sites, version);
    const now = Date.now();
    const bundles = new Map(
      good.map((g) => [
        g.site,
        JSON.stringify(buildSignedBundle({ site: g.site }, version, g.config, key, now, 30 * DAY)),
      ]),
    );
    await tx.query(
      `UPDATE fleet_rollouts SET state = 'rolling-back', rollback_version = $2, finished_at = NULL,
         halt_reason = COALESCE(halt_reason, 'rolled back by an operator') WHERE id = $1`,
      [id, version],
    );
    await tx.query(
      `UPDATE fleet_rollout_kiosks SET state = 'reverting', detail = NULL, updated_at = $2 WHERE rollout_id = $1 AND state <> 'waiting'`,
      [id, now],
    );
    for (const k of reached) this.active.add(k.kioskId);
    const send = () => {
      void Promise.all(
        reached.map((k) =>
          this.opts
            .publish(topics.configDesired(k.kioskId), bundles.get(k.site)!)
            .catch((err: Error) =>
              this.opts.log(`fleet rollback ${id}: publishing to ${k.kioskId}: ${err.message}`),
            ),
        ),
      ).then(() => {
        this.opts.onChange(id, 'rolling-back');
        this.nudge();
      });
    };
    return { rollout: await getRollout(tx, id, false), send };
  }

  private async tick(): Promise<void> {
    const db = this.opts.db;
    const rollouts = await db.query<RolloutDbRow>(
      `SELECT * FROM fleet_rollouts WHERE state IN ('running', 'rolling-back') ORDER BY id`,
    );
    const active = new Set<string>();
    for (const r of rollouts) {
      const now = Date.now();
      const kiosks = await db.query<KioskDbRow>('SELECT * FROM fleet_rollout_kiosks WHERE rollout_id = $1', [
        r.id,
      ]);
      for (const k of kiosks) active.add(k.kiosk_id);
      if (!(await takeLease(db, Number(r.id), this.opts.owner, now, LEASE_MS))) continue;
      if (r.state === 'running') await this.drive(r, kiosks, now);
      else await this.driveRollback(r, kiosks, now);
    }
    this.active = active;
  }

  private async drive(r: RolloutDbRow, kiosks: KioskDbRow[], now: number): Promise<void> {
    const id = Number(r.id);
    const waves = r.waves;
    const index = r.current_wave;
    const wave = waves[index];
    if (!wave) return;
    const inWave = kiosks.filter((k) => k.wave === index);
    if (wave.startedAt === null) {
      // A resumed wave sends only to the kiosks that timed out or never got it.
      const unsent = inWave.filter((k) => k.state === 'waiting');
      await this.sendWave(r, unsent, now);
      wave.startedAt = now;
      await this.opts.db.query('UPDATE fleet_rollouts SET waves = $2 WHERE id = $1', [
        id,
        JSON.stringify(waves),
      ]);
      this.opts.onChange(id, 'running');
      return;
    }
    const changes: Array<{ kiosk: string; state: KioskRolloutState; detail: string | null }> = [];
    const timedOut = now > wave.startedAt + Number(r.wave_timeout_ms);
    for (const k of inWave) {
      // 'waiting' in a started wave: its publish failed; only the timeout settles it.
      if (k.state === 'waiting' && timedOut)
        changes.push({ kiosk: k.kiosk_id, state: 'timeout', detail: 'not sent' });
      if (k.state !== 'sent') continue;
      const seen = reportedState(this.opts.state.kiosks.get(k.kiosk_id)?.reported, r.version);
      if (seen) changes.push({ kiosk: k.kiosk_id, ...seen });
      else if (timedOut)
        changes.push({ kiosk: k.kiosk_id, state: 'timeout', detail: 'no report of the version in time' });
    }
    await setKioskStates(this.opts.db, r.id, changes, now);
    for (const c of changes) {
      const k = inWave.find((x) => x.kiosk_id === c.kiosk);
      if (k) k.state = c.state;
    }
    const verdict = waveVerdict(
      inWave.map((k) => k.state),
      r.failure_threshold,
    );
    if (changes.length) this.opts.onChange(id, 'running');
    if (verdict.halt) {
      const reason = `wave ${index + 1} (${wave.name}): ${verdict.failed} of ${inWave.length} failed, above the threshold of ${Math.round(r.failure_threshold * 100)}%`;
      wave.finishedAt = now;
      await this.opts.db.query(
        `UPDATE fleet_rollouts SET state = 'halted', halt_reason = $2, finished_at = $3, waves = $4 WHERE id = $1 AND state = 'running'`,
        [id, reason, now, JSON.stringify(waves)],
      );
      this.opts.log(`fleet rollout ${id} halted: ${reason}`);
      this.opts.onChange(id, 'halted');
      return;
    }
    if (!verdict.done) return;
    wave.finishedAt = now;
    const last = index === waves.length - 1;
    if (last) {
      await this.opts.db.transaction(async (tx) => {
        await tx.query(
          `UPDATE fleet_rollouts SET state = 'completed', finished_at = $2, waves = $3 WHERE id = $1 AND state = 'running'`,
          [id, now, JSON.stringify(waves)],
        );
        const sites = [...new Set(kiosks.map((k) => k.site))];
        await tx.query(
          `INSERT INTO fleet_config_good (site, version, config, rollout_id, updated_at)
           SELECT s, $2, $3, $4, $5 FROM unnest($1::text[]) AS s
           ON CONFLICT (site) DO UPDATE SET version = EXCLUDED.version, config = EXCLUDED.config,
             rollout_id = EXCLUDED.rollout_id, updated_at = EXCLUDED.updated_at`,
          [sites, r.version, JSON.stringify(r.config), id, now],
        );
      });
      this.opts.onChange(id, 'completed');
      return;
    }
    await this.opts.db.query(
      `UPDATE fleet_rollouts SET current_wave = $2, waves = $3 WHERE id = $1 AND state = 'running'`,
      [id, index + 1, JSON.stringify(waves)],
    );
    this.nudge();
  }

  private async sendWave(r: RolloutDbRow, inWave: KioskDbRow[], now: number): Promise<void> {
    const key = this.requireKey();
    const bundles = new Map<string, string>();
    for (const site of new Set(inWave.map((k) => k.site)))
      bundles.set(
        site,
        JSON.stringify(buildSignedBundle({ site }, r.version, r.config, key, now, Number(r.ttl_ms))),
      );
    const sent: string[] = [];
    for (const k of inWave) {
      try {
        await this.opts.publish(topics.configDesired(k.kiosk_id), bundles.get(k.site)!);
        sent.push(k.kiosk_id);
      } catch (err) {
        this.opts.log(`fleet rollout ${r.id}: publishing to ${k.kiosk_id}: ${(err as Error).message}`);
      }
    }
    await setKioskStates(
      this.opts.db,
      r.id,
      sent.map((kiosk) => ({ kiosk, state: 'sent', detail: null })),
      now,
    );
    this.opts.onHistory(
      sent.map((kioskId) => ({
        kioskId,
        ts: now,
        kind: 'config' as const,
        summary: `rollout ${r.id}: version ${r.version} sent`,
        detail: { rolloutId: Number(r.id), version: r.version },
        dedupe: `rollout:${r.id}:${kioskId}:sent`,
      })),
    );
  }

  private async driveRollback(r: RolloutDbRow, kiosks: KioskDbRow[], now: number): Promise<void> {
    const id = Number(r.id);
    const version = r.rollback_version ?? 0;
    const changes: Array<{ kiosk: string; state: KioskRolloutState; detail: string | null }> = [];
    for (const k of kiosks) {
      if (k.state !== 'reverting') continue;
      const rep = this.opts.state.kiosks.get(k.kiosk_id)?.reported;
      if (rep && rep.status === 'applied' && rep.appliedVersion >= version)
        changes.push({ kiosk: k.kiosk_id, state: 'reverted', detail: null });
      else if (rep && rep.bundleVersion === version && rep.status !== 'applied')
        changes.push({
          kiosk: k.kiosk_id,
          state: 'reverting',
          detail: `${rep.status}: ${rep.detail ?? rep.reason ?? ''}`,
        });
    }
    await setKioskStates(
      this.opts.db,
      r.id,
      changes.filter(
        (c) => c.state === 'reverted' || c.detail !== kiosks.find((k) => k.kiosk_id === c.kiosk)?.detail,
      ),
      now,
    );
    for (const c of changes) {
      const k = kiosks.find((x) => x.kiosk_id === c.kiosk);
      if (k) k.state = c.state;
    }
    if (changes.length) this.opts.onChange(id, 'rolling-back');
    const left = kiosks.filter((k) => k.state === 'reverting').length;
    const [since] = await this.opts.db.query<{ ts: string }>(
      'SELECT max(updated_at) AS ts FROM fleet_rollout_kiosks WHERE rollout_id = $1',
      [r.id],
    );
    const timedOut = now > Number(since?.ts ?? now) + Number(r.wave_timeout_ms);
    if (left === 0 || timedOut) {
      await this.opts.db.query(
        `UPDATE fleet_rollouts SET state = 'rolled-back', finished_at = $2 WHERE id = $1`,
        [id, now],
      );
      this.opts.onChange(id, 'rolled-back');
    }
  }
}
