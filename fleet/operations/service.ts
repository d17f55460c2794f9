/**
 * Fleet operations inside the console server: one long-lived broker connection under a central
 * service identity (client ID `{identity}.fleetops-…`, fleet/broker/client-id.ts) that reads every
 * kiosk's retained status, telemetry and configuration, and sends commands and desired
 * configuration; the kiosk state it keeps, the history, alerts, commands, rollouts and the live
 * stream to the pages. `startFleetOperations` returns the console module to mount and a close().
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { FleetKiosk } from '../../contract/central-fleet.ts';
import { topics } from '../../contract/mqtt.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { serviceClientId } from '../broker/client-id.ts';
import { appendAudit } from '../central/audit.ts';
import type { ConsoleModule } from '../central/module.ts';
import type { BrokerTarget } from '../console/connect.ts';
import type { CentralDb } from '../db/central-db.ts';
import { EnrolmentRegistry } from '../enroll/registry.ts';
import { redactUrl } from '../redact-url.ts';
import { type AlertRules, alertRules } from './alert-rules.ts';
import { AlertEngine, type AlertNotifier } from './alerts.ts';
import { CommandDispatcher } from './commands.ts';
import { FleetState } from './fleet-state.ts';
import { HistoryWriter, recentDisconnects } from './history.ts';
import { type FaultLimits, kioskRow } from './kiosk-state.ts';
import { fleetModule } from './module.ts';
import { DEFAULT_OPENING_HOURS, isOpeningHours, type OpeningHours } from './opening-hours.ts';
import { RolloutEngine } from './rollout.ts';
import { getRollout } from './rollout-rows.ts';
import { migrateFleetOps } from './schema.ts';
import { FleetStream } from './stream.ts';

export interface FleetOpsOptions {
  db: CentralDb;
  broker: BrokerTarget;
  /** Central's data directory: the enrolment registry (sites, approvals) and the PKI (revocation). */
  dataDir?: string;
  /** Signs rollout bundles (fleet enroll's `loadSigningKey(dataDir)`); without it rollouts are refused. */
  signingKey?: SigningKey;
  alerts?: Partial<AlertRules>;
  /** Used where a site's desired configuration names no `centre.openingHours`. */
  openingHours?: { default?: OpeningHours; sites?: Record<string, OpeningHours> };
  /** Kiosk → site, over what the enrolment registry says. */
  sites?: Record<string, string>;
  notifier?: AlertNotifier;
  limits?: Partial<FaultLimits>;
  /** How often time-based rules (offline for N minutes, silence) are checked. */
  tickMs?: number;
  rolloutTickMs?: number;
  log?: (line: string) => void;
}

