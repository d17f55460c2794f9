/**
 * The fleet-operations console module: its pages and HTTP API (types in contract/central-fleet.ts).
 * Viewing needs `fleet.view` (运维 operators, 领导 viewers, admins); every act — commands,
 * rollouts, acknowledgements, enrolment approval, revocation — needs `fleet.act` (operators and
 * admins) and is audited by the server in the act's own transaction.
 */
import {
  AckAlertBody,
  CommandBody,
  FAULTS,
  type FleetKiosk,
  type FleetList,
  HaltBody,
  type KioskDetail,
  RolloutStartBody,
} from '../../contract/central-fleet.ts';
import { type ConsoleModule, HttpError, type RouteSpec } from '../central/module.ts';
import type { EnrolmentRegistry } from '../enroll/registry.ts';
import { deliveryStates } from '../notify/delivery-states.ts';
import type { AlertRules } from './alert-rules.ts';
import { type AlertEngine, listAlerts } from './alerts.ts';
import { checked } from './checked-body.ts';
import type { CommandDispatcher } from './commands.ts';
import { enrolmentRoutes } from './enrolment-routes.ts';
import type { FleetState } from './fleet-state.ts';
import { kioskHistory } from './history.ts';
import type { FaultLimits } from './kiosk-state.ts';
import type { RolloutEngine } from './rollout.ts';
import { haltRollout } from './rollout-acts.ts';
import { getRollout, listRollouts, rolloutsOfKiosk } from './rollout-rows.ts';
import type { FleetStream } from './stream.ts';

export interface FleetModuleDeps {
  state: FleetState;
  limits: FaultLimits;
  rules: AlertRules;
  alerts: AlertEngine;
  commands: CommandDispatcher;
  rollouts: RolloutEngine;
  stream: FleetStream;
  registry?: EnrolmentRegistry;
  dataDir?: string;
  rowOf(kioskId: string): FleetKiosk | undefined;
  connected(): boolean;
  refreshSites(): Promise<void>;
}

const SORTS: Record<string, (a: FleetKiosk, b: FleetKiosk) => number> = {
  id: (a, b) => a.kioskId.localeCompare(b.kioskId),
  site: (a, b) => a.site.localeCompare(b.site) || a.kioskId.localeCompare(b.kioskId),
  state: (a, b) => a.state.localeCompare(b.state) || a.kioskId.localeCompare(b.kioskId),
  'last-seen': (a, b) => (a.lastSeen ?? 0) - (b.lastSeen ?? 0),
  outbox: (a, b) => (b.outbox?.oldestAgeMs ?? 0) - (a.outbox?.oldestAgeMs ?? 0),
  disk: (a, b) => (a.diskFreePercent ?? 101) - (b.diskFreePercent ?? 101),
  disconnects: (a, b) => b.disconnects24h - a.disconnects24h,
  faults: (a, b) => b.faults.length - a.faults.length || a.kioskId.localeCompare(b.kioskId),
};
export const FLEET_SORTS = Object.keys(SORTS);

/** Filters and sorts the fleet list (the page does the same in the browser; the CLI asks the server). */
export function filterKiosks(rows: FleetKiosk[], q: Record<string, string | undefined>): FleetKiosk[] {
  const text = q.q?.trim().toLowerCase();
  const out = rows.filter(
    (r) =>
      (!q.site || r.site === q.site) &&
      (!q.state || r.state === q.state) &&
      (!q.fault || (q.fault === 'any' ? r.faults.length > 0 : r.faults.includes(q.fault))) &&
      (!q.version || r.software === q.version || String(r.config.reported) === q.version) &&
      (!text || r.kioskId.toLowerCase().includes(text) || r.site.toLowerCase().includes(text)),
  );
  const sort = SORTS[q.sort ?? 'id'];
  if (!sort) throw new HttpError(400, 'bad-request', `sort by one of ${FLEET_SORTS.join(', ')}`);
  return out.sort(sort);
}

export function fleetModule(d: FleetModuleDeps): ConsoleModule {
  const allRows = () =>
    [...d.state.kiosks.keys()].map((id) => d.rowOf(id)).filter((r): r is FleetKiosk => !!r);
  const needDataDir = () => {
    if (!d.dataDir || !d.registry)
      throw new HttpError(
        503,
        'fleet.no-data-dir',
        'this console runs without central’s data directory (--data DIR)',
      );
    return { dataDir: d.dataDir, registry: d.registry };
  };
  const routes: RouteSpec[] = [
    {
      method: 'GET',
      url: '/api/fleet/kiosks',
      permission: 'fleet.view',
      handler: async (req) => {
        if (
          req.query.fault &&
          req.query.fault !== 'any' &&
          !(FAULTS as readonly string[]).includes(req.query.fault)
        )
          throw new HttpError(400, 'bad-request', `fault is one of any, ${FAULTS.join(', ')}`);
        const body: FleetList = { now: Date.now(), rows: filterKiosks(allRows(), req.query) };
        return { body: { ...body, connected: d.connected() } };
      },
    },
    {
      method: 'GET',
      url: '/api/fleet/kiosks/:id',
      permission: 'fleet.view',
      handler: async (req) => {
        const id = req.params.id!;
        const kiosk = d.rowOf(id);
        if (!kiosk) throw new HttpError(404, 'fleet.kiosk.not-found', `no kiosk ${id} is known`);
        const body: KioskDetail = {
          kiosk,
          history: await kioskHistory(req.db, id),
          alerts: await listAlerts(req.db, { kiosk: id, limit: 50 }),
          commands: await d.commands.forKiosk(req.db, id),
          rollouts: await rolloutsOfKiosk(req.db, id),
        };
        return { body };
      },
    },
    {
      method: 'GET',
      url: '/api/fleet/stream',
      permission: 'fleet.view',
      handler: async () => ({ stream: (res) => d.stream.open(res) }),
    },
    {
      method: 'GET',
      url: '/api/fleet/rules',
      permission: 'fleet.view',
      handler: async () => ({ body: { rules: d.rules } }),
    },
    {
      method: 'GET',
      url: '/api/fleet/alerts',
      permission: 'fleet.view',
      handler: async (req) => {
        const rows = await listAlerts(req.db, {
          ...(req.query.state ? { state: req.query.state } : {}),
          ...(req.query.kiosk ? { kiosk: req.query.kiosk } : {}),
          ...(req.query.site ? { site: req.query.site } : {}),
        });
        // The SMS each alert caused, with its delivery state (numbers masked).
        const deliveries = await deliveryStates(
          req.db,
          'alert',
          rows.map((a) => String(a.id)),
        );
        return { body: { rows, deliveries } };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/alerts/:id/ack',
      permission: 'fleet.act',
      audit: 'fleet.alert.ack',
      handler: async (req) => {
        const { note } = checked<AckAlertBody>(AckAlertBody, req.body);
        const alert = await d.alerts.ack(req.db, Number(req.params.id), req.user.username, note, Date.now());
        setImmediate(() => d.stream.alert(alert));
        return {
          body: alert,
          audit: { target: `alert ${alert.id} (${alert.rule} on ${alert.kioskId})`, detail: { note } },
        };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/commands',
      permission: 'fleet.act',
      audit: 'fleet.command',
      handler: async (req) => {
        const body = checked<CommandBody>(CommandBody, req.body);
        if (Boolean(body.kiosks) === Boolean(body.site))
          throw new HttpError(400, 'bad-request', 'give the kiosks or the site, one of the two');
        const ids =
          body.kiosks ??
          [...d.state.kiosks.values()].filter((k) => k.site === body.site).map((k) => k.kioskId);
        if (ids.length === 0)
          throw new HttpError(400, 'fleet.command.no-kiosks', `no known kiosk in site ${body.site}`);
        const unknown = ids.filter((id) => !d.state.kiosks.has(id));
        if (unknown.length)
          throw new HttpError(
            404,
            'fleet.kiosk.not-found',
            `unknown kiosks: ${unknown.slice(0, 5).join(', ')}`,
          );
        const scope = body.site ? `site ${body.site}` : ids.length === 1 ? ids[0]! : `${ids.length} kiosks`;
        const { batch, send } = await d.commands.run(req.db, {
          name: body.name,
          args: body.args ?? {},
          targets: ids.map((kioskId) => ({
            kioskId,
            online: d.state.kiosks.get(kioskId)?.status?.state === 'online',
          })),
          scope,
          by: req.user.username,
          timeoutMs: (body.timeoutSec ?? 30) * 1000,
        });
        return {
          status: 202,
          body: batch,
          after: send,
          audit: {
            target: `${body.name} → ${scope}`,
            detail: { batch: batch.id, kiosks: ids.length, args: body.args ?? {}, ...batch.summary },
          },
        };
      },
    },
    {
      method: 'GET',
      url: '/api/fleet/commands',
      permission: 'fleet.view',
      handler: async (req) => ({ body: { rows: await d.commands.recentBatches(req.db) } }),
    },
    {
      method: 'GET',
      url: '/api/fleet/commands/batches/:id',
      permission: 'fleet.view',
      handler: async (req) => ({ body: await d.commands.batch(req.db, Number(req.params.id)) }),
    },
    {
      method: 'GET',
      url: '/api/fleet/commands/:id/logs',
      permission: 'fleet.view',
      audit: 'fleet.logs.download',
      handler: async (req) => {
        const logs = await d.commands.logs(req.db, Number(req.params.id));
        return {
          download: {
            filename: `logs-${logs.kioskId}-${req.params.id}.txt`,
            contentType: 'text/plain; charset=utf-8',
            content: logs.text,
          },
          audit: { target: `logs of ${logs.kioskId} (command ${req.params.id})` },
        };
      },
    },
    {
      method: 'GET',
      url: '/api/fleet/rollouts',
      permission: 'fleet.view',
      handler: async (req) => ({ body: { rows: await listRollouts(req.db) } }),
    },
    {
      method: 'GET',
      url: '/api/fleet/rollouts/:id',
      permission: 'fleet.view',
      handler: async (req) => ({ body: await getRollout(req.db, Number(req.params.id), true) }),
    },
    {
      method: 'POST',
      url: '/api/fleet/rollouts',
      permission: 'fleet.act',
      audit: 'fleet.rollout.start',
      handler: async (req) => {
        const body = checked<RolloutStartBody>(RolloutStartBody, req.body);
        const r = await d.rollouts.create(req.db, body, req.user.username);
        const { kiosks: _omit, ...summary } = r;
        return {
          status: 201,
          body: summary,
          after: () => d.rollouts.nudge(),
          audit: {
            target: `rollout ${r.id} (version ${r.version}, ${r.scope})`,
            detail: {
              waves: r.waves.map((w) => `${w.name}:${w.size}`),
              failureThreshold: r.failureThreshold,
              waveTimeoutSec: r.waveTimeoutSec,
            },
          },
        };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/rollouts/:id/halt',
      permission: 'fleet.act',
      audit: 'fleet.rollout.halt',
      handler: async (req) => {
        const body = checked<{ reason?: string }>(HaltBody, req.body ?? {});
        const r = await haltRollout(
          req.db,
          Number(req.params.id),
          body.reason || `halted by ${req.user.username}`,
        );
        return { body: r, audit: { target: `rollout ${r.id}`, detail: { reason: r.haltReason } } };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/rollouts/:id/resume',
      permission: 'fleet.act',
      audit: 'fleet.rollout.resume',
      handler: async (req) => {
        const r = await d.rollouts.resume(req.db, Number(req.params.id));
        return {
          body: r,
          after: () => d.rollouts.nudge(),
          audit: { target: `rollout ${r.id}`, detail: { wave: r.currentWave + 1 } },
        };
      },
    },
    {
      method: 'POST',
      url: '/api/fleet/rollouts/:id/rollback',
      permission: 'fleet.act',
      audit: 'fleet.rollout.rollback',
      handler: async (req) => {
        const { rollout: r, send } = await d.rollouts.rollback(req.db, Number(req.params.id));
        return {
          body: r,
          after: send,
          audit: { target: `rollout ${r.id}`, detail: { rollbackVersion: r.rollbackVersion } },
        };
      },
    },
    ...enrolmentRoutes(needDataDir),
  ];
  return {
    id: 'fleet',
    pages: [
      { path: '/fleet', permission: 'fleet.view', title: { zh: '终端运维', en: 'Fleet' } },
      { path: '/fleet-alerts', permission: 'fleet.view', title: { zh: '告警', en: 'Alerts' } },
      { path: '/fleet-rollouts', permission: 'fleet.view', title: { zh: '配置发布', en: 'Rollouts' } },
      { path: '/fleet-enrol', permission: 'fleet.view', title: { zh: '终端注册', en: 'Enrolment' } },
    ],
    routes: () => routes,
  };
}