export interface FleetOperations {
  module: ConsoleModule;
  state: FleetState;
  /** Resolves once the broker connection is up and the retained state has started to arrive. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: FaultLimits = {
  silentAfterMs: 3 * 60_000,
  outboxStaleMs: 30 * 60_000,
  diskLowPercent: 10,
};

export const FLEET_SUBSCRIPTIONS = [
  topics.allStatus,
  topics.allTelemetry,
  'v1/kiosks/+/config/reported',
  'v1/kiosks/+/config/desired',
  'v1/kiosks/+/cmd/res',
];

export async function startFleetOperations(opts: FleetOpsOptions): Promise<FleetOperations> {
  const log = opts.log ?? (() => {});
  const { db } = opts;
  await migrateFleetOps(db);
  const rules = alertRules(opts.alerts);
  const limits: FaultLimits = {
    ...DEFAULT_LIMITS,
    ...(rules.noHeartbeatMinutes !== null ? { silentAfterMs: rules.noHeartbeatMinutes * 60_000 } : {}),
    ...(rules.outboxAgeMinutes !== null ? { outboxStaleMs: rules.outboxAgeMinutes * 60_000 } : {}),
    ...(rules.diskFreePercent !== null ? { diskLowPercent: rules.diskFreePercent } : {}),
    ...opts.limits,
  };
  const state = new FleetState(limits);
  const history = new HistoryWriter(db, log);
  let siteHours = new Map<string, OpeningHours>();
  const hoursFor = (site: string): OpeningHours =>
    siteHours.get(site) ??
    opts.openingHours?.sites?.[site] ??
    opts.openingHours?.default ??
    DEFAULT_OPENING_HOURS;

  const alerts = new AlertEngine({
    db,
    rules,
    hoursFor,
    ...(opts.notifier ? { notifier: opts.notifier } : {}),
    onChange: (a) => stream.alert(a),
    onHistory: (e) => history.add(e),
    log,
  });
  const rowOf = (kioskId: string): FleetKiosk | undefined => {
    const k = state.kiosks.get(kioskId);
    return k ? kioskRow(k, Date.now(), limits, alerts.openCount(kioskId)) : undefined;
  };
  const stream = new FleetStream(rowOf);
  let client: MqttClient | null = null;
  const publish = async (topic: string, payload: string) => {
    if (!client?.connected) throw new Error('not connected to the broker');
    await client.publishAsync(topic, payload, { qos: 1, retain: true });
  };
  const commands = new CommandDispatcher({
    db,
    client: () => client,
    onChange: (c) => {
      stream.command(c);
      void settleBatch(c.batchId);
    },
    onHistory: (e) => history.add(e),
    log,
  });
  const owner = `fleetops-${randomBytes(4).toString('hex')}`;
  const rollouts = new RolloutEngine({
    db,
    state,
    publish,
    signingKey: opts.signingKey,
    owner,
    ...(opts.rolloutTickMs ? { tickMs: opts.rolloutTickMs } : {}),
    onChange: (id, s) => {
      stream.rollout(id, s);
      if (s === 'halted' || s === 'completed' || s === 'rolled-back') void auditRollout(id, s);
    },
    onHistory: (e) => history.add(e),
    log,
  });

  /** Once every kiosk of a batch has answered (or timed out), the result goes to the audit log. */
  async function settleBatch(batchId: number): Promise<void> {
    try {
      await db.transaction(async (tx) => {
        const [b] = await tx.query<{ by_user: string; name: string; scope: string }>(
          `UPDATE fleet_command_batches SET settled = true WHERE id = $1 AND NOT settled
             AND NOT EXISTS (SELECT 1 FROM fleet_commands WHERE batch_id = $1 AND state IN ('sent', 'accepted'))
           RETURNING by_user, name, scope`,
          [batchId],
        );
        if (!b) return;
        const counts = await tx.query<{ state: string; n: number }>(
          'SELECT state, count(*)::int AS n FROM fleet_commands WHERE batch_id = $1 GROUP BY state',
          [batchId],
        );
        const detail = Object.fromEntries(counts.map((c) => [c.state, c.n]));
        const allOk = counts.every((c) => c.state === 'succeeded');
        await appendAudit(tx, {
          actor: b.by_user,
          action: 'fleet.command.result',
          target: `${b.name} → ${b.scope} (batch ${batchId})`,
          result: allOk ? 'ok' : 'failed',
          detail,
        });
      });
    } catch (err) {
      log(`fleet command batch ${batchId}: audit of the result failed: ${(err as Error).message}`);
    }
  }

  async function auditRollout(id: number, s: string): Promise<void> {
    try {
      const r = await getRollout(db, id, false);
      await db.transaction((tx) =>
        appendAudit(tx, {
          actor: 'system',
          action: `fleet.rollout.${s}`,
          target: `rollout ${id} (version ${r.version}, ${r.scope})`,
          result: s === 'completed' ? 'ok' : 'failed',
          detail: {
            haltReason: r.haltReason,
            waves: r.waves.map((w) => ({ name: w.name, applied: w.applied, failed: w.failed })),
          },
        }),
      );
    } catch (err) {
      log(`fleet rollout ${id}: audit failed: ${(err as Error).message}`);
    }
  }

  const evaluate = (kioskId: string, now: number) => {
    const k = state.kiosks.get(kioskId);
    if (!k) return;
    history.add(state.faultChanges(k, now));
    void alerts.evaluate(k, now, rollouts.inRollout(kioskId), state.desiredSeenAt.get(kioskId));
  };

  const registry = opts.dataDir ? new EnrolmentRegistry(opts.dataDir) : undefined;
  const refreshSites = async () => {
    const map = new Map<string, string>();
    if (registry)
      for (const k of await registry.kiosks().catch(() => [])) if (k.siteId) map.set(k.kioskId, k.siteId);
    for (const [k, s] of Object.entries(opts.sites ?? {})) map.set(k, s);
    state.setSites(map);
  };
  const refreshHours = async () => {
    const rows = await db.query<{
      site: string;
      config: { centre?: { openingHours?: unknown; timeZone?: string } };
    }>('SELECT site, config FROM fleet_config_good');
    const next = new Map<string, OpeningHours>();
    for (const r of rows) {
      const oh = r.config.centre?.openingHours as Partial<OpeningHours> | undefined;
      const hours = oh ? { timeZone: r.config.centre?.timeZone ?? 'Asia/Shanghai', ...oh } : undefined;
      if (isOpeningHours(hours)) next.set(r.site, hours);
    }
    siteHours = next;
  };

  await refreshSites();
  await refreshHours();
  state.loadDisconnects(await recentDisconnects(db, Date.now()));
  await alerts.load();
  await commands.start();

  const target = opts.broker;
  client = mqtt.connect(target.url, {
    clientId: serviceClientId(
      target.url,
      target.tls,
      'fleetops',
      `fleetops-${randomBytes(4).toString('hex')}`,
      target.username,
    ),
    protocolVersion: target.protocolVersion ?? 5,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    keepalive: 30,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls
      ? { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key, rejectUnauthorized: true }
      : {}),
  });
  client.on('message', (topic, payload, packet) => {
    if (topic.endsWith('/cmd/res')) {
      void commands.onResult(topic, payload, packet.properties?.correlationData);
      return;
    }
    const now = Date.now();
    const { kiosk, events } = state.apply(topic, payload, packet.retain, now);
    history.add(events);
    if (!kiosk) return;
    evaluate(kiosk.kioskId, now);
    stream.kioskChanged(kiosk.kioskId);
    if (topic.endsWith('/config/reported') && rollouts.inRollout(kiosk.kioskId)) rollouts.nudge();
  });
  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) log(`fleet operations: broker ${redactUrl(target.url)}: ${err.message}`);
    lastError = err.message;
  });
  const ready = new Promise<void>((resolve) => {
    client!.on('connect', () => {
      lastError = '';
      client!
        .subscribeAsync(FLEET_SUBSCRIPTIONS, { qos: 1 })
        .then(() => resolve())
        .catch((err: Error) => log(`fleet operations: subscribe failed: ${err.message}`));
    });
  });

  const tick = setInterval(() => {
    const now = Date.now();
    for (const k of state.kiosks.values()) {
      const before = alerts.openCount(k.kioskId);
      const faults = state.faultChanges(k, now);
      history.add(faults);
      void alerts.evaluate(k, now, rollouts.inRollout(k.kioskId), state.desiredSeenAt.get(k.kioskId));
      if (faults.length || before !== alerts.openCount(k.kioskId)) stream.kioskChanged(k.kioskId);
    }
  }, opts.tickMs ?? 1000);
  const slow = setInterval(() => {
    void refreshSites().catch(() => {});
    void refreshHours().catch(() => {});
  }, 30_000);
  rollouts.start();

  const module = fleetModule({
    state,
    limits,
    rules,
    alerts,
    commands,
    rollouts,
    stream,
    ...(registry ? { registry } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    rowOf,
    connected: () => client?.connected ?? false,
    refreshSites,
  });

  return {
    module,
    state,
    ready,
    async close() {
      clearInterval(tick);
      clearInterval(slow);
      await rollouts.close();
      commands.close();
      stream.close();
      await history.flush();
      await client?.endAsync(true).catch(() => {});
      client = null;
    },
  };
}
